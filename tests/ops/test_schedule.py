"""One schedule lists every periodic job (extranet/schedule.py): the systemd timers are written from
it, every periodic management command is on it, and every job is safe to run twice."""

import importlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command, get_commands
from django.utils import timezone
from wagtail.models import Locale, Page

from equipment_loans import services as kit
from equipment_loans.exchange.models import Listing, ListingStatus
from extranet.management.commands.schedule import all_systemd_units
from extranet.models import AuditEvent
from extranet.schedule import LIBRARY_PERIODIC, ON_DEMAND, SCHEDULE, job_named, scheduled_commands
from extranet.task_queue import queue_adapter
from notifications.models import Notification
from notifications.registry import Delivery
from tests.equipment_loans.conftest import coordinator, loggers, request_booking  # noqa: F401
from tests.exchange.conftest import offer  # noqa: F401

ROOT = Path(settings.BASE_DIR)
SYSTEMD = ROOT / "deploy" / "systemd"
# Words in a command's docstring or help that say it is meant to run again and again.
PERIODIC_WORDS = re.compile(r"\b(cron|crontab|daily|nightly|hourly|every (day|night|hour|morning)|timer)\b", re.I)


def project_commands() -> dict[str, str]:
    """Commands of the apps in this repository (not in the venv), whichever app adds one."""
    from django.apps import apps

    ours = {config.name for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts}
    return {name: app for name, app in get_commands().items() if app in ours}


def test_every_management_command_of_the_project_is_scheduled_or_said_to_be_run_by_hand():
    unclassified = sorted(set(project_commands()) - scheduled_commands() - set(ON_DEMAND))
    assert not unclassified, f"add these commands to SCHEDULE or ON_DEMAND in extranet/schedule.py: {unclassified}"


def test_a_command_that_says_it_runs_daily_or_from_cron_is_on_the_schedule():
    from django.core.management import load_command_class

    for name, app in project_commands().items():
        command = load_command_class(app, name)
        module = importlib.import_module(type(command).__module__)
        text = f"{module.__doc__ or ''} {command.help}"
        if PERIODIC_WORDS.search(text) and name not in scheduled_commands() and name not in ON_DEMAND:
            pytest.fail(f"`{name}` describes itself as periodic but has no entry in extranet/schedule.py")


def test_the_periodic_commands_of_the_libraries_are_covered():
    available = set(get_commands())
    for name, how in LIBRARY_PERIODIC.items():
        if how == "scheduled":
            assert name in available, f"{name} is scheduled but no installed app provides it any more"
            assert name in scheduled_commands()
    assert {"clearsessions", "publish_scheduled"} <= scheduled_commands()


def test_every_scheduled_command_exists():
    available = set(get_commands())
    assert {job.command[0] for job in SCHEDULE} <= available


def test_the_systemd_timers_are_the_ones_the_schedule_writes():
    expected = all_systemd_units()
    for name, text in expected.items():
        assert (SYSTEMD / name).exists(), f"missing {name}: run `manage.py schedule --write-systemd deploy/systemd`"
        assert (SYSTEMD / name).read_text() == text, f"{name} differs from extranet/schedule.py: regenerate it"
    stray = {path.name for path in SYSTEMD.glob("*.timer")} - set(expected)
    assert not stray, f"timers with no entry in the schedule: {stray}"


def test_the_digest_time_is_the_same_in_the_schedule_and_the_docs():
    digest = job_named("digest").daily_at
    said = f"{digest:%H:%M}".lstrip("0")
    for doc in ("docs/notifications.md", "docs/deployment.md"):
        text = (ROOT / doc).read_text()
        assert re.search(rf"\b{re.escape(said)}\b", text), f"{doc} does not give the digest's time ({said})"
        assert not re.search(r"^0 18 \* \* \*", text, re.M), f"{doc} still gives another time"


# --- Every job twice ---------------------------------------------------------------------------


