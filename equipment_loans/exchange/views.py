"""Pages of the equipment exchange. Thin: a mixin loads the museum, listing, lot or request
named in the URL and answers 404 before the body runs when the user may not see or act on
it; then validate the form, call one service, redirect or render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import cache_control

from extranet import selectors as core_selectors
from extranet.files import private_file_response
from extranet.models import Museum
from extranet.pagination import query_without_page
from extranet.permissions import museums_acted_for_by
from extranet.views import map_tiles_url

from . import impact, permissions, selectors, services
from .forms import FilterForm, ListingForm, LotForm, MessageForm, PromiseForm, RequestForm
from .models import ExchangeRequest, Kind, Listing, ListingPhoto, Lot

PAGE_SIZE = 20


def _errors_to_form(form, error: services.ExchangeError):
    for message in error.messages:
        form.add_error(None, message)


# --- Loading from the URL, 404 first ------------------------------------------------------------


class MuseumMixin:
    """Loads the museum of the URL; 404 unless the user may post for it."""

    def dispatch(self, request, *args, **kwargs):
        self.museum = get_object_or_404(Museum, slug=kwargs["slug"])
        if not permissions.can_post_for(request.user, self.museum):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ListingMixin:
    """Loads the listing of the URL among those the user may see (404 otherwise); `manage`
    views also 404 unless the user may manage it."""

    manage = False

    def dispatch(self, request, *args, **kwargs):
        base = permissions.listings_visible_to(request.user)
        try:
            self.listing = selectors.listing_page(kwargs["pk"], base)
        except Listing.DoesNotExist:
            raise Http404 from None
        self.can_manage = permissions.can_manage_listing(request.user, self.listing)
        if self.manage and not self.can_manage:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class LotMixin:
    manage = False

    def dispatch(self, request, *args, **kwargs):
        self.lot = get_object_or_404(permissions.lots_visible_to(request.user).select_related("museum"), pk=kwargs["pk"])
        self.can_manage = permissions.can_manage_lot(request.user, self.lot)
        if self.manage and not self.can_manage:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class RequestMixin:
    """Loads a request; 404 unless the user works for one of the two museums concerned
    (`offerer_only`: unless the user may manage the listing)."""

    offerer_only = False

    def dispatch(self, request, *args, **kwargs):
        self.req = get_object_or_404(
            ExchangeRequest.objects.select_related("listing", "listing__museum", "museum", "requested_by"), pk=kwargs["pk"]
        )
        if self.offerer_only:
            allowed = permissions.can_manage_listing(request.user, self.req.listing)
        else:
            allowed = permissions.can_see_request(request.user, self.req)
        if not allowed:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


# --- Browsing -----------------------------------------------------------------------------------


def _filter_form(request):
    origin = selectors.home_museum_of(request.user)
    form = FilterForm(request.GET or None, departments=core_selectors.departments(), has_origin=origin is not None)
    return form, origin


def _filters(request) -> tuple[FilterForm, dict, Museum | None]:
    """The filter form of the list and the map, and the filters it asks for (none if invalid)."""
    form, origin = _filter_form(request)
    filters = {"origin": origin}
    if form.is_valid():
        data = form.cleaned_data
        filters.update({
            "query": data["q"], "category": data["category"], "kind": data["kind"], "offer_type": data["offer_type"],
            "department": data["department"], "available_now": data["available_now"], "max_km": data.get("distance"),
            "museum": data["museum"],
        })
    return form, filters, origin


def listing_list(request):
    form, filters, origin = _filters(request)
    listings = selectors.browse(permissions.listings_visible_to(request.user), **filters)
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exchange/listing_list.html", {
        "form": form, "page": page, "listings": page.object_list, "origin": origin, "querystring": query_without_page(request),
        "museum": filters.get("museum"),
        "my_museums": list(museums_acted_for_by(request.user).filter(memberships__user=request.user,
                                                                      memberships__ended_at__isnull=True).distinct()[:5]),
    })


def listing_map(request):
    """The map's page: the filters and the map's frame, whose markers come from `listing_map_feed`;
    it renders no listing, so it costs the same whatever the number of listings. Without
    JavaScript, it links to the list with the same filters."""
    form, origin = _filter_form(request)
    querystring = query_without_page(request)
    suffix = f"?{querystring}" if querystring else ""
    return render(request, "exchange/listing_map.html", {
        "form": form, "origin": origin, "tiles_url": map_tiles_url(), "querystring": querystring,
        "list_url": reverse("exchange:list") + suffix, "feed_url": reverse("exchange:map_feed") + suffix,
    })


def _map_summary(count: int, museums: int, unplaced: int) -> str:
    """What the map shows, in words, for the line above it (read out by screen readers)."""
    parts = []
    if count:
        parts.append(_("%(listings)s in %(museums)s") % {
            "listings": ngettext("%(n)s listing", "%(n)s listings", count) % {"n": number_format(count, force_grouping=True)},
            "museums": ngettext("%(n)s museum", "%(n)s museums", museums) % {"n": number_format(museums, force_grouping=True)},
        })
    if unplaced:
        parts.append(ngettext(
            "%(n)s listing of a museum without a position is only in the list.",
            "%(n)s listings of museums without a position are only in the list.", unplaced,
        ) % {"n": number_format(unplaced, force_grouping=True)})
    return " ".join(parts) or _("No listing matches these filters.")


@cache_control(private=True)
def listing_map_feed(request):
    """The map's data (JSON), with the list's filters and permissions. Without `museum`: one
    marker per museum with its count, bounded by the number of museums; with `museum` (a
    popup being opened): that museum's listings, `[id, title, kind]` each. Filters it cannot
    read (an unknown museum) answer 400 with the form's errors."""
    form, filters, _origin = _filters(request)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    listings = selectors.matching(permissions.listings_visible_to(request.user), **filters)
    if filters.get("museum") is None:
        markers, unplaced = selectors.map_markers(listings)
        count = sum(marker["count"] for marker in markers)
        payload = {"markers": markers, "count": count, "summary": _map_summary(count, len(markers), unplaced)}
    else:
        items = selectors.map_popup_listings(listings)
        payload = {
            "listings": items,
            "listing_url": reverse("exchange:detail", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
            "kinds": dict(Kind.choices),
            "list_url": f"{reverse('exchange:list')}?{query_without_page(request)}",
            "list_label": ngettext("See it in the list", "See these %(n)s listings in the list", len(items))
            % {"n": len(items)},
        }
    return JsonResponse(payload, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})


