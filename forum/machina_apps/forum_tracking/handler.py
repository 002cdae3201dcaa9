"""machina's reading tracker, in a number of queries that does not grow with the data.

machina's `TrackingHandler` answers the same questions; some of its answers cost queries that add
up on a member's first visits (docs/forum.md, "Speed"):

- the unread topics of a forum's list: two queries for the member's tracks. Here the list's
  own query brings them along (`with_read_marks`): none.
- the "unread topics" page: every topic of every readable forum loaded, then sorted in Python.
  Here one query asks the database (`unread_only`).
- the unread forums of the index: one query for the member's forum tracks, then one
  `get_ancestors()` query per unread forum. Here the ancestors come from the forums the request's
  permission handler has loaded already: one query in all.
- a topic being read (`mark_topic_read`, on every topic page): two queries for the member's
  tracks, a get-or-create of the topic track (a savepoint around an insert), then an `exists()`
  and two `count()` to learn whether the whole forum is now read. Here the topic page's own
  query brings the tracks along, and whether another topic of the forum is unread
  (`with_read_marks`); the topic track is written in one upsert: one query.

The rules are machina's: a topic is unread when its track (or, without one, its forum's track)
is older than its last post, or when neither exists; a forum is read once all its topics are.
"""

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from machina.apps.forum_tracking.handler import TrackingHandler as MachinaTrackingHandler
from machina.core.db.models import get_model
from machina.core.loading import get_class

Forum = get_model("forum", "Forum")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
Topic = get_model("forum_conversation", "Topic")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")

ForumVisibilityContentTree = get_class("forum.visibility", "ForumVisibilityContentTree")

# Names of the annotations `with_read_marks` adds to a topic.
FORUM_MARK = "tracking_forum_mark"
TOPIC_MARK = "tracking_topic_mark"
OTHERS_UNREAD = "tracking_others_unread"


