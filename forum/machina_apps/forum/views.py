"""machina's forum index and topic list, with the joins their templates need.

Same views, same templates; only the querysets change, so that the number of queries does
not grow with the number of forums or topics (tests/forum/test_query_budgets.py).
"""

from django.http import Http404
from machina.apps.forum import views as machina_views
from machina.core.db.models import get_model
from machina.core.loading import get_class

Forum = get_model("forum", "Forum")
TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")

ForumVisibilityContentTree = machina_views.ForumVisibilityContentTree


class IndexView(machina_views.IndexView):
    def get_queryset(self):
        # The link to each forum's last post names its topic: joined, not one query per forum.
        forums = Forum.objects.select_related("last_post", "last_post__poster", "last_post__topic")
        return ForumVisibilityContentTree.from_forums(
            self.request.forum_permission_handler.forum_list_filter(forums, self.request.user)
        )


class ForumView(machina_views.ForumView):
    def get_queryset(self):
        # Each topic brings the member's reading marks: the unread markers cost no query.
        return TrackingHandler.with_read_marks(super().get_queryset(), self.request.user)

    def get_forum(self):
        # The permission handler has loaded every forum already (a few dozen): no second query.
        if not hasattr(self, "forum"):
            pk = int(self.kwargs["pk"])
            found = [f for f in self.request.forum_permission_handler._get_all_forums() if f.pk == pk]
            if not found:
                raise Http404
            self.forum = found[0]
        return self.forum