class ListingDetailView(ListingMixin, View):
    def get(self, request, pk, request_form=None):
        listing = self.listing
        my_museum_ids = [m.pk for m in museums_acted_for_by(request.user)] if not self.can_manage else []
        may_request_for = permissions.museums_that_may_request(request.user, listing)
        can_request = any(permissions.can_request(request.user, listing, m) for m in may_request_for[:1])
        if can_request and request_form is None:
            request_form = RequestForm(museums=may_request_for, listing=listing)
        return render(request, "exchange/listing_detail.html", {
            "listing": listing,
            "photos": list(listing.photos.all()),
            "actions": permissions.listing_actions(request.user, listing),
            "can_manage": self.can_manage,
            "requests": selectors.requests_of(listing) if self.can_manage else [],
            "own_requests": selectors.own_requests_for(listing, museum_ids=my_museum_ids) if my_museum_ids else [],
            "request_form": request_form if can_request else None,
            "history": selectors.reuse_history(listing) if listing.previous_request_id or listing.status != "draft" else [],
        })


class ListingRequestView(ListingMixin, View):
    """Ask for an offer in the name of one of the user's museums (never the offering one)."""

    def post(self, request, pk):
        listing = self.listing
        museums = permissions.museums_that_may_request(request.user, listing)
        form = RequestForm(request.POST, museums=museums, listing=listing)
        if form.is_valid():
            museum = form.cleaned_data["museum"]
            if not permissions.can_request(request.user, listing, museum):
                form.add_error(None, _("This listing can no longer be requested."))
            else:
                try:
                    req = services.request_create(
                        listing=listing, museum=museum, by=request.user, quantity=form.cleaned_data["quantity"],
                        intended_use=form.cleaned_data["intended_use"], exhibition=form.cleaned_data["exhibition"],
                        proposed_pickup_date=form.cleaned_data["proposed_pickup_date"],
                        message=form.cleaned_data["message"], http_request=request,
                    )
                except services.ExchangeError as error:
                    _errors_to_form(form, error)
                else:
                    messages.success(request, _("Your request is sent. You will be told when the museum answers."))
                    return redirect(req)
        return ListingDetailView.get(self, request, pk, request_form=form)


def photo(request, pk, size):
    """A listing's photo for members who may see the listing (private storage, never a public URL)."""
    item = get_object_or_404(ListingPhoto.objects.select_related("listing", "listing__museum"), pk=pk)
    if not permissions.can_see_listing(request.user, item.listing) or size not in ("full", "thumb"):
        raise Http404
    return private_file_response(item.thumbnail if size == "thumb" and item.thumbnail else item.image)


