"""What the forum holds about a person, for extranet.privacy (download and erasure).

Erasure keeps the member's posts (everyone's replies are threaded on them): the account is
anonymised by extranet's own erasure, so the posts are signed "Former member"; here the forum
profile loses its signature and avatar (the file too), the member stops following anything,
their reading marks go, and their posts are queued for re-indexing so that the search index no
longer carries their name.
"""

from functools import partial

from django.db import transaction
from machina.core.db.models import get_model

from .models import ForumSubscription

ForumProfile = get_model("forum_member", "ForumProfile")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")


def _raw(markup) -> str:
    return (getattr(markup, "raw", None) or "") if markup is not None else ""


def export(user) -> dict:
    profile = ForumProfile.objects.filter(user=user).first()
    posts = (
        Post.objects.filter(poster=user)
        .select_related("topic", "topic__forum")
        .order_by("created")
    )
    return {
        "profile": {
            "signature": _raw(profile.signature),
            "has_avatar": bool(profile.avatar),
            "posts_count": profile.posts_count,
        }
        if profile
        else None,
        "posts": [
            {
                "id": post.pk,
                "forum": post.topic.forum.name,
                "topic_id": post.topic_id,
                "topic": post.topic.subject,
                "started_topic": post.topic.poster_id == user.pk and post.topic.first_post_id == post.pk,
                "subject": post.subject,
                "content": _raw(post.content),
                "created": post.created.isoformat(),
                "updated": post.updated.isoformat() if post.updated else None,
                "approved": post.approved,
            }
            for post in posts
        ],
        "followed_topics": [
            {"id": topic.pk, "subject": topic.subject} for topic in Topic.objects.filter(subscribers=user).order_by("pk")
        ],
        "followed_forums": [
            {"id": sub.forum_id, "name": sub.forum.name}
            for sub in ForumSubscription.objects.filter(user=user).select_related("forum").order_by("forum_id")
        ],
        "poll_votes": [
            {"question": vote.poll_option.poll.question, "option": vote.poll_option.text, "at": vote.timestamp.isoformat()}
            for vote in TopicPollVote.objects.filter(voter=user).select_related("poll_option__poll").order_by("pk")
        ],
    }


def erase(user) -> None:
    profile = ForumProfile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.avatar = None
        profile.signature = None
        profile.save()
    user.topic_subscriptions.clear()
    ForumSubscription.objects.filter(user=user).delete()
    TopicReadTrack.objects.filter(user=user).delete()
    ForumReadTrack.objects.filter(user=user).delete()
    # The posts stay; their documents in the search index are rewritten once the erasure is
    # committed (the author's name becomes "Former member" there too).
    from search.signals import enqueue_index_update

    for pk in Post.objects.filter(poster=user).values_list("pk", flat=True):
        transaction.on_commit(partial(enqueue_index_update, "forum_conversation.post", pk, False), robust=True)
