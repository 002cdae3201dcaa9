"""Moderation of the equipment exchange in the Wagtail admin (`/cms/exchange/`): coordinators hide
a listing from the network, saying why (its museum is told through the notifications), and show
it again. Through `exchange/services.py` (`listing_hide`, `listing_unhide`): recorded in the
listing's history and the audit trail. The museums' own correspondence stays theirs."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from extranet import permissions as network_permissions
from extranet.admin_views import AdminActionView, AdminFormView, CoordinatorsOnlyMixin

from . import permissions, services
from .models import Listing


class ModerationFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Title or museum"), required=False, max_length=100)
    hidden = forms.BooleanField(label=gettext_lazy("Hidden only"), required=False)


class ModerationIndexView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The listings the network sees (newest first), and the hidden ones."""

    template_name = "wagtailadmin/network/exchange_moderation.html"
    page_title = gettext_lazy("Exchange moderation")
    header_icon = "view"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Exchange moderation")}]

    def get_context_data(self, **kwargs):
        form = ModerationFilterForm(self.request.GET or None)
        listings = permissions.listings_to_moderate(self.request.user).select_related("museum", "hidden_by")
        if form.is_valid():
            if form.cleaned_data["hidden"]:
                listings = listings.filter(hidden_at__isnull=False)
            for word in form.cleaned_data["q"].split():
                listings = listings.filter(title__icontains=word) | listings.filter(museum__name__icontains=word)
        page = Paginator(listings.order_by("-published_at", "-id"), 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(form=form, page=page, listings=page.object_list, **kwargs)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it hidden?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text=gettext_lazy("Sent to the museum's staff with the notification: say what to change."),
    )


class ListingHideView(AdminFormView):
    form_class = HideForm
    header_icon = "view"
    refusals = (services.ExchangeError,)
    intro = gettext_lazy(
        "Only the museum's staff and the coordinators will see it; its requests and photos stay. "
        "You can show it again at any time."
    )
    submit_label = gettext_lazy("Hide from the network and tell the museum")

    def dispatch(self, request, pk):
        self.listing = get_object_or_404(Listing.objects.select_related("museum"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Hide “%(title)s” (%(museum)s)") % {"title": self.listing.title, "museum": self.listing.museum.name}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("exchange_moderation:index"), "label": _("Exchange moderation")},
            {"url": "", "label": self.listing.title},
        ]

    def get_success_url(self):
        return reverse("exchange_moderation:index")

    def act(self, form):
        services.listing_hide(listing=self.listing, by=self.request.user, reason=form.cleaned_data["reason"],
                              http_request=self.request)
        messages.success(self.request, _("“%(title)s” is hidden; %(museum)s is told why.") % {
            "title": self.listing.title, "museum": self.listing.museum.name})


class ListingUnhideView(AdminActionView):
    refusals = (services.ExchangeError,)

    def act(self, request, pk):
        listing = get_object_or_404(Listing, pk=pk)
        services.listing_unhide(listing=listing, by=request.user, http_request=request)
        messages.success(request, _("“%(title)s” is shown to the network again.") % {"title": listing.title})

    def default_url(self, pk):
        return reverse("exchange_moderation:index")


class ExchangeModerationViewSet(ViewSet):
    name = "exchange_moderation"
    url_prefix = "exchange"
    icon = "view"
    menu_label = gettext_lazy("Exchange moderation")
    add_to_admin_menu = True
    menu_order = 310

    def get_urlpatterns(self):
        return [
            path("", ModerationIndexView.as_view(), name="index"),
            path("<int:pk>/hide/", ListingHideView.as_view(), name="hide"),
            path("<int:pk>/unhide/", ListingUnhideView.as_view(), name="unhide"),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: network_permissions.can_use_network_admin(request.user)
        return item