@pytest.fixture
def work_for_every_job(museum_a, member_a, manager_a, coordinator, loggers, offer):  # noqa: F811
    """Something for each job to do: a digest to send, kit reminders, an expired listing, old rows…"""
    from notifications.services import notify

    long_ago = timezone.now() - timedelta(days=800)
    # Digest: a notification waiting for it.
    notify(recipient=member_a, kind="working_group", title="Ajouté au groupe Régie", url="/espace/")
    Notification.objects.filter(recipient=member_a).update(delivery=Delivery.DIGEST, emailed_at=None)
    # Kit: a pickup in two days.
    booking = request_booking(museum_a, member_a, start=2, end=5, item_types={loggers: 1})
    kit.kit_booking_approve(booking=booking, by=coordinator)
    # Exchange: a listing past its date.
    Listing.objects.filter(pk=offer.pk).update(available_until=timezone.localdate() - timedelta(days=1))
    # Retention: an old read notification, an old audit event with an address.
    old = Notification.objects.create(recipient=member_a, kind="working_group", title="Ancienne",
                                      delivery=Delivery.NEVER, read_at=long_ago)
    Notification.objects.filter(pk=old.pk).update(created_at=long_ago)
    event = AuditEvent.objects.create(action="auth.login", ip_address="203.0.113.9")
    AuditEvent.objects.filter(pk=event.pk).update(created_at=long_ago)
    # Sessions: an expired one.
    session = SessionStore()
    session["x"] = 1
    session.set_expiry(-10)
    session.create()
    # Wagtail: a page whose publication is scheduled in the past. (A transactional test starts from
    # an emptied database: the root page and locale that Wagtail's migrations made may be gone.)
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    page = root.add_child(instance=Page(title="Appel à projets", slug="appel-a-projets", live=False))
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=5)
    revision.save()
    return {"booking": booking, "offer": offer, "page": page}


def observable_state():
    """What a member or an operator could notice after a job ran."""
    return {
        "mails": sorted((message.subject, tuple(message.to)) for message in mail.outbox),
        "notifications": sorted(Notification.objects.values_list("recipient_id", "kind", "title", "emailed_at")),
        "listings": sorted(Listing.objects.values_list("pk", "status")),
        "audit": AuditEvent.objects.filter(ip_address__isnull=False).count(),
        "audit_events": sorted(AuditEvent.objects.values_list("action", flat=True)),
        "sessions": Session.objects.count(),
        "live_pages": sorted(Page.objects.filter(live=True).values_list("pk", flat=True)),
        "tasks": sorted((task.task_path, task.status) for task in queue_adapter().tasks()),
    }


def run_job(job):
    args = [*job.command]
    if job.name == "backup":
        args.append("-v0")
    call_command(*args, verbosity=0)
    # What the worker does with what the job queued (digest mails, notification mails).
    call_command("task_worker", batch=True, verbosity=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("job", SCHEDULE, ids=lambda job: job.name)
def test_every_job_is_safe_to_run_twice(job, work_for_every_job, tmp_path, settings):
    settings.VAR_DIR = tmp_path  # backups go here
    call_command("task_worker", batch=True, verbosity=0)  # what saving the fixtures queued
    mail.outbox.clear()
    before = observable_state()

    run_job(job)
    once = observable_state()
    run_job(job)
    twice = observable_state()

    print(f"schedule job {job.name}: first run changed {sorted(k for k in once if once[k] != before[k])}")
    changed_again = {key: (once[key], twice[key]) for key in once if once[key] != twice[key]}
    assert not changed_again, f"{job.name} did something again on its second run: {changed_again}"


@pytest.mark.django_db(transaction=True)
def test_the_first_runs_did_their_work_and_the_second_sent_no_second_reminder(work_for_every_job, tmp_path, settings):
    """The test above would pass if the jobs did nothing: here, what each one did is checked."""
    settings.VAR_DIR = tmp_path
    call_command("task_worker", batch=True, verbosity=0)
    mail.outbox.clear()
    for job in SCHEDULE:
        run_job(job)
        run_job(job)
    sent = [(message.subject, tuple(message.to)) for message in mail.outbox]
    assert any("Régie" in message.body for message in mail.outbox), "the digest was sent"
    assert len(sent) == len(set(sent)), f"a mail went twice: {sent}"
    reminders = Notification.objects.filter(kind="kit_reminder", object_id=str(work_for_every_job["booking"].pk))
    assert reminders.count() == 1
    assert Listing.objects.get(pk=work_for_every_job["offer"].pk).status == ListingStatus.EXPIRED
    assert not AuditEvent.objects.filter(ip_address="203.0.113.9").exists()
    assert AuditEvent.objects.filter(action="retention.applied").count() == 1
    assert not Notification.objects.filter(title="Ancienne").exists()
    assert Session.objects.count() == 0
    assert Page.objects.get(pk=work_for_every_job["page"].pk).live
    assert len(list((tmp_path / "backups").glob("extranet-*.tar.gz"))) >= 1
