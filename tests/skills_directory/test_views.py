"""What members see of the directory: who may open it, the search page, the question
threads, the hidden address, the export."""

import json

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from extranet.models import Museum
from skills_directory import services
from skills_directory.models import ExpertQuestion, Level, MemberSkill, QuestionStatus
from tests.factories import MuseumFactory, make_member, make_user

from .conftest import declare

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("skills_directory:directory")


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_anonymous_visitor_gets_the_login_page_not_the_directory(client, expert):
    response = client.get(DIRECTORY + "?skills=1")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert "Lefebvre" not in client.get(response["Location"]).content.decode()
    for url in [reverse("skills_directory:my_skills"), reverse("skills_directory:export"),
                reverse("skills_directory:ask", args=[expert.pk])]:
        assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_an_account_working_for_no_museum_gets_404(client, expert):
    signed_in(client, make_user())
    assert client.get(DIRECTORY).status_code == 404
    assert client.get(reverse("skills_directory:ask", args=[expert.pk])).status_code == 404


def test_searching_two_skills_on_the_page_shows_the_expert_with_levels(client, expert, asker, skills, lens):
    only_anoxia = make_member(lens, first_name="Mathilde")
    declare(only_anoxia, skills["anoxie"])
    signed_in(client, asker)

    response = client.get(DIRECTORY, {"skills": [skills["anoxie"].pk, skills["constat"].pk]})
    page = response.content.decode()

    assert response.status_code == 200
    assert "Julien" in page and "Mathilde" not in page
    assert "Louvre-Lens" in page
    assert "Traitement par anoxie" in page and "Constat d&#x27;état" in page
    assert '<span class="level">Expert</span>' in page
    assert reverse("skills_directory:ask", args=[expert.pk]) in page
    markers = response.context["markers"]
    assert [m["name"] for m in markers] == ["Louvre-Lens"]


