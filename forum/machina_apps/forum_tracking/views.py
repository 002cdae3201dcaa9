"""machina's reading pages: "mark as read" answers 404 for a forum the member may not read
(like the forum's own pages, docs/permissions.md), and the unread topics are found in SQL."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from machina.apps.forum_tracking import views as machina_views
from machina.core.db.models import get_model
from machina.core.loading import get_class

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")


class MarkForumsReadView(machina_views.MarkForumsReadView):
    def dispatch(self, request, *args, **kwargs):
        # machina marks only what the member may read, but answers for any forum id (and its
        # confirmation page links to the forum by its slug): a private forum does not exist for
        # outsiders. Visitors are sent to sign in first (machina's LoginRequiredMixin).
        pk = kwargs.get("pk")
        if pk is not None and request.user.is_authenticated:
            forum = get_object_or_404(Forum, pk=pk)
            if not request.forum_permission_handler.can_read_forum(forum, request.user):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class UnreadTopicsView(machina_views.UnreadTopicsView):
    def get_queryset(self):
        # machina loads every topic of every readable forum to pick the unread ones in Python;
        # the same rules, asked of the database (forum_tracking/handler.py).
        forums = self.request.forum_permission_handler.get_readable_forums(Forum.objects.all(), self.request.user)
        topics = Topic.approved_objects.filter(forum__in=forums).select_related("forum", "poster", "last_post", "last_post__poster")
        return TrackingHandler.unread_only(topics, self.request.user).order_by("-last_post_on")
