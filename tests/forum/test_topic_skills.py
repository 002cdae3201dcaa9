"""A forum question tagged with skills finds the colleagues who know."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from skills_directory.models import Level, Skill, SkillCategory
from skills_directory.services import member_skill_declare
from tests.factories import make_member
from tests.forum.conftest import make_topic, topic_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def anoxie(db):
    category = SkillCategory.objects.create(name="Conservation préventive")
    return Skill.objects.create(name="Traitement par anoxie", category=category)


def declare(user, skill, willing=True):
    member_skill_declare(user=user, skill=skill, level=Level.EXPERT, description="", willing_to_be_asked=willing)


def told(user):
    return Notification.objects.filter(recipient=user, kind="skill_topic").count()


def test_the_author_tags_a_question_and_only_willing_holders_who_can_read_it_are_told(
    client, museum_a, museum_b, theme_forum, group_forum, anoxie, insider, outsider
):
    willing, unwilling = make_member(museum_b, last_name="Expert"), make_member(museum_b, last_name="Reserve")
    declare(willing, anoxie)
    declare(unwilling, anoxie, willing=False)
    declare(outsider, anoxie)  # holds the skill but cannot read the working group's forum
    declare(insider, anoxie)  # the author: not told of their own question

    public = make_topic(theme_forum, insider, subject="Anoxie d'un textile")
    client.force_login(insider)
    response = client.post(reverse("network_forum:topic_skills", args=[public.pk]), {"skills": [anoxie.pk]})
    assert response.status_code == 302
    assert (told(willing), told(unwilling), told(insider)) == (1, 0, 0)
    assert told(outsider) == 1  # the theme forum is open to every member

    private = make_topic(group_forum, insider, subject="Question du groupe")
    client.post(reverse("network_forum:topic_skills", args=[private.pk]), {"skills": [anoxie.pk]})
    assert told(outsider) == 1  # not told of a question they may not read
    assert told(willing) == 1

    # Tagging the same skill again tells nobody twice.
    client.post(reverse("network_forum:topic_skills", args=[public.pk]), {"skills": [anoxie.pk]})
    assert told(willing) == 1
    assert "Traitement par anoxie" in client.get(topic_url(public)).content.decode()


def test_only_the_author_may_tag_and_others_get_404(client, museum_b, theme_forum, anoxie, insider):
    topic = make_topic(theme_forum, insider)
    other = make_member(museum_b)
    client.force_login(other)
    assert client.post(reverse("network_forum:topic_skills", args=[topic.pk]), {"skills": [anoxie.pk]}).status_code == 404
    assert not topic.skill_tags.exists()
