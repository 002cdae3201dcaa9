"""Pages of the conservation kit. Thin: validate, ask permissions.py, call one service."""

import csv
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from extranet.models import Museum

from . import ical, permissions, selectors, services
from .forms import (
    AnoxiaForm,
    BookingRequestForm,
    DateRangeForm,
    DeclineForm,
    HandOverForm,
    LoggerFileForm,
    MessageForm,
    ReturnForm,
    WaitingListForm,
)
from .loggers import readings_chart_svg, readings_summary
from .models import Booking, CalendarFeed, KitItemType, KitUnit, UnitStatus, WaitingListEntry, WaitingStatus


def _coordinator_only(user):
    if not permissions.can_manage_kit(user):
        raise Http404


# --- Catalogue and availability -----------------------------------------------------------------


def catalogue(request):
    today = timezone.localdate()
    form = DateRangeForm(initial={"start": today + timedelta(days=7), "end": today + timedelta(days=14)})
    return render(request, "equipment_loans/catalogue.html", {
        "item_types": selectors.item_types_with_counts(),
        "form": form,
        "can_manage": permissions.can_manage_kit(request.user),
    })


def item_type_detail(request, slug):
    item_type = get_object_or_404(KitItemType, slug=slug)
    units = list(item_type.units.order_by("inventory_number"))
    return render(request, "equipment_loans/item_type_detail.html", {
        "item_type": item_type,
        "units": units,
        "months": selectors.availability_calendar(item_type=item_type, months=3),
        "bookable_count": sum(1 for u in units if u.status == UnitStatus.AVAILABLE),
    })


