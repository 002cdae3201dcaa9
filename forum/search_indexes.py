"""Forum posts in the one search index.

haystack allows one index per model: this class replaces machina's `PostIndex` (excluded with
`EXCLUDED_INDEXES` in HAYSTACK_CONNECTIONS) and carries both machina's fields, which machina's
own search page filters on (`forum`, `topic`, `poster_name`...), and the fields of `KindIndex`,
which the site's search page filters on. Both pages read the same documents, and both filter
them by what the member may read: machina by forum, ours by `visibility` / `group_ids`.
"""

import machina.apps.forum_search.search_indexes as machina_indexes
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from haystack import indexes
from machina.core.db.models import get_model

from search.registry import ExactField, KindIndex, Visibility, register

from .models import WorkingGroupForum

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")


def _posts_of_topic(pk):
    return Post.objects.filter(topic_id=pk)


def _posts_of_forum(pk):
    return Post.objects.filter(topic__forum_id=pk)


@register
class ForumPostIndex(KindIndex, machina_indexes.PostIndex):
    kind_label = "forum_post"
    verbose_name = _("Forum post")
    follows = {
        "forum_conversation.topic": _posts_of_topic,
        "forum.forum": _posts_of_forum,
        "network_forum.workinggroupforum": lambda pk: Post.objects.filter(
            topic__forum__working_group_link=pk
        ),
    }

    # KindIndex's fields, declared again: machina's PostIndex declares `text` from a template.
    text = indexes.CharField(document=True)
    title = indexes.CharField(indexed=False)
    url = indexes.CharField(indexed=False)
    kind = ExactField()
    museum_ids = indexes.MultiValueField()
    department = indexes.MultiValueField()
    group_ids = indexes.MultiValueField()
    visibility = ExactField()

    def get_model(self):
        return Post

    def index_queryset(self, using=None):
        # Everything a document needs, joined: no query per post while indexing.
        return (
            Post.objects.exclude(approved=False)
            .select_related("topic", "topic__forum", "topic__forum__working_group_link", "poster")
            .order_by("pk")
        )

    def read_queryset(self, using=None):
        return Post.objects.exclude(approved=False).select_related("topic", "topic__forum", "poster")

    def _forum_rules(self):
        # Which forums are network-wide (members may read them): one query per indexing run.
        if getattr(self, "_member_forum_ids", None) is None:
            from .services import MEMBERS_GROUP

            self._member_forum_ids = set(
                GroupForumPermission.objects.filter(
                    group__name=MEMBERS_GROUP, permission__codename="can_read_forum", has_perm=True
                ).values_list("forum_id", flat=True)
            )
        return self._member_forum_ids

    def build_queryset(self, using=None, start_date=None, end_date=None):
        self._member_forum_ids = None
        return super().build_queryset(using=using, start_date=start_date, end_date=end_date)

    def prepare_text(self, obj) -> str:
        return "\n".join(filter(None, [obj.subject, strip_tags(obj.content.rendered or "") or obj.content.raw]))

    def prepare_title(self, obj) -> str:
        return f"{obj.topic.subject} — {obj.topic.forum.name}"

    def prepare_url(self, obj) -> str:
        forum, topic = obj.topic.forum, obj.topic
        return f"/espace/forum/forum/{forum.slug}-{forum.pk}/topic/{topic.slug}-{topic.pk}/?post={obj.pk}#{obj.pk}"

    def _group_link(self, obj):
        try:
            return obj.topic.forum.working_group_link
        except WorkingGroupForum.DoesNotExist:
            return None

    def prepare_group_ids(self, obj) -> list[int]:
        link = self._group_link(obj)
        return [link.group_id] if link else []

    def prepare_visibility(self, obj) -> str:
        if self._group_link(obj) is not None:
            return Visibility.GROUP
        if obj.topic.forum_id in self._forum_rules():
            return Visibility.MEMBERS
        return Visibility.COORDINATORS

    def prepare_poster_name(self, obj):
        return obj.poster.get_forum_display_name() if obj.poster else (obj.username or "")

    def prepare_forum_slug(self, obj):
        return obj.topic.forum.slug

    def prepare_forum_name(self, obj):
        return obj.topic.forum.name

    def prepare_topic_slug(self, obj):
        return obj.topic.slug

    def prepare_topic_subject(self, obj):
        return obj.topic.subject


