"""The forum's dashboard panel: the latest discussions the member may read."""

from django.utils.translation import gettext_lazy as _

from extranet.dashboard import DashboardPanel, register_panel


@register_panel
class LatestTopicsPanel(DashboardPanel):
    key = "forum-latest"
    title = _("Latest discussions")
    template_name = "forum/panels/latest.html"
    order = 20

    def get_context(self, request):
        from machina.core.loading import get_class

        from .selectors import latest_topics_visible_to

        topics = list(latest_topics_visible_to(request.user, request=request))
        if not topics:
            return None
        TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
        unread = set(TrackingHandler(request).get_unread_topics(topics, request.user))
        for topic in topics:
            topic.is_unread = topic in unread
        return {"topics": topics}
