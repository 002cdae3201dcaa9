"""machina's topic feeds: a forum's feed answers 404 to whoever may not read the forum (machina
answers an empty feed), and a feed lists the latest topics only."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from machina.apps.forum_feeds import feeds as machina_feeds
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")

FEED_ITEMS = 50


class LastTopicsFeed(machina_feeds.LastTopicsFeed):
    def get_object(self, request, *args, **kwargs):
        forum_pk = kwargs.get("forum_pk")
        if forum_pk:
            forum = get_object_or_404(Forum, pk=forum_pk)
            if not request.forum_permission_handler.can_read_forum(forum, request.user):
                raise Http404
        return super().get_object(request, *args, **kwargs)

    def items(self):
        # Topics of the forums the reader may read (machina), newest first, with their forum
        # (each item's link names it).
        return super().items().select_related("forum")[:FEED_ITEMS]
