"""machina's conversation views: a topic page with the joins its template needs, attachments
checked like documents, and new posts announced to followers and mentioned members."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from machina.apps.forum_conversation import views as machina_views
from machina.core.db.models import get_model
from machina.core.loading import get_class

from forum import services
from forum.forms import AttachmentFormset

Topic = get_model("forum_conversation", "Topic")
TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")


class KnownCountPaginator(Paginator):
    """A paginator told the number of items (machina keeps a topic's post count)."""

    def __init__(self, *args, known_count, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = known_count

    @property
    def count(self):
        return self._known_count


class TopicView(machina_views.TopicView):
    def get_topic(self):
        if not hasattr(self, "topic"):
            # One query brings what the page and machina's reading tracker ask about the topic:
            # the member's reading marks (forum_tracking/handler.py) and whether they follow it.
            user = self.request.user
            topics = TrackingHandler.with_read_marks(
                Topic.objects.select_related("forum", "first_post", "poll"), user, forum_progress=True
            )
            if user.is_authenticated:
                follows = Topic.subscribers.through.objects.filter(topic_id=OuterRef("pk"), user_id=user.pk)
                topics = topics.annotate(followed_by_user=Exists(follows))
            self.topic = get_object_or_404(topics, pk=self.kwargs["pk"])
            if user.is_authenticated:
                # machina's `Topic.has_subscriber` (the follow / unfollow buttons) reads this list.
                self.topic._subscribers = [user] if self.topic.followed_by_user else []
        return self.topic

    def get_queryset(self):
        self.topic = self.get_topic()
        return (
            self.topic.posts.exclude(approved=False)
            .select_related("poster", "poster__forum_profile", "updated_by")
            .prefetch_related("attachments")
        )

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # posts_count counts the approved posts, which are exactly the ones listed.
        return KnownCountPaginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page,
            known_count=self.get_topic().posts_count,
        )


class _AnnouncesNewPost:
    """Tell followers and mentioned members once the post is saved (after commit)."""

    attachment_formset_class = AttachmentFormset

    def form_valid(self, post_form, *args, **kwargs):
        response = super().form_valid(post_form, *args, **kwargs)
        post, user = self.forum_post, self.request.user
        if user.is_authenticated:
            services.post_published(post=post, by=user)
        return response


class TopicCreateView(_AnnouncesNewPost, machina_views.TopicCreateView):
    pass


class PostCreateView(_AnnouncesNewPost, machina_views.PostCreateView):
    pass


class TopicUpdateView(machina_views.TopicUpdateView):
    attachment_formset_class = AttachmentFormset


class PostUpdateView(machina_views.PostUpdateView):
    attachment_formset_class = AttachmentFormset
