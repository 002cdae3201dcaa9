"""The dashboard panel of the exchange: what the member's museums gave and received, and the
network's figures, shown only when something was handed over."""

from django.utils.translation import gettext_lazy as _

from extranet.dashboard import DashboardPanel, register_panel
from extranet.permissions import is_member


@register_panel
class ExchangeImpactPanel(DashboardPanel):
    key = "exchange-impact"
    title = _("Equipment exchange: reuse")
    template_name = "exchange/panels/impact.html"
    order = 40

    def get_context(self, request):
        from extranet.models import Membership

        from .selectors import impact_of

        if not is_member(request.user):
            return None
        network = impact_of()
        if not network.handovers:
            return None
        museums = []
        for membership in Membership.objects.active().filter(user=request.user).select_related("museum"):
            figures = impact_of(museum_id=membership.museum_id)
            if figures.handovers:
                museums.append({"museum": membership.museum, "impact": figures})
        return {"network": network, "museums": museums}