def test_the_directory_page_makes_the_same_number_of_queries_for_3_or_30_people(
    client, asker, skills, django_assert_max_num_queries
):
    museums = [MuseumFactory() for _ in range(3)]
    signed_in(client, asker)

    def people(n):
        for i in range(n):
            person = make_member(museums[i % 3])
            declare(person, skills["anoxie"], Level.EXPERT)
            declare(person, skills["constat"], Level.PRACTICE)

    people(3)
    params = {"skills": [skills["anoxie"].pk, skills["constat"].pk], "level": Level.PRACTICE}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(DIRECTORY, params).status_code == 200
    people(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(DIRECTORY, params)
    assert len(response.context["page"].object_list) == 20
    assert len(many) == len(few)
    with django_assert_max_num_queries(17):
        client.get(DIRECTORY, params)


def test_a_member_declares_a_skill_and_finds_it_on_their_profile(client, asker, skills):
    signed_in(client, asker)
    response = client.post(
        reverse("skills_directory:my_skills"),
        {"declare-skill": skills["provenance"].pk, "declare-level": Level.EXPERT,
         "declare-description": "Fonds Motte 1933-1945", "declare-willing_to_be_asked": "on"},
    )
    assert response.status_code == 302
    profile = client.get(reverse("profile_detail", args=[asker.pk])).content.decode()
    assert "Recherche de provenance" in profile and "Fonds Motte 1933-1945" in profile


def test_a_bad_level_is_refused_with_a_message_and_changes_nothing(client, asker, skills):
    signed_in(client, asker)
    response = client.post(
        reverse("skills_directory:my_skills"), {"declare-skill": skills["provenance"].pk, "declare-level": 9}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not MemberSkill.objects.filter(user=asker).exists()


def test_the_hidden_switch_takes_a_member_out_of_the_directory_and_their_profile(client, expert, asker, skills):
    signed_in(client, expert)
    client.post(reverse("skills_directory:visibility"), {"hidden": "on"})
    signed_in(client, asker)

    assert "Julien" not in client.get(DIRECTORY, {"skills": [skills["anoxie"].pk]}).content.decode()
    assert "Traitement par anoxie" not in client.get(reverse("profile_detail", args=[expert.pk])).content.decode()
    assert client.get(reverse("skills_directory:ask", args=[expert.pk])).status_code == 404

    signed_in(client, expert)
    client.post(reverse("skills_directory:visibility"), {})
    signed_in(client, asker)
    assert "Julien" in client.get(DIRECTORY, {"skills": [skills["anoxie"].pk]}).content.decode()


# --- Asking an expert ----------------------------------------------------------------------


def ask_through_the_page(client, expert, skill, subject="Anoxie d'un costume"):
    return client.post(
        reverse("skills_directory:ask", args=[expert.pk]),
        {"skill": skill.pk, "subject": subject, "message": "Quelle durée de traitement ?"},
    )


@pytest.mark.django_db(transaction=True)
def test_a_hidden_email_stays_hidden_in_every_page_and_email_the_asker_gets(client, expert, asker, skills, queue):
    from tests.skills_directory.conftest import run_queue

    run_queue()
    mail.outbox.clear()
    signed_in(client, asker)
    seen = []
    seen.append(client.get(DIRECTORY, {"skills": [skills["anoxie"].pk]}).content.decode())
    seen.append(client.get(reverse("skills_directory:ask", args=[expert.pk])).content.decode())
    response = ask_through_the_page(client, expert, skills["anoxie"])
    question = ExpertQuestion.objects.get()
    assert response["Location"] == question.get_absolute_url()
    run_queue()
    services.expert_question_respond(question=question, by=expert, action="answer", answer="Trois semaines.")
    run_queue()
    seen.append(client.get(question.get_absolute_url()).content.decode())
    seen.append(client.get(reverse("skills_directory:question_list")).content.decode())
    seen.append(client.get(reverse("profile_detail", args=[expert.pk])).content.decode())
    seen.append(client.get(reverse("notifications:list")).content.decode())
    seen.append(client.get(reverse("skills_directory:export")).content.decode())

    assert "Trois semaines." in seen[2]
    for page in seen:
        assert expert.email not in page
    to_expert = [m for m in mail.outbox if m.to == [expert.email]]
    assert len(to_expert) == 1 and to_expert[0].reply_to == [asker.email]
    to_asker = [m for m in mail.outbox if asker.email in m.to + m.cc + m.bcc]
    assert to_asker
    for message in to_asker:
        parts = [message.subject, message.body, message.from_email, *message.to, *message.reply_to,
                 *map(str, message.extra_headers.values()), *(c for c, _t in message.alternatives)]
        assert not any(expert.email in part for part in parts)


def test_the_experts_address_is_shown_on_the_thread_when_the_expert_chose_to_show_it(client, expert, asker, skills):
    expert.profile.email_visibility = "network"
    expert.profile.save()
    signed_in(client, asker)
    ask_through_the_page(client, expert, skills["anoxie"])
    page = client.get(ExpertQuestion.objects.get().get_absolute_url()).content.decode()
    assert expert.email in page


@override_settings(SKILLS_QUESTIONS_PER_DAY=2)
def test_the_limit_is_told_plainly_on_the_ask_page(client, expert, asker, skills):
    signed_in(client, asker)
    ask_through_the_page(client, expert, skills["anoxie"], subject="Un")
    ask_through_the_page(client, expert, skills["anoxie"], subject="Deux")
    response = ask_through_the_page(client, expert, skills["anoxie"], subject="Trois")

    assert response.status_code == 200
    assert "2" in response.content.decode() and "24" in response.content.decode()
    assert response.context["form"].non_field_errors()
    assert ExpertQuestion.objects.count() == 2


def test_a_question_about_a_skill_the_expert_does_not_offer_is_refused(client, expert, asker, skills):
    signed_in(client, asker)
    response = ask_through_the_page(client, expert, skills["provenance"])
    assert response.status_code == 200 and response.context["form"].errors
    assert not ExpertQuestion.objects.exists()


def test_another_members_question_thread_is_a_404_on_get_and_post(client, expert, asker, skills, lens):
    question = services.expert_question_ask(
        asker=asker, expert=expert, skill=skills["anoxie"], subject="Privé", message="Entre nous"
    )
    nosy = make_member(lens)
    signed_in(client, nosy)

    assert client.get(question.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("skills_directory:question_respond", args=[question.pk]), {"action": "answer", "answer": "Intrus"}
    )
    assert response.status_code == 404
    assert "Privé" not in client.get(reverse("skills_directory:question_list")).content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING and question.answer == ""


def test_the_asker_cannot_answer_their_own_question(client, expert, asker, skills):
    question = services.expert_question_ask(asker=asker, expert=expert, skill=skills["anoxie"], subject="S", message="M")
    signed_in(client, asker)
    response = client.post(reverse("skills_directory:question_respond", args=[question.pk]), {"action": "answer", "answer": "x"})
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_the_expert_answers_and_the_asker_sees_the_status(client, expert, asker, skills):
    question = services.expert_question_ask(asker=asker, expert=expert, skill=skills["anoxie"], subject="S", message="M")
    signed_in(client, expert)
    page = client.get(question.get_absolute_url()).content.decode()
    assert 'value="accept"' in page and 'value="decline"' in page
    client.post(reverse("skills_directory:question_respond", args=[question.pk]), {"action": "accept"})
    client.post(reverse("skills_directory:question_respond", args=[question.pk]), {"action": "answer", "answer": "Voici"})

    signed_in(client, asker)
    response = client.get(question.get_absolute_url())
    assert response.context["question"].status == QuestionStatus.ANSWERED
    assert "Voici" in response.content.decode()
    assert 'value="answer"' not in response.content.decode()


# --- Export ---------------------------------------------------------------------------------


def test_a_member_downloads_everything_the_directory_holds_about_them_as_json(client, expert, asker, skills):
    services.learning_wish_add(user=expert, skill=skills["provenance"])
    services.expert_question_ask(asker=asker, expert=expert, skill=skills["anoxie"], subject="Sujet", message="M")
    services.directory_entry_set_hidden(user=expert, hidden=True)
    signed_in(client, expert)

    response = client.get(reverse("skills_directory:export"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["hidden_from_directory"] is True
    assert {(s["skill"], s["level_code"], s["willing_to_be_asked"]) for s in data["skills"]} == {
        ("Traitement par anoxie", Level.EXPERT, True), ("Constat d'état", Level.PRACTICE, True)
    }
    assert "Traitement de textiles infestés en 2023" in [s["description"] for s in data["skills"]]
    assert [w["skill"] for w in data["skills_to_learn"]] == ["Recherche de provenance"]
    assert data["questions_received"][0]["subject"] == "Sujet"
    assert data["questions_received"][0]["asker"] == asker.display_name
    assert data["questions_asked"] == []
    assert Museum.objects.exists()
