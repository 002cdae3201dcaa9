"""The dashboard panel of the kit: the member's museums' coming bookings, when there are any."""

from django.utils.translation import gettext_lazy as _

from extranet.dashboard import DashboardPanel, register_panel
from extranet.permissions import is_member


@register_panel
class KitBookingsPanel(DashboardPanel):
    key = "kit-bookings"
    title = _("Conservation kit: our bookings")
    template_name = "equipment_loans/panels/upcoming.html"
    order = 30

    def get_context(self, request):
        from extranet.models import Membership

        from .selectors import upcoming_bookings

        if not is_member(request.user):
            return None
        # The member's own museums, coordinators included: the panel is about "my museum".
        museums = Membership.objects.active().filter(user=request.user).values("museum")
        bookings = upcoming_bookings(museums=museums)
        return {"bookings": bookings} if bookings else None
