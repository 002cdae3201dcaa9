"""An open topic page asks a tiny endpoint whether a reply arrived: 304 while nothing did."""

from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import make_topic

Post = get_model("forum_conversation", "Post")


def test_the_live_endpoint_answers_304_until_a_reply_arrives(client, member_a, manager_a, theme_forum, django_assert_max_num_queries):
    topic = make_topic(theme_forum, member_a, subject="Suivi en direct")
    url = reverse("network_forum:topic_live", kwargs={"pk": topic.pk})
    client.force_login(member_a)
    first = client.get(url, {"after": topic.last_post_id})
    assert first.status_code == 200 and first.json()["count"] == 0
    etag = first["ETag"]
    with django_assert_max_num_queries(8):
        again = client.get(url, {"after": topic.last_post_id}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""

    seen = topic.last_post_id
    Post.objects.create(topic=topic, poster=manager_a, subject="Re: Suivi en direct", content="Une réponse **nouvelle**", approved=True)
    changed = client.get(url, {"after": seen}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    data = changed.json()
    assert data["count"] == 1 and "<strong>nouvelle</strong>" in data["html"]
    assert changed["ETag"] != etag


def test_the_live_endpoint_is_a_404_outside_the_group(client, insider, outsider, group_forum):
    topic = make_topic(group_forum, insider)
    client.force_login(outsider)
    assert client.get(reverse("network_forum:topic_live", kwargs={"pk": topic.pk})).status_code == 404


def test_the_topic_page_carries_the_live_section_on_its_last_page(client, member_a, theme_forum):
    topic = make_topic(theme_forum, member_a)
    client.force_login(member_a)
    page = client.get(f"/espace/forum/forum/{theme_forum.slug}-{theme_forum.pk}/topic/{topic.slug}-{topic.pk}/").content.decode()
    assert 'data-live-url="/espace/forum/-/sujets/' in page
    assert "<noscript>" in page
    assert "<script>" not in page  # no inline script: static/forum/forum.js only