# --- Posting and managing -----------------------------------------------------------------------


class ListingCreateView(MuseumMixin, View):
    def get(self, request, slug, form=None):
        kind = request.GET.get("kind", Kind.OFFER)
        form = form or ListingForm(initial={"kind": kind if kind in Kind.values else Kind.OFFER, "quantity": 1})
        return render(request, "exchange/listing_form.html", {"form": form, "museum": self.museum})

    def post(self, request, slug):
        form = ListingForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                listing = services.listing_create(
                    museum=self.museum, by=request.user, data=form.listing_data(), photos=form.cleaned_data["photos"],
                    http_request=request,
                )
            except services.ExchangeError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Draft saved. Check it, then publish it."))
                return redirect(listing)
        return self.get(request, slug, form=form)


class ListingEditView(ListingMixin, View):
    manage = True

    def _form(self, data=None, files=None):
        return ListingForm(data, files, instance=self.listing, in_lot=bool(self.listing.lot_id),
                           lock_kind=self.listing.status != "draft")

    def get(self, request, pk, form=None):
        return render(request, "exchange/listing_form.html", {
            "form": form or self._form(), "museum": self.listing.museum, "listing": self.listing,
            "photos": list(self.listing.photos.all()),
        })

    def post(self, request, pk):
        # The form works on a copy: a refused change must not show half-applied on the page.
        original = selectors.listing_page(pk, Listing.objects.all())
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.listing_update(
                    listing=original, by=request.user, data=form.listing_data(), photos=form.cleaned_data["photos"],
                    remove_photo_ids=[int(p) for p in request.POST.getlist("remove_photo") if p.isdigit()],
                    http_request=request,
                )
            except services.ExchangeError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Listing saved."))
                return redirect(original)
        self.listing = original
        return self.get(request, pk, form=form)


class ListingTransitionView(ListingMixin, View):
    manage = True
    actions = {
        "publier": (services.listing_publish, "publish"),
        "retirer": (services.listing_withdraw, "withdraw"),
        "clore": (services.listing_close, "close"),
    }

    def post(self, request, pk, action):
        if action not in self.actions:
            raise Http404
        service, _name = self.actions[action]
        try:
            service(listing=self.listing, by=request.user, http_request=request)
        except services.ExchangeError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, {
                "publier": _("Published: the network can see it."),
                "retirer": _("Withdrawn."),
                "clore": _("Closed."),
            }[action])
        return redirect("exchange:detail", pk=self.listing.pk)


class LotCreateView(MuseumMixin, View):
    def get(self, request, slug, form=None):
        return render(request, "exchange/lot_form.html", {"form": form or LotForm(), "museum": self.museum})

    def post(self, request, slug):
        form = LotForm(request.POST)
        if form.is_valid():
            try:
                lot = services.lot_create(museum=self.museum, by=request.user, data=form.cleaned_data, http_request=request)
            except services.ExchangeError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Lot created: now add its listings."))
                return redirect(lot)
        return self.get(request, slug, form=form)


class LotDetailView(LotMixin, View):
    def get(self, request, pk):
        listings = permissions.listings_visible_to(request.user).filter(lot=self.lot).select_related("museum").annotate(
            first_photo_id=selectors._first_photo_id()
        )
        return render(request, "exchange/lot_detail.html", {
            "lot": self.lot, "listings": list(listings), "can_manage": self.can_manage,
            "has_drafts": self.can_manage and any(item.status == "draft" for item in listings),
        })


class LotAddListingView(LotMixin, View):
    manage = True

    def get(self, request, pk, form=None):
        return render(request, "exchange/listing_form.html", {
            "form": form or ListingForm(in_lot=True, initial={"quantity": 1}), "museum": self.lot.museum, "lot": self.lot,
        })

    def post(self, request, pk):
        form = ListingForm(request.POST, request.FILES, in_lot=True)
        if form.is_valid():
            data = form.listing_data()
            data["kind"] = Kind.OFFER
            try:
                services.listing_create(
                    museum=self.lot.museum, by=request.user, data=data, lot=self.lot, photos=form.cleaned_data["photos"],
                    http_request=request,
                )
            except services.ExchangeError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Listing added to the lot."))
                return redirect(self.lot)
        return self.get(request, pk, form=form)


class LotPublishView(LotMixin, View):
    manage = True

    def post(self, request, pk):
        try:
            count = services.lot_publish(lot=self.lot, by=request.user, http_request=request)
        except services.ExchangeError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s listings published.") % {"n": count})
        return redirect(self.lot)