class TrackingHandler(MachinaTrackingHandler):
    # --- reading the tracks ----------------------------------------------------------------

    def get_unread_forums_from_list(self, user, forums):
        """machina's answer (a forum is unread when a topic in it or below it is), with the
        ancestors taken from the loaded forums instead of one query per unread forum."""
        if not user.is_authenticated:
            return []
        forums = list(forums)
        if not forums:
            return []
        nodes = ForumVisibilityContentTree.from_forums(forums).as_dict
        marks = dict(
            ForumReadTrack.objects.filter(user=user, forum_id__in=[f.pk for f in forums]).values_list("forum_id", "mark_time")
        )
        by_id = self._forums_by_id(forums)
        unread = {}
        for forum in forums:
            if forum.pk in marks:
                last_post_on = nodes[forum.pk].last_post_on
                is_unread = bool(last_post_on) and marks[forum.pk] < last_post_on
            else:
                is_unread = forum.direct_topics_count > 0
            if is_unread:
                for ancestor in self._ancestors(forum, by_id, include_self=True):
                    unread.setdefault(ancestor.pk, ancestor)
        return list(unread.values())

    def _forums_by_id(self, forums):
        loaded = getattr(self.perm_handler, "_get_all_forums", None)
        by_id = {f.pk: f for f in (loaded() if loaded else [])}
        by_id.update({f.pk: f for f in forums})
        return by_id

    def _ancestors(self, forum, by_id, include_self=False):
        chain = [forum] if include_self else []
        parent_id = forum.parent_id
        while parent_id is not None:
            parent = by_id.get(parent_id)
            if parent is None:  # not loaded (never the case in a request): ask the tree
                return [*forum.get_ancestors(), *([forum] if include_self else [])]
            chain.insert(0, parent)
            parent_id = parent.parent_id
        return chain

    # --- a topic being read -----------------------------------------------------------------

    @staticmethod
    def with_read_marks(queryset, user, *, forum_progress=False):
        """`queryset` of topics, each bringing the member's reading marks, in subqueries of the
        same query: its own track and its forum's track (for `get_unread_topics`); with
        `forum_progress` (a topic page, for `mark_topic_read`), also whether another topic of the
        forum is unread, asked only when the forum was not read since this topic's last post."""
        if not user.is_authenticated:
            return queryset
        queryset = queryset.annotate(
            **{
                FORUM_MARK: Subquery(
                    ForumReadTrack.objects.filter(user=user, forum_id=OuterRef("forum_id")).values("mark_time")[:1]
                ),
                TOPIC_MARK: Subquery(TopicReadTrack.objects.filter(user=user, topic_id=OuterRef("pk")).values("mark_time")[:1]),
            }
        )
        if not forum_progress:
            return queryset
        forum_read_since = Q(**{f"{FORUM_MARK}__isnull": False}) & (
            Q(last_post_on__isnull=True) | Q(last_post_on__lte=F(FORUM_MARK))
        )
        others = Topic.objects.filter(forum_id=OuterRef("forum_id"), approved=True).exclude(pk=OuterRef("pk"))
        tracks = TopicReadTrack.objects.filter(user=user, topic_id=OuterRef("pk"))
        stale_track = Exists(tracks.filter(mark_time__lt=OuterRef("last_post_on")))
        return queryset.annotate(
            **{
                OTHERS_UNREAD: Case(
                    When(forum_read_since, then=Value(False)),
                    When(
                        Q(**{f"{FORUM_MARK}__isnull": True}),
                        then=Exists(others.filter(stale_track | ~Exists(tracks))),
                    ),
                    default=Exists(
                        others.filter(stale_track | (~Exists(tracks) & Q(last_post_on__gt=OuterRef(FORUM_MARK))))
                    ),
                    output_field=BooleanField(),
                )
            }
        )

    def get_unread_topics(self, topics, user):
        """machina's rules, read from the marks the topics brought along (a forum's topic list):
        no query. Topics loaded without them (machina's announcements) are asked machina's way."""
        if not user.is_authenticated or topics is None or not len(topics):
            return []
        marked = [topic for topic in topics if hasattr(topic, TOPIC_MARK)]
        unmarked = [topic for topic in topics if not hasattr(topic, TOPIC_MARK)]
        unread = super().get_unread_topics(unmarked, user) if unmarked else []
        for topic in marked:
            # A topic's own track counts; without one, its forum's (machina's rules).
            mark = getattr(topic, TOPIC_MARK) or getattr(topic, FORUM_MARK)
            if mark is None or (topic.last_post_on or topic.created) > mark:
                unread.append(topic)
        return unread

    @classmethod
    def unread_only(cls, queryset, user):
        """The topics of `queryset` unread by `user` (machina's rules, in SQL)."""
        if not user.is_authenticated:
            return queryset.none()
        last_change = Coalesce("last_post_on", "created")
        no_topic_mark = Q(**{f"{TOPIC_MARK}__isnull": True})
        return cls.with_read_marks(queryset, user).filter(
            Q(**{f"{TOPIC_MARK}__lt": last_change})
            | (no_topic_mark & Q(**{f"{FORUM_MARK}__lt": last_change}))
            | (no_topic_mark & Q(**{f"{FORUM_MARK}__isnull": True}))
        )

    def mark_topic_read(self, topic, user):
        if not user.is_authenticated:
            return
        if not hasattr(topic, OTHERS_UNREAD):
            # A topic loaded elsewhere, without its marks: machina's own way.
            return super().mark_topic_read(topic, user)
        forum = topic.forum
        forum_mark = getattr(topic, FORUM_MARK)
        if forum_mark is not None and not (topic.last_post_on and forum_mark < topic.last_post_on):
            return  # the whole forum was read since this topic's last post
        now = timezone.now()
        TopicReadTrack.objects.bulk_create(
            [TopicReadTrack(topic=topic, user=user, mark_time=now)],
            update_conflicts=True, unique_fields=["user", "topic"], update_fields=["mark_time"],
        )
        if getattr(topic, OTHERS_UNREAD):
            return  # the forum stays unread
        # Every topic of the forum is read: one forum track replaces the topic tracks (machina).
        TopicReadTrack.objects.filter(topic__forum=forum, user=user).delete()
        ForumReadTrack.objects.bulk_create(
            [ForumReadTrack(forum=forum, user=user, mark_time=now)],
            update_conflicts=True, unique_fields=["user", "forum"], update_fields=["mark_time"],
        )
        self._update_parent_forum_tracks(forum, user)
