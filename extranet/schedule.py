"""Every periodic job of the extranet, in one list.

Production runs each job from a systemd timer (deploy/systemd/extranet-<name>.timer and .service,
written from this list by `manage.py schedule --write-systemd deploy/systemd`; a test fails when the
files and the list differ). `make run` runs them beside the worker (`manage.py schedule --run`,
scripts/run-dev.sh). `tests/ops/test_schedule.py` fails when a management command meant to be
periodic has no entry here, and runs every job twice: each must be safe to run twice (a timer that
fires again after a missed run, two machines running the same timer, a person running it by hand).

Times are Paris time. systemd never starts a job while its previous run is still going.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Job:
    name: str  # the systemd units are extranet-<name>.service and .timer
    command: tuple[str, ...]  # manage.py arguments
    description: str
    daily_at: time | None = None
    every: timedelta | None = None

    def __post_init__(self):
        assert (self.daily_at is None) != (self.every is None), f"{self.name}: daily_at or every, not both"

    @property
    def on_calendar(self) -> str:
        """systemd's OnCalendar= for this job."""
        if self.daily_at is not None:
            return f"*-*-* {self.daily_at:%H:%M}:00 Europe/Paris"
        minutes = int(self.every.total_seconds() // 60)
        if minutes % 60 == 0:
            return f"*-*-* 0/{minutes // 60}:00:00"
        return f"*:0/{minutes}"

    def due(self, *, last_run: datetime | None, now: datetime) -> bool:
        """Whether the development scheduler runs the job at `now` (local time), given its last run."""
        if self.every is not None:
            return last_run is None or now - last_run >= self.every
        today_at = datetime.combine(now.date(), self.daily_at, tzinfo=now.tzinfo)
        return now >= today_at and (last_run is None or last_run < today_at)


SCHEDULE: tuple[Job, ...] = (
    # Members' mail: the digest at 7:00, kit reminders just after (they are notifications too).
    Job("digest", ("send_digest",), "daily digest of notifications (queued, sent by the worker)",
        daily_at=time(7, 0)),
    Job("kit-reminders", ("kit_reminders",), "conservation kit: pickup and return reminders, late returns",
        daily_at=time(7, 10)),
    Job("listing-expiry", ("expire_exchange_listings",), "equipment exchange: expire listings past their date",
        daily_at=time(0, 15)),
    # Nightly housekeeping, before the working day.
    Job("backup", ("backup", "--prune"), "backup of the database and files; old backups deleted",
        daily_at=time(2, 30)),
    Job("clearsessions", ("clearsessions",), "delete expired sessions (Django)", daily_at=time(3, 15)),
    Job("retention", ("apply_retention",), "delete old read notifications and finished task results, "
        "erase old audit addresses", daily_at=time(3, 30)),
    # All day.
    Job("publish-scheduled", ("publish_scheduled",), "publish and unpublish Wagtail pages at their scheduled time",
        every=timedelta(minutes=10)),
    Job("requeue-stale-tasks", ("requeue_stale_tasks",), "requeue background tasks a dead worker left running",
        every=timedelta(minutes=15)),
)

# Every management command of the project's own apps is either scheduled above or listed here
# with the reason it is not periodic (tests/ops/test_schedule.py holds it).
ON_DEMAND: dict[str, str] = {
    "bench": "measures speed on its own database (make bench)",
    "bench_forum": "measures speed on its own database (make bench)",
    "load_demo": "demonstration content; never in production",
    "load_kit": "loads the conservation kit's inventory once",
    "create_coordinator": "creates the first coordinator of an installation",
    "restore": "restores a backup, by hand, web and worker stopped",
    "task_worker": "the worker itself: a service (extranet-worker.service), not a job",
    "mail_gateway": "the forum's mail gateway: a service (extranet-mail-gateway.service), not a job",
    "schedule": "writes the timers and runs this schedule in development",
}
# Library commands that are periodic by nature, and how this schedule covers them.
LIBRARY_PERIODIC: dict[str, str] = {
    "clearsessions": "scheduled",
    "publish_scheduled": "scheduled",
    "prune_db_task_results": "replaced by apply_retention, which prunes the database queue and RQ alike",
    "publish_scheduled_pages": "Wagtail's old name of publish_scheduled",
}


def job_named(name: str) -> Job:
    return next(job for job in SCHEDULE if job.name == name)


def scheduled_commands() -> set[str]:
    return {job.command[0] for job in SCHEDULE}
