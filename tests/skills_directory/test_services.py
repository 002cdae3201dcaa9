"""What the directory's services do: the AND search, the rate limit, the forum hook, hiding."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from notifications.models import Notification
from notifications.registry import Delivery
from notifications.services import preference_set
from skills_directory import selectors, services
from skills_directory.demo import load_skills_demo
from skills_directory.models import ExpertQuestion, Level, MemberSkill, QuestionStatus
from skills_directory.selectors import DirectoryQuery
from tests.factories import make_member, make_user

from .conftest import declare

pytestmark = pytest.mark.django_db


def names(people):
    return sorted(person.first_name for person in people)


# --- The AND search --------------------------------------------------------------------------


@pytest.fixture
def three_people(lens, roubaix, skills):
    both = make_member(lens, first_name="Both")
    declare(both, skills["anoxie"], Level.EXPERT)
    declare(both, skills["constat"], Level.NOTIONS, willing=False)
    anoxia_only = make_member(lens, first_name="AnoxiaOnly")
    declare(anoxia_only, skills["anoxie"], Level.EXPERT)
    report_only = make_member(roubaix, first_name="ReportOnly")
    declare(report_only, skills["constat"], Level.EXPERT)
    both_nord = make_member(roubaix, first_name="BothNord")
    declare(both_nord, skills["anoxie"], Level.PRACTICE)
    declare(both_nord, skills["constat"], Level.PRACTICE)
    return both, anoxia_only, report_only, both_nord


def test_searching_two_skills_finds_only_the_people_who_hold_both(three_people, skills, lens):
    viewer = make_member(lens)
    found = selectors.directory_search(viewer=viewer, query=DirectoryQuery(skills=[skills["anoxie"], skills["constat"]]))

    assert names(found) == ["Both", "BothNord"]
    # Each result shows the matching skills, with their level.
    both = next(person for person in found if person.first_name == "Both")
    assert {(d.skill.name, d.level) for d in both.matching_skills} == {
        ("Traitement par anoxie", Level.EXPERT), ("Constat d'état", Level.NOTIONS)
    }


def test_the_level_and_willingness_apply_to_every_skill_asked_for(three_people, skills, lens):
    viewer = make_member(lens)
    pair = [skills["anoxie"], skills["constat"]]

    assert names(selectors.directory_search(viewer=viewer, query=DirectoryQuery(skills=pair, level=Level.PRACTICE))) == ["BothNord"]
    assert names(selectors.directory_search(viewer=viewer, query=DirectoryQuery(skills=pair, willing=True))) == ["BothNord"]
    assert names(selectors.directory_search(viewer=viewer, query=DirectoryQuery(skills=pair, level=Level.EXPERT))) == []


def test_museum_department_and_category_narrow_the_search(three_people, skills, lens, roubaix):
    viewer = make_member(lens)

    assert names(selectors.directory_search(viewer=viewer, query=DirectoryQuery(skills=[skills["anoxie"]], museum=lens))) == [
        "AnoxiaOnly", "Both"
    ]
    assert names(selectors.directory_search(viewer=viewer, query=DirectoryQuery(department="59"))) == ["BothNord", "ReportOnly"]
    assert names(
        selectors.directory_search(viewer=viewer, query=DirectoryQuery(category=skills["provenance"].category))
    ) == []


def test_removed_skills_hidden_members_and_former_staff_are_not_found(three_people, skills, lens):
    both, anoxia_only, report_only, both_nord = three_people
    viewer = make_member(lens)
    services.member_skill_remove(user=both, declared=MemberSkill.objects.get(user=both, skill=skills["constat"]))
    services.directory_entry_set_hidden(user=both_nord, hidden=True)

    found = selectors.directory_search(viewer=viewer, query=DirectoryQuery(skills=[skills["anoxie"], skills["constat"]]))
    assert names(found) == []
    # The removed declaration is kept, marked removed: nothing is deleted.
    assert MemberSkill.objects.filter(user=both, skill=skills["constat"], removed_at__isnull=False).exists()


def test_a_person_with_no_museum_finds_nobody(three_people, skills):
    outsider = make_user()
    assert list(selectors.directory_search(viewer=outsider, query=DirectoryQuery(skills=[skills["anoxie"]]))) == []


def test_the_map_counts_the_people_found_per_museum(three_people, skills, lens):
    viewer = make_member(lens)
    markers = selectors.directory_map_markers(viewer=viewer, query=DirectoryQuery(skills=[skills["anoxie"]]))
    assert {(m["name"], m["count"]) for m in markers} == {("Louvre-Lens", 2), ("La Piscine", 1)}


# --- Declarations -------------------------------------------------------------------------------


def test_declaring_a_skill_twice_updates_it_instead_of_adding_a_second_one(expert, skills):
    declare(expert, skills["anoxie"], Level.NOTIONS, willing=False, description="Changé")

    declared = MemberSkill.objects.active().get(user=expert, skill=skills["anoxie"])
    assert (declared.level, declared.willing_to_be_asked, declared.description) == (Level.NOTIONS, False, "Changé")
    assert MemberSkill.objects.filter(user=expert, skill=skills["anoxie"]).count() == 1


# --- Questions to experts: the rate limit --------------------------------------------------------


def ask(asker, expert, skill, subject="Anoxie d'un costume"):
    return services.expert_question_ask(
        asker=asker, expert=expert, skill=skill, subject=subject, message="Quelle durée de traitement ?"
    )


@override_settings(SKILLS_QUESTIONS_PER_DAY=3)
def test_a_member_cannot_send_more_questions_than_the_daily_limit(expert, asker, skills, lens):
    for n in range(3):
        ask(asker, expert, skills["anoxie"], subject=f"Question {n}")

    with pytest.raises(services.QuestionLimitReached) as refused:
        ask(asker, expert, skills["anoxie"], subject="Une de trop")
    assert "3 questions" in " ".join(refused.value.messages)
    assert ExpertQuestion.objects.filter(asker=asker).count() == 3
    # The limit is the asker's: another member may still ask.
    other = make_member(lens)
    ask(other, expert, skills["anoxie"])


@override_settings(SKILLS_QUESTIONS_PER_DAY=2)
def test_questions_older_than_a_day_no_longer_count(expert, asker, skills):
    from datetime import timedelta

    from django.utils import timezone

    ask(asker, expert, skills["anoxie"])
    ask(asker, expert, skills["anoxie"])
    ExpertQuestion.objects.filter(asker=asker).update(created_at=timezone.now() - timedelta(hours=25))

    assert ask(asker, expert, skills["anoxie"]).pk


def test_nobody_can_be_asked_about_a_skill_they_are_unwilling_to_discuss(asker, lens, skills):
    shy = make_member(lens)
    declare(shy, skills["anoxie"], willing=False)
    with pytest.raises(ValidationError):
        ask(asker, shy, skills["anoxie"])
    assert not ExpertQuestion.objects.exists()


def test_a_hidden_member_cannot_be_asked(expert, asker, skills):
    services.directory_entry_set_hidden(user=expert, hidden=True)
    with pytest.raises(ValidationError):
        ask(asker, expert, skills["anoxie"])


# --- The expert's address stays hidden in every email ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_expert_gets_the_question_by_email_with_reply_to_the_asker_and_their_address_reaches_the_asker_nowhere(
    expert, asker, skills, queue
):
    queue()  # the welcome emails of the people made by the fixtures
    mail.outbox.clear()
    question = ask(asker, expert, skills["anoxie"])
    queue()
    services.expert_question_respond(question=question, by=expert, action="accept")
    services.expert_question_respond(question=question, by=expert, action="answer", answer="Trois semaines à 0,1 % d'O2.")
    queue()

    to_expert = [m for m in mail.outbox if expert.email in m.to]
    assert len(to_expert) == 1  # the question itself (the extra notification email is off by default)
    message = to_expert[0]
    assert message.reply_to == [asker.email]
    assert message.to == [expert.email]
    assert expert.email not in message.from_email
    assert "Anoxie d'un costume" in message.subject
    assert "Quelle durée de traitement ?" in message.body

    to_asker = [m for m in mail.outbox if asker.email in [*m.to, *m.cc, *m.bcc]]
    assert len(to_asker) == 2  # accepted, then answered
    assert any("Trois semaines" in m.body for m in to_asker)
    assert len(mail.outbox) == 3
    for m in to_asker:
        everything = [m.subject, m.body, m.from_email, *m.to, *m.cc, *m.bcc, *m.reply_to, *map(str, m.extra_headers.values())]
        everything += [content for content, _type in getattr(m, "alternatives", [])]
        assert not any(expert.email in part for part in everything)
        assert m.to == [asker.email]


@pytest.mark.django_db(transaction=True)
def test_the_question_is_emailed_once_even_if_the_task_runs_twice(expert, asker, skills, queue):
    from skills_directory.emails import expert_question_email_send

    queue()
    mail.outbox.clear()
    question = ask(asker, expert, skills["anoxie"])
    queue()
    assert expert_question_email_send(question_id=question.pk) is False
    assert len([m for m in mail.outbox if expert.email in m.to]) == 1


def test_the_asker_sees_each_status_change(expert, asker, skills):
    question = ask(asker, expert, skills["anoxie"])
    assert question.status == QuestionStatus.PENDING
    services.expert_question_respond(question=question, by=expert, action="decline")
    question.refresh_from_db()
    assert question.status == QuestionStatus.DECLINED
    assert Notification.objects.filter(recipient=asker, kind="expert_answer").count() == 1
    # A declined question is closed.
    with pytest.raises(ValidationError):
        services.expert_question_respond(question=question, by=expert, action="answer", answer="Finalement…")
    assert [e.status for e in question.events.all()] == ["pending", "declined"]


def test_only_the_expert_may_respond(expert, asker, skills):
    question = ask(asker, expert, skills["anoxie"])
    with pytest.raises(ValidationError):
        services.expert_question_respond(question=question, by=asker, action="answer", answer="Moi-même")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING and question.answer == ""


# --- The forum's hook ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_tagged_forum_question_reaches_the_willing_holders_and_nobody_else(lens, roubaix, skills, queue):
    author = make_member(lens, first_name="Author")
    declare(author, skills["anoxie"])  # the author holds the skill: not told of their own question
    willing = make_member(roubaix, first_name="Willing", email="willing@test.example")
    declare(willing, skills["anoxie"])
    willing_other_skill = make_member(lens, first_name="Other", email="other@test.example")
    declare(willing_other_skill, skills["constat"], level=Level.NOTIONS)
    unwilling = make_member(lens, first_name="Unwilling", email="unwilling@test.example")
    declare(unwilling, skills["anoxie"], willing=False)
    non_holder = make_member(lens, first_name="NonHolder", email="nonholder@test.example")
    declare(non_holder, skills["provenance"])
    hidden = make_member(lens, first_name="Hidden", email="hidden@test.example")
    declare(hidden, skills["anoxie"])
    services.directory_entry_set_hidden(user=hidden, hidden=True)
    quiet = make_member(lens, first_name="Quiet", email="quiet@test.example")
    declare(quiet, skills["anoxie"])
    preference_set(user=quiet, kind="skill_topic", delivery=Delivery.NEVER)
    queue()  # the welcome emails of the people made above
    mail.outbox.clear()

    notified = services.skill_experts_notify(
        skills=[skills["anoxie"], skills["constat"]], topic_title="Anoxie d'une tapisserie", url="/forum/topic/1/", by=author
    )
    queue()

    assert names(notified) == ["Other", "Quiet", "Willing"]
    told = Notification.objects.filter(kind="skill_topic")
    assert sorted(n.recipient.first_name for n in told) == ["Other", "Quiet", "Willing"]
    assert "Anoxie d'une tapisserie" in told.get(recipient=willing).title
    assert "Traitement par anoxie" in told.get(recipient=willing).title
    # Their notification preferences apply: "Quiet" chose never, so is told in the site only.
    emailed = sorted(address for m in mail.outbox for address in m.to)
    assert emailed == ["other@test.example", "willing@test.example"]


def test_a_forum_question_without_skills_notifies_nobody(expert, asker):
    assert services.skill_experts_notify(skills=[], topic_title="Sans étiquette", url="/forum/", by=asker) == []
    assert not Notification.objects.filter(kind="skill_topic").exists()


# --- Demo and export ----------------------------------------------------------------------------


def test_the_demo_skills_load_twice_without_duplicates(demo):
    count = MemberSkill.objects.count()
    load_skills_demo()
    assert MemberSkill.objects.count() == count > 20
    julien = MemberSkill.objects.get(user__email="equipe.louvre-lens@demo.example", skill__name="Traitement par anoxie")
    assert julien.level == Level.EXPERT and julien.willing_to_be_asked


def test_the_export_holds_everything_about_the_member_but_never_the_experts_address(expert, asker, skills):
    ask(asker, expert, skills["anoxie"])
    services.learning_wish_add(user=asker, skill=skills["provenance"])
    declare(asker, skills["climat"], Level.NOTIONS, description="Relevés mensuels")

    data = selectors.export_of(asker)
    assert [s["skill"] for s in data["skills"]] == ["Suivi climatique"]
    assert data["skills"][0]["description"] == "Relevés mensuels"
    assert [w["skill"] for w in data["skills_to_learn"]] == ["Recherche de provenance"]
    assert data["questions_asked"][0]["subject"] == "Anoxie d'un costume"
    assert expert.email not in str(data)
    assert data["hidden_from_directory"] is False
