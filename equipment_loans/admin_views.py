"""The conservation kit's booking queue in the Wagtail admin (`/cms/kit/bookings/`): coordinators
approve or decline requests, hand the units over (check-out), check them back in and close the
booking. Every step goes through `equipment_loans/services.py` (row lock, event, audit,
notification), with the same forms and rules as the site's booking page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from extranet import permissions as network_permissions
from extranet.admin_views import AdminFormView, CoordinatorsOnlyMixin

from . import permissions, selectors, services
from .forms import DeclineForm, HandOverForm, MessageForm, ReturnForm
from .models import Booking

# action in the URL: (permission of BookingActions, form, title, button, done, service call)
ACTIONS = {
    "approve": (
        "approve", MessageForm, gettext_lazy("Approve booking no. %(id)s"), gettext_lazy("Approve"),
        gettext_lazy("Booking no. %(id)s is approved; %(museum)s is told."),
        lambda b, f, r: services.kit_booking_approve(booking=b, by=r.user, message=f.cleaned_data["message"], request=r),
    ),
    "decline": (
        "decline", DeclineForm, gettext_lazy("Decline booking no. %(id)s"), gettext_lazy("Decline"),
        gettext_lazy("Booking no. %(id)s is declined; %(museum)s is told why."),
        lambda b, f, r: services.kit_booking_decline(booking=b, by=r.user, message=f.cleaned_data["message"], request=r),
    ),
    "hand-over": (
        "hand_over", HandOverForm, gettext_lazy("Hand over booking no. %(id)s (check-out)"),
        gettext_lazy("Record the hand-over"), gettext_lazy("The units of booking no. %(id)s are out."),
        lambda b, f, r: services.kit_booking_hand_over(
            booking=b, by=r.user, handed_over_on=f.cleaned_data["handed_over_on"],
            condition_notes=f.cleaned_data["condition_notes"], accessories=f.cleaned_data["accessories"],
            consumables=f.consumables(), request=r),
    ),
    "check-in": (
        "check_in", ReturnForm, gettext_lazy("Check in booking no. %(id)s (return)"), gettext_lazy("Record the return"),
        gettext_lazy("The units of booking no. %(id)s are back."),
        lambda b, f, r: services.kit_booking_return(
            booking=b, by=r.user, returned_on=f.cleaned_data["returned_on"],
            condition_notes=f.cleaned_data["condition_notes"], consumables_used=f.consumables(), request=r),
    ),
    "close": (
        "close", MessageForm, gettext_lazy("Close booking no. %(id)s"), gettext_lazy("Close the booking"),
        gettext_lazy("Booking no. %(id)s is closed."),
        lambda b, f, r: services.kit_booking_close(booking=b, by=r.user, message=f.cleaned_data["message"], request=r),
    ),
}


class BookingQueueView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """What the coordinators have to handle: to decide, to hand over, out (late first), to close."""

    template_name = "wagtailadmin/network/kit_queue.html"
    page_title = gettext_lazy("Kit bookings")
    header_icon = "calendar-alt"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Kit bookings")}]

    def get_context_data(self, **kwargs):
        queue = selectors.coordinator_queue()
        sections = [
            ("requested", _("To decide"), [("approve", _("Approve")), ("decline", _("Decline"))]),
            ("approved", _("To hand over"), [("hand-over", _("Hand over")), ("decline", _("Decline"))]),
            ("handed_over", _("Out (late first)"), [("check-in", _("Check in"))]),
            ("returned", _("Returned, to close"), [("close", _("Close the booking"))]),
        ]
        return super().get_context_data(
            sections=[{"key": key, "title": title, "bookings": queue[key], "actions": actions} for key, title, actions in sections],
            **kwargs,
        )


class BookingActionView(AdminFormView):
    """One step of a booking, with the site's form for it (a message, the hand-over, the return)."""

    header_icon = "calendar-alt"
    template_name = "wagtailadmin/network/kit_action.html"
    refusals = (services.BookingError,)

    def dispatch(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        self.action = ACTIONS[action]
        self.booking = get_object_or_404(selectors.with_details(Booking.objects.all()), pk=pk)
        return super().dispatch(request, pk, action)

    def get_form_class(self):
        return self.action[1]

    def get_page_title(self):
        return self.action[2] % {"id": self.booking.pk}

    @property
    def submit_label(self):
        return self.action[3]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("kit_bookings:index"), "label": _("Kit bookings")}, {"url": "", "label": self.get_page_title()},
        ]

    def get_success_url(self):
        return reverse("kit_bookings:index")

    def get_context_data(self, **kwargs):
        return super().get_context_data(booking=self.booking, **kwargs)

    def act(self, form):
        if not getattr(permissions.booking_actions(self.request.user, self.booking), self.action[0]):
            raise services.BookingError(_("This action is not possible on this booking (any more)."))
        self.action[5](self.booking, form, self.request)
        messages.success(self.request, self.action[4] % {"id": self.booking.pk, "museum": self.booking.museum.name})


class KitBookingViewSet(ViewSet):
    name = "kit_bookings"
    url_prefix = "kit/bookings"
    icon = "calendar-alt"
    menu_label = gettext_lazy("Kit bookings")
    add_to_admin_menu = True
    menu_order = 299

    def get_urlpatterns(self):
        return [
            path("", BookingQueueView.as_view(), name="index"),
            path("<int:pk>/<slug:action>/", BookingActionView.as_view(), name="action"),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: network_permissions.can_use_network_admin(request.user)
        return item