class MuseumExchangeView(MuseumMixin, View):
    """A museum's listings and requests, for its staff."""

    def get(self, request, slug):
        return render(request, "exchange/museum.html", {
            "museum": self.museum,
            "listings": list(selectors.museum_listings([self.museum.pk])),
            "sent": list(selectors.museum_requests([self.museum.pk])),
            "lots": list(Lot.objects.filter(museum=self.museum)),
            "impact": selectors.impact_of(museum_id=self.museum.pk),
        })


def my_exchange(request):
    """The exchange page of the user's (first) museum."""
    museum = museums_acted_for_by(request.user).filter(
        memberships__user=request.user, memberships__ended_at__isnull=True
    ).first()
    if museum is None:
        raise Http404
    return redirect("exchange:museum", slug=museum.slug)


# --- Requests -----------------------------------------------------------------------------------


class RequestDetailView(RequestMixin, View):
    def get(self, request, pk, message_form=None, promise_form=None, status=200):
        req = self.req
        actions = permissions.request_actions(request.user, req)
        return render(request, "exchange/request_detail.html", {
            "req": req, "listing": req.listing, "thread": list(selectors.thread_of(req)), "actions": actions,
            "can_write": permissions.can_write_in(request.user, req),
            "message_form": message_form or MessageForm(),
            "promise_form": promise_form or PromiseForm(initial={"quantity": min(req.quantity, req.listing.quantity_available) or 1}),
            "can_offer_again": req.status == "handed_over" and not req.listing.is_loan
            and permissions.can_post_for(request.user, req.museum) and not req.reoffers.exists(),
        }, status=status)

    def post(self, request, pk):
        form = MessageForm(request.POST)
        if not permissions.can_write_in(request.user, self.req):
            raise Http404
        if form.is_valid():
            # Write as the museum of the two the user works for (the offering one first).
            offering = self.req.listing.museum_id
            museum_id = offering if permissions._works_for(request.user, offering) else self.req.museum_id
            try:
                services.request_message_add(
                    exchange_request=self.req, by=request.user, museum=Museum.objects.get(pk=museum_id), body=form.cleaned_data["body"]
                )
            except services.ExchangeError as error:
                _errors_to_form(form, error)
            else:
                return redirect(f"{self.req.get_absolute_url()}#messages")
        return self.get(request, pk, message_form=form)


class PromiseView(RequestMixin, View):
    offerer_only = True

    def post(self, request, pk):
        form = PromiseForm(request.POST)
        if form.is_valid():
            try:
                services.listing_promise(
                    exchange_request=self.req, quantity=form.cleaned_data["quantity"], by=request.user, http_request=request
                )
            except services.ExchangeError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Promised to %(museum)s.") % {"museum": self.req.museum.name})
                return redirect(self.req.listing)
        if permissions.can_see_request(request.user, self.req):
            return RequestDetailView.get(self, request, pk, promise_form=form)
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Nothing was promised."))
        return redirect(self.req.listing)


class RequestTransitionView(RequestMixin, View):
    actions = {
        "remise": ("offerer", services.request_hand_over, _("Handed over: thank you for reusing!")),
        "retour": ("offerer", services.request_mark_returned, _("Return recorded.")),
        "annuler": ("requester", services.request_withdraw, _("Request withdrawn.")),
    }

    def post(self, request, pk, action):
        if action not in self.actions:
            raise Http404
        who, service, done = self.actions[action]
        if who == "offerer" and not permissions.can_manage_listing(request.user, self.req.listing):
            raise Http404
        if who == "requester" and not permissions._works_for(request.user, self.req.museum_id):
            raise Http404
        try:
            service(exchange_request=self.req, by=request.user, http_request=request)
        except services.ExchangeError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(self.req)


class OfferAgainView(RequestMixin, View):
    def post(self, request, pk):
        if not permissions.can_post_for(request.user, self.req.museum):
            raise Http404
        try:
            listing = services.listing_offer_again(exchange_request=self.req, by=request.user, http_request=request)
        except services.ExchangeError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.req)
        messages.success(request, _("A draft carrying the item's history is ready: check it, then publish it."))
        return redirect("exchange:edit", pk=listing.pk)


# --- Impact -------------------------------------------------------------------------------------


def impact_page(request):
    """The network's figures, for every member; coordinators show it at the general assembly."""
    if not permissions.can_see_impact_of_network(request.user):
        raise Http404
    return render(request, "exchange/impact.html", {
        "network": selectors.impact_of(),
        "by_museum": selectors.impact_by_museum(),
        "factors": [
            {"label": label, "factor": impact.factor_for(value)} for value, label in impact.Material.choices
        ],
    })
