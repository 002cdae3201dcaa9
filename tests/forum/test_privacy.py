"""The forum in a member's personal data: their forum profile, posts and follows in the download;
on erasure, their profile wiped (signature, avatar file) while their posts and everyone's
replies stay, signed "Former member"."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from machina.core.db.models import get_model
from PIL import Image

from extranet.task_queue import queue_adapter
from forum import services
from tests.factories import PASSWORD, make_member

from .conftest import make_topic, topic_url

ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")

SIGNATURE = "Julien, régisseur des textiles — 03 21 00 00 00"


def png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="avatar.png")


@pytest.fixture
def author(member_a, theme_forum, museum_b):
    """member_a, with a signature and an avatar, who started a topic and replied in a colleague's."""
    profile, _ = ForumProfile.objects.get_or_create(user=member_a)
    profile.signature = SIGNATURE
    profile.avatar.save("avatar.png", png(), save=False)
    profile.save()
    colleague = make_member(museum_b, first_name="Sophie", last_name="Lambert")
    own = make_topic(theme_forum, member_a, subject="Anoxie des textiles", content="Quelle durée pour l'anoxie ?")
    own.posts.create(poster=colleague, subject="Re", content="Trois semaines sous azote.", approved=True)
    theirs = make_topic(theme_forum, colleague, subject="Vitrines prêtées", content="Qui a des vitrines ?")
    theirs.posts.create(poster=member_a, subject="Re", content="Nous en avons deux.", approved=True)
    own.subscribers.add(member_a)
    services.forum_follow(user=member_a, forum=theme_forum)
    return member_a, own, theirs, colleague


def test_the_download_holds_the_members_forum_profile_posts_and_follows(client, author, theme_forum):
    member, own, theirs, _colleague = author
    client.force_login(member)
    data = json.loads(client.get(reverse("personal_data_download")).content)["forum"]
    assert data["profile"]["signature"] == SIGNATURE
    assert data["profile"]["has_avatar"] is True
    contents = {post["content"] for post in data["posts"]}
    assert contents == {"Quelle durée pour l'anoxie ?", "Nous en avons deux."}
    assert {post["topic"] for post in data["posts"]} == {"Anoxie des textiles", "Vitrines prêtées"}
    assert [t["subject"] for t in data["followed_topics"]] == ["Anoxie des textiles"]
    assert [f["name"] for f in data["followed_forums"]] == [theme_forum.name]
    # Only their own posts: the colleague's replies are not theirs to download.
    assert "Trois semaines sous azote." not in json.dumps(data, ensure_ascii=False)


def test_erasure_wipes_the_forum_profile_and_keeps_every_post(client, author, django_capture_on_commit_callbacks):
    member, own, theirs, colleague = author
    avatar_name = ForumProfile.objects.get(user=member).avatar.name
    assert default_storage.exists(avatar_name)
    last_name = member.last_name
    client.force_login(colleague)
    assert SIGNATURE in client.get(topic_url(own)).content.decode()

    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_erasure"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    profile = ForumProfile.objects.get(user=member)
    assert not getattr(profile.signature, "raw", None) and not profile._signature_rendered
    assert not profile.avatar
    assert not default_storage.exists(avatar_name)
    assert not member.topic_subscriptions.exists()
    assert not member.forum_subscriptions.exists()
    # Their posts and the colleague's replies are all there, their name nowhere.
    assert Post.objects.filter(poster=member).count() == 2
    client.force_login(colleague)
    for topic, expected in ((own, "Trois semaines sous azote."), (theirs, "Nous en avons deux.")):
        page = client.get(topic_url(topic)).content.decode()
        assert expected in page
        assert SIGNATURE not in page and last_name not in page
        assert "Ancien membre" in page or "Former member" in page
    # The search index is told to rewrite their posts (signed "Former member" there too).
    queued = [list(task.args[:2]) for task in queue_adapter().tasks()]
    for post in Post.objects.filter(poster=member):
        assert ["forum_conversation.post", str(post.pk)] in queued

