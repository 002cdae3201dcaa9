"""Notify, preferences and email delivery, with the real queue and the real commit."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from extranet import services as core
from extranet.models import Membership
from extranet.task_queue import queue_adapter
from notifications import selectors, services
from notifications.models import Notification
from notifications.registry import Delivery, register_kind
from tests.factories import MuseumFactory, WorkingGroupFactory, make_coordinator, make_member, make_user

# Emails leave after commit: these tests commit for real (transactional database).
pytestmark = pytest.mark.django_db(transaction=True)


def _notify(user, kind="membership", title="Quelque chose est arrivé", **kwargs):
    return services.notify(recipient=user, kind=kind, title=title, url="/espace/", **kwargs)


def test_an_immediate_notification_is_emailed_once_after_commit_in_french_with_text_and_html(queue):
    user = make_user()
    with transaction.atomic():
        _notify(user, body="Détails")
        assert not any(task.task_path.startswith("notifications.") for task in queue_adapter().tasks())  # not even queued yet
    queue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Quelque chose est arrivé" in message.subject
    assert "Bonjour" in message.body  # French by default
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="fr"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/espace/notifications/desabonnement/" in message.extra_headers["List-Unsubscribe"]
    queue()
    assert len(mail.outbox) == 1  # never twice


def test_a_notification_rolled_back_with_its_change_sends_nothing(queue):
    user = make_user()
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(user)
        raise RuntimeError
    queue()
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_member_who_uses_english_gets_the_email_in_english(queue):
    user = make_user()
    services.language_remember(user=user, language="en")
    museum = MuseumFactory()
    manager = make_member(museum)
    queue()
    mail.outbox.clear()
    core.membership_grant(user=user, museum=museum, role="member", by=manager)
    queue()
    assert len(mail.outbox) == 1
    assert "Hello" in mail.outbox[0].body
    assert f"You were added to the staff of {museum.name}" in mail.outbox[0].subject


def test_being_added_to_a_museum_is_notified_in_french(queue):
    user = make_user()
    museum = MuseumFactory()
    coordinator = make_coordinator()
    core.membership_grant(user=user, museum=museum, role="member", by=coordinator)
    notification = Notification.objects.get(recipient=user)
    assert notification.title == f"Vous avez été ajouté·e à l'équipe de {museum.name} (Membre)"
    assert notification.url == museum.get_absolute_url()
    core.membership_end(membership=Membership.objects.get(user=user), by=coordinator)
    assert Notification.objects.filter(recipient=user).first().title == f"Vous avez été retiré·e de l'équipe de {museum.name}"


def test_a_digest_notification_is_not_emailed_at_once_and_is_in_the_next_digest(queue):
    user = make_user()
    services.preference_set(user=user, kind="membership", delivery=Delivery.DIGEST)
    _notify(user, title="Première nouvelle")
    _notify(user, title="Deuxième nouvelle")
    queue()
    assert mail.outbox == []
    call_command("send_digest", verbosity=0)
    queue()
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "Première nouvelle" in digest.body and "Deuxième nouvelle" in digest.body
    assert "Première nouvelle" in digest.alternatives[0][0]
    # A rerun (cron twice, or before the worker ran) sends nothing more.
    call_command("send_digest", verbosity=0)
    call_command("send_digest", verbosity=0, now=True)
    queue()
    assert len(mail.outbox) == 1


def test_two_digests_queued_before_the_worker_runs_send_one_email(queue):
    user = make_user()
    services.preference_set(user=user, kind="membership", delivery=Delivery.DIGEST)
    _notify(user)
    call_command("send_digest", verbosity=0)
    call_command("send_digest", verbosity=0)
    queue()
    assert len(mail.outbox) == 1


def test_working_group_news_goes_to_the_digest_by_default(queue):
    user = make_user()
    coordinator = make_coordinator()
    core.working_group_join(group=WorkingGroupFactory(name="Médiation"), user=user, by=coordinator)
    queue()
    assert [m for m in mail.outbox if user.email in m.to] == []
    call_command("send_digest", verbosity=0, now=True)
    mine = [m for m in mail.outbox if user.email in m.to]
    assert len(mine) == 1 and "Médiation" in mine[0].body


def test_never_sends_nothing_not_even_in_the_digest(queue):
    user = make_user()
    services.preference_set(user=user, kind="membership", delivery=Delivery.NEVER)
    notification = _notify(user)
    queue()
    call_command("send_digest", verbosity=0, now=True)
    assert mail.outbox == []
    assert selectors.unread_count(user=user) == 1  # still shown in the members' space
    assert notification.delivery == Delivery.NEVER


def test_turning_a_kind_off_drops_what_waited_for_the_digest(queue):
    user = make_user()
    services.preference_set(user=user, kind="membership", delivery=Delivery.DIGEST)
    _notify(user)
    services.preference_set(user=user, kind="membership", delivery=Delivery.NEVER)
    call_command("send_digest", verbosity=0, now=True)
    assert mail.outbox == []


def test_nobody_is_notified_of_their_own_action():
    user = make_user()
    assert _notify(user, actor=user) is None
    assert not Notification.objects.exists()


def test_an_unregistered_kind_is_refused():
    with pytest.raises(LookupError):
        _notify(make_user(), kind="no-such-kind")


def test_a_kind_registered_later_uses_its_default_delivery(queue):
    register_kind("tests.example", label="Example", default_delivery=Delivery.DIGEST)
    user = make_user()
    notification = _notify(user, kind="tests.example")
    assert notification.delivery == Delivery.DIGEST
