"""Polls as machina has them; a hostile vote is a form error, never a server error."""

import pytest
from machina.core.db.models import get_model

from tests.factories import make_member

from .conftest import make_topic, topic_url

TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")
TopicPollVote = get_model("forum_polls", "TopicPollVote")

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(theme_forum, museum_a):
    topic = make_topic(theme_forum, make_member(museum_a), subject="Quel enregistreur acheter ?")
    poll = TopicPoll.objects.create(topic=topic, question="Lesquels utilisez-vous ?", max_options=2)
    for text in ("Hobo", "Testo", "Elsys"):
        TopicPollOption.objects.create(poll=poll, text=text)
    return poll


def vote_url(poll):
    return f"/espace/forum/poll/{poll.pk}/vote/"


def test_a_member_votes_for_two_options(client, member_a, poll):
    client.force_login(member_a)
    hobo, testo = poll.options.order_by("pk")[:2]
    response = client.post(vote_url(poll), {"options": [hobo.pk, testo.pk]})
    assert response.status_code == 302
    assert set(TopicPollVote.objects.filter(voter=member_a).values_list("poll_option__text", flat=True)) == {
        "Hobo", "Testo"}


@pytest.mark.parametrize("hostile", ["99999999999999999999", "-99999999999999999999", "abc"])
def test_a_vote_for_an_option_id_out_of_range_changes_nothing_and_is_no_server_error(client, member_a, poll, hostile):
    client.force_login(member_a)
    response = client.post(vote_url(poll), {"options": [hostile]}, HTTP_REFERER=topic_url(poll.topic))
    assert response.status_code in (200, 302)
    assert not TopicPollVote.objects.exists()