def availability(request):
    form = DateRangeForm(request.GET or None)
    results = None
    if form.is_valid():
        results = selectors.availability_between(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    return render(request, "equipment_loans/availability.html", {"form": form, "results": results})


# --- Requesting ---------------------------------------------------------------------------------


def booking_request(request):
    item_types = list(selectors.item_types_with_counts())
    if not permissions.museums_acted_for_by(request.user).exists():
        return render(request, "equipment_loans/no_museum.html", status=200)
    initial = {}
    for key in ("pickup_date", "return_date"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.GET.get("type"):
        for item_type in item_types:
            if item_type.slug == request.GET["type"]:
                initial[f"qty_{item_type.pk}"] = 1
    form = BookingRequestForm(request.POST or None, user=request.user, item_types=item_types, initial=initial)
    refused = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not permissions.can_request_for(request.user, data["museum"]):
            raise Http404
        try:
            booking = services.kit_booking_request(
                museum=data["museum"], pickup_date=data["pickup_date"], return_date=data["return_date"],
                purpose=data["purpose"], collection=data["collection"], contact=data["contact"],
                item_types=form.quantities(), units=list(data["units"]), by=request.user, request=request,
            )
        except services.BookingRefused as error:
            refused = error
            for message in error.messages:
                form.add_error(None, message)
        except services.BookingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your request is sent to the coordinators. You will be told when they answer."))
            return redirect(booking)
    waiting_forms = []
    if refused is not None:
        data = form.cleaned_data
        wanted = dict(form.quantities())
        for unit in data.get("units") or []:
            wanted[unit.item_type] = wanted.get(unit.item_type, 0) + 1
        for item_type, quantity in wanted.items():
            waiting_forms.append((item_type, quantity, WaitingListForm(user=request.user, initial={
                "museum": data["museum"].pk, "item_type": item_type.pk, "quantity": quantity,
                "pickup_date": data["pickup_date"], "return_date": data["return_date"],
            })))
    return render(request, "equipment_loans/booking_request.html", {
        "form": form, "refused": refused, "waiting_forms": waiting_forms,
        "form_limits": {"max_days": settings.KIT_MAX_BOOKING_DAYS, "today": timezone.localdate().isoformat()},
    })


@require_POST
def waiting_list_join(request):
    form = WaitingListForm(request.POST, user=request.user)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    if not permissions.can_request_for(request.user, data["museum"]):
        raise Http404
    services.waiting_list_join(
        museum=data["museum"], item_type=data["item_type"], quantity=data["quantity"], pickup_date=data["pickup_date"],
        return_date=data["return_date"], by=request.user, request=request,
    )
    messages.success(request, _("You are on the waiting list. You will be told if these dates become free."))
    return redirect("equipment_loans:museum_bookings", slug=data["museum"].slug)


@require_POST
def waiting_list_withdraw(request, pk):
    entry = get_object_or_404(WaitingListEntry.objects.select_related("museum"), pk=pk)
    if not permissions.can_request_for(request.user, entry.museum):
        raise Http404
    services.waiting_list_withdraw(entry=entry, by=request.user, request=request)
    return redirect("equipment_loans:museum_bookings", slug=entry.museum.slug)


# --- Bookings -----------------------------------------------------------------------------------


def my_bookings(request):
    museums = list(permissions.museums_acted_for_by(request.user)[:2]) if not permissions.can_manage_kit(request.user) else []
    if len(museums) == 1:
        return redirect("equipment_loans:museum_bookings", slug=museums[0].slug)
    if permissions.can_manage_kit(request.user):
        return redirect("equipment_loans:queue")
    bookings = selectors.with_details(permissions.bookings_visible_to(request.user)).order_by("-pickup_date", "-id")
    page = Paginator(bookings, 30).get_page(request.GET.get("page"))
    return render(request, "equipment_loans/booking_list.html", {"page": page, "bookings": page.object_list, "museum": None})


def museum_bookings(request, slug):
    museum = get_object_or_404(Museum, slug=slug)
    if not permissions.can_use_museum_feed(request.user, museum):
        raise Http404
    page = Paginator(selectors.bookings_of_museum(museum), 30).get_page(request.GET.get("page"))
    feed = services.calendar_feed_for(museum=museum)
    waiting = WaitingListEntry.objects.filter(museum=museum, status=WaitingStatus.WAITING).select_related("item_type")
    return render(request, "equipment_loans/booking_list.html", {
        "museum": museum, "page": page, "bookings": page.object_list, "waiting": list(waiting),
        "feed_url": request.build_absolute_uri(ical.feed_path(feed)),
    })


@require_POST
def museum_feed_renew(request, slug):
    museum = get_object_or_404(Museum, slug=slug)
    if not permissions.can_use_museum_feed(request.user, museum):
        raise Http404
    services.calendar_feed_renew(museum=museum, by=request.user, request=request)
    messages.success(request, _("The calendar has a new address: the old one no longer works."))
    return redirect("equipment_loans:museum_bookings", slug=slug)


def _visible_booking(request, pk) -> Booking:
    """The booking, or 404 when the user may not see it (never 403)."""
    return get_object_or_404(
        permissions.bookings_visible_to(request.user).select_related("museum", "requested_by"), pk=pk
    )


def booking_detail(request, pk, forms=None, status=200):
    booking = _visible_booking(request, pk)
    return _render_booking(request, booking, forms or {}, status)


def _render_booking(request, booking, forms, status=200):
    actions = permissions.booking_actions(request.user, booking)
    data = selectors.booking_page_data(booking)
    readings = data["readings"]
    context = {
        "booking": booking,
        "actions": actions,
        "booking_units": list(booking.booking_units.select_related("unit__item_type").order_by("unit__inventory_number")),
        "handover": getattr(booking, "handover", None) if booking.status not in ("requested", "approved") else None,
        "kit_return": _return_of(booking),
        "summary": readings_summary(readings),
        "chart": readings_chart_svg(readings),
        "approve_form": forms.get("approve") or MessageForm(),
        "decline_form": forms.get("decline") or DeclineForm(),
        "cancel_form": forms.get("cancel") or MessageForm(),
        "close_form": forms.get("close") or MessageForm(),
        "hand_over_form": (forms.get("hand_over") or HandOverForm()) if actions.hand_over else None,
        "return_form": (forms.get("check_in") or ReturnForm()) if actions.check_in else None,
        "logger_form": (forms.get("logger") or LoggerFileForm()) if actions.attach_results else None,
        "anoxia_form": (forms.get("anoxia") or AnoxiaForm()) if actions.attach_results else None,
        **data,
    }
    context["needs_anoxia_log"] = any(bu.unit.item_type.is_anoxia_kit for bu in context["booking_units"])
    return render(request, "equipment_loans/booking_detail.html", context, status=status)


def _return_of(booking):
    try:
        return booking.kit_return
    except Booking.kit_return.RelatedObjectDoesNotExist:
        return None


TRANSITIONS = {
    # url word: (permission, form, service call)
    "approuver": ("approve", MessageForm, lambda b, f, r: services.kit_booking_approve(
        booking=b, by=r.user, message=f.cleaned_data["message"], request=r)),
    "refuser": ("decline", DeclineForm, lambda b, f, r: services.kit_booking_decline(
        booking=b, by=r.user, message=f.cleaned_data["message"], request=r)),
    "annuler": ("cancel", MessageForm, lambda b, f, r: services.kit_booking_cancel(
        booking=b, by=r.user, message=f.cleaned_data["message"], request=r)),
    "cloturer": ("close", MessageForm, lambda b, f, r: services.kit_booking_close(
        booking=b, by=r.user, message=f.cleaned_data["message"], request=r)),
    "remettre": ("hand_over", HandOverForm, lambda b, f, r: services.kit_booking_hand_over(
        booking=b, by=r.user, handed_over_on=f.cleaned_data["handed_over_on"], condition_notes=f.cleaned_data["condition_notes"],
        accessories=f.cleaned_data["accessories"], consumables=f.consumables(), request=r)),
    "retour": ("check_in", ReturnForm, lambda b, f, r: services.kit_booking_return(
        booking=b, by=r.user, returned_on=f.cleaned_data["returned_on"], condition_notes=f.cleaned_data["condition_notes"],
        consumables_used=f.consumables(), request=r)),
}

DONE = {
    "approve": _("The booking is approved."),
    "decline": _("The booking is declined."),
    "cancel": _("The booking is cancelled; its dates are free again."),
    "close": _("The booking is closed."),
    "hand_over": _("The hand-over is recorded."),
    "check_in": _("The return is recorded."),
}


@require_POST
def booking_transition(request, pk, action):
    booking = _visible_booking(request, pk)
    if action not in TRANSITIONS:
        raise Http404
    permission, form_class, call = TRANSITIONS[action]
    if not getattr(permissions.booking_actions(request.user, booking), permission):
        messages.error(request, _("This action is not possible on this booking (any more)."))
        return redirect(booking)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_booking(request, booking, {permission: form}, status=400)
    try:
        call(booking, form, request)
    except services.BookingError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(DONE[permission]))
    return redirect(booking)


@require_POST
def logger_upload(request, pk):
    booking = _visible_booking(request, pk)
    if not permissions.can_attach_results(request.user, booking):
        messages.error(request, _("Results can be added once the kit has been handed over."))
        return redirect(booking)
    form = LoggerFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            logger_file = services.logger_file_attach(booking=booking, file=form.cleaned_data["file"], by=request.user, request=request)
        except services.BookingError as error:
            form.add_error("file", error.messages[0])
        else:
            messages.success(request, _("%(count)s readings were added.") % {"count": logger_file.reading_count})
            return redirect(booking.get_absolute_url() + "#results")
    return _render_booking(request, booking, {"logger": form}, status=400)


@require_POST
def anoxia_record(request, pk):
    booking = _visible_booking(request, pk)
    if not permissions.can_attach_results(request.user, booking):
        messages.error(request, _("Results can be added once the kit has been handed over."))
        return redirect(booking)
    form = AnoxiaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.anoxia_treatment_record(
            booking=booking, started_at=data["started_at"], ended_at=data["ended_at"], readings=data["readings"],
            notes=data["notes"], by=request.user, request=request,
        )
        messages.success(request, _("The treatment log is recorded."))
        return redirect(booking.get_absolute_url() + "#results")
    return _render_booking(request, booking, {"anoxia": form}, status=400)


# --- Coordinators -------------------------------------------------------------------------------


def queue(request):
    _coordinator_only(request.user)
    feed = services.calendar_feed_for(museum=None)
    waiting = WaitingListEntry.objects.filter(status=WaitingStatus.WAITING).select_related("museum", "item_type")
    return render(request, "equipment_loans/queue.html", {
        "queue": selectors.coordinator_queue(),
        "waiting": list(waiting),
        "feed_url": request.build_absolute_uri(ical.feed_path(feed)),
        "units_out_of_service": KitUnit.objects.exclude(status=UnitStatus.AVAILABLE).select_related("item_type"),
    })


@require_POST
def coordinator_feed_renew(request):
    _coordinator_only(request.user)
    services.calendar_feed_renew(museum=None, by=request.user, request=request)
    messages.success(request, _("The calendar has a new address: the old one no longer works."))
    return redirect("equipment_loans:queue")


def usage(request):
    _coordinator_only(request.user)
    years = selectors.years_with_bookings()
    try:
        year = int(request.GET.get("year") or years[0])
    except ValueError:
        raise Http404 from None
    rows = selectors.usage_by_year(year=year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kit-usage-{year}.csv"'
        response.write("\ufeff")  # spreadsheet programs then read the accents right
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("Item type"), _("Museum"), _("Bookings"), _("Unit-days")])
        for row in rows:
            writer.writerow([row["item_type"], row["museum"], row["bookings"], row["unit_days"]])
        return response
    return render(request, "equipment_loans/usage.html", {"rows": rows, "year": year, "years": years})


# --- iCalendar ----------------------------------------------------------------------------------


@login_not_required
def calendar_feed(request, token):
    """A feed reached by its secret address, since calendar apps cannot sign in."""
    feed = CalendarFeed.objects.select_related("museum").filter(token=token).first()
    if feed is None or not secrets.compare_digest(feed.token, token):
        raise Http404
    bookings = selectors.feed_bookings(museum=feed.museum)
    name = _("Conservation kit — %(museum)s") % {"museum": feed.museum.name} if feed.museum else _("Conservation kit — all bookings")
    body = ical.bookings_calendar(bookings, name=name, base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kit.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
