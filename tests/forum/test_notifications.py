"""Following a topic or a forum, and @mentions, tell members through the notifications app."""

from django.urls import reverse

from forum import services
from notifications.models import Notification

from .conftest import make_topic


def reply(client, topic, content):
    url = reverse(
        "forum_conversation:post_create",
        kwargs={"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id, "topic_slug": topic.slug, "topic_pk": topic.pk},
    )
    data = {"subject": f"Re: {topic.subject}", "content": content, "attachment-TOTAL_FORMS": 0, "attachment-INITIAL_FORMS": 0}
    return client.post(url, data)


def test_a_follower_of_a_topic_is_told_of_a_reply(client, member_a, manager_a, theme_forum):
    topic = make_topic(theme_forum, manager_a, subject="Anoxie des textiles")
    topic.subscribers.add(manager_a)
    client.force_login(member_a)
    response = reply(client, topic, "Trois semaines à 20 °C chez nous.")
    assert response.status_code == 302
    notification = Notification.objects.get(recipient=manager_a, kind="forum.reply")
    assert "Anoxie des textiles" in notification.title
    assert f"/topic/{topic.slug}-{topic.pk}/" in notification.url
    assert not Notification.objects.filter(recipient=member_a, kind__startswith="forum.").exists()


def test_a_follower_of_a_forum_is_told_of_new_topics(client, member_a, manager_a, theme_forum):
    services.forum_follow(user=manager_a, forum=theme_forum)
    client.force_login(member_a)
    url = reverse("forum_conversation:topic_create", kwargs={"forum_slug": theme_forum.slug, "forum_pk": theme_forum.pk})
    response = client.post(url, {
        "subject": "Nouveau sujet sur les vitrines", "content": "Qui a des vitrines ?", "topic_type": 0,
        "attachment-TOTAL_FORMS": 0, "attachment-INITIAL_FORMS": 0, "poll-TOTAL_FORMS": 0, "poll-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Notification.objects.filter(recipient=manager_a, kind="forum.topic", title__contains="vitrines").exists()


def test_following_a_forum_from_its_page(client, member_a, theme_forum):
    client.force_login(member_a)
    client.post(reverse("network_forum:forum_follow", kwargs={"pk": theme_forum.pk}), {"follow": "1"})
    assert member_a.forum_subscriptions.filter(forum=theme_forum).exists()
    client.post(reverse("network_forum:forum_follow", kwargs={"pk": theme_forum.pk}), {"follow": "0"})
    assert not member_a.forum_subscriptions.exists()


def test_a_mentioned_colleague_is_told(client, member_a, insider, theme_forum):
    topic = make_topic(theme_forum, member_a, subject="Récolement")
    client.force_login(member_a)
    reply(client, topic, f"Je pense que @{insider.get_full_name()} saura répondre.")
    notification = Notification.objects.get(recipient=insider, kind="forum.mention")
    assert "Récolement" in notification.title


def test_a_mention_in_a_private_forum_does_not_reach_someone_outside_it(client, insider, outsider, group_forum):
    topic = make_topic(group_forum, insider, subject="Entre nous")
    client.force_login(insider)
    reply(client, topic, f"@{outsider.get_full_name()} pourrait être intéressée")
    assert not Notification.objects.filter(recipient=outsider, kind__startswith="forum.").exists()


def test_mention_completion_offers_only_readers_of_the_forum(client, insider, outsider, group_forum, theme_forum):
    client.force_login(insider)
    url = reverse("network_forum:mention_candidates")
    names = [p["name"] for p in client.get(url, {"q": "sop", "forum": theme_forum.pk}).json()["results"]]
    assert any(name.startswith("Sophie Lambert") for name in names)
    names = [p["name"] for p in client.get(url, {"q": "sop", "forum": group_forum.pk}).json()["results"]]
    assert names == []
    names = [p["name"] for p in client.get(url, {"q": "hel", "forum": group_forum.pk}).json()["results"]]
    assert any(name.startswith("Hélène Dupont") for name in names)
    client.force_login(outsider)
    assert client.get(url, {"q": "hel", "forum": group_forum.pk}).status_code == 404


def test_mentions_are_found_by_full_name_accents_and_case_ignored(insider, member_a):
    from extranet.models import User

    name = insider.get_full_name().replace("Hélène", "helene").lower()
    found = services.mentioned_users(f"merci @{name}, et @Personne Inconnue", User.objects.all())
    assert found == [insider]


def test_a_topic_page_offers_to_follow_or_to_stop_following(client, member_a, manager_a, theme_forum):
    from .conftest import topic_url

    topic = make_topic(theme_forum, manager_a, subject="Anoxie des textiles")
    follow = reverse("forum_member:topic_subscribe", args=[topic.pk])
    stop = reverse("forum_member:topic_unsubscribe", args=[topic.pk])
    client.force_login(member_a)
    page = client.get(topic_url(topic)).content.decode()
    assert follow in page and stop not in page
    topic.subscribers.add(member_a)
    page = client.get(topic_url(topic)).content.decode()
    assert stop in page and follow not in page
