"""The dashboard's panel registry.

Each capability registers its own panel from its AppConfig.ready() without touching the
others:

    from extranet.dashboard import DashboardPanel, register_panel

    @register_panel
    class LatestTopicsPanel(DashboardPanel):
        key = "forum-latest"
        title = _("Latest discussions")
        template_name = "forum/panels/latest.html"
        order = 20

        def get_context(self, request):
            topics = latest_topics_visible_to(request.user)[:5]
            return {"topics": topics} if topics else None  # None hides the panel

A panel with nothing to show returns None and is not rendered.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

_panels: dict[str, type["DashboardPanel"]] = {}


class DashboardPanel:
    key: str = ""
    title = ""
    template_name = ""
    order = 100

    def get_context(self, request) -> dict | None:
        """Context for the template, or None when the panel has nothing to show."""
        raise NotImplementedError

    def render(self, request) -> str | None:
        context = self.get_context(request)
        if not context:
            return None
        return render_to_string(self.template_name, {"panel": self, **context}, request=request)


def register_panel(panel_class: type[DashboardPanel]) -> type[DashboardPanel]:
    """Add a panel to every member's dashboard (keyed, so re-registering replaces it)."""
    _panels[panel_class.key] = panel_class
    return panel_class


def rendered_panels(request) -> list[dict]:
    """The panels that have something to show for this request, in order."""
    result = []
    for panel_class in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        panel = panel_class()
        html = panel.render(request)
        if html:
            result.append({"key": panel.key, "title": panel.title, "html": html})
    return result


@register_panel
class MyMuseumsPanel(DashboardPanel):
    key = "my-museums"
    title = _("My museums")
    template_name = "extranet/panels/my_museums.html"
    order = 10

    def get_context(self, request):
        from .permissions import can_manage_staff
        from .selectors import memberships_of

        memberships = list(memberships_of(request.user))
        for membership in memberships:
            membership.can_manage = can_manage_staff(request.user, membership.museum)
        return {"memberships": memberships} if memberships else None


@register_panel
class ColleaguesPanel(DashboardPanel):
    key = "colleagues"
    title = _("My colleagues")
    template_name = "extranet/panels/colleagues.html"
    order = 11

    def get_context(self, request):
        from .selectors import colleagues_of

        colleagues = list(colleagues_of(request.user)[:12])
        return {"colleagues": colleagues} if colleagues else None


@register_panel
class WorkingGroupsPanel(DashboardPanel):
    key = "working-groups"
    title = _("My working groups")
    template_name = "extranet/panels/working_groups.html"
    order = 12

    def get_context(self, request):
        from .selectors import working_groups_of

        groups = list(working_groups_of(request.user))
        return {"groups": groups} if groups else None
