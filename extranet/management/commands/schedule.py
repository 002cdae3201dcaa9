"""manage.py schedule: the periodic jobs of extranet/schedule.py.

    manage.py schedule                          list the jobs and when they run
    manage.py schedule --write-systemd DIR      write extranet-<job>.service/.timer for each job
    manage.py schedule --run                    run the jobs when due, until stopped (make run)

Production uses the timers (deploy/systemd/, written by --write-systemd and checked by the tests);
development runs `--run` beside the worker (scripts/run-dev.sh), each job in its own process as
systemd would.
"""

import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from extranet.schedule import SCHEDULE, Job

SERVICE = """\
# Generated from extranet/schedule.py by `manage.py schedule --write-systemd deploy/systemd`:
# change the schedule there, then regenerate. Started by {unit}.timer.
[Unit]
Description=Musenor extranet: {description}
After=network-online.target postgresql.service redis-server.service

[Service]
Type=oneshot
User=extranet
Group=www-data
UMask=0027
WorkingDirectory=/srv/extranet/app
EnvironmentFile=/srv/extranet/.env
Environment=DJANGO_SETTINGS_MODULE=config.settings.production
ExecStart=/srv/extranet/app/.venv/bin/python manage.py {command}
NoNewPrivileges=true
PrivateTmp=true
ProtectSystem=strict
ProtectHome=true
ReadWritePaths=/srv/extranet/var -/srv/extranet/media -/srv/extranet/protected-media
"""

TIMER = """\
# Generated from extranet/schedule.py (see {unit}.service). {when}.
# systemctl enable --now {unit}.timer
[Unit]
Description=Musenor extranet: {description} (timer)

[Timer]
OnCalendar={on_calendar}
Persistent=true

[Install]
WantedBy=timers.target
"""


def unit_name(job: Job) -> str:
    return f"extranet-{job.name}"


def when(job: Job) -> str:
    if job.daily_at is not None:
        return f"Every day at {job.daily_at:%H:%M}, Paris time"
    return f"Every {int(job.every.total_seconds() // 60)} minutes"


def systemd_units(job: Job) -> dict[str, str]:
    """File name -> text of the job's service and timer."""
    values = {
        "unit": unit_name(job), "description": job.description, "command": " ".join(job.command),
        "on_calendar": job.on_calendar, "when": when(job),
    }
    return {f"{unit_name(job)}.service": SERVICE.format(**values), f"{unit_name(job)}.timer": TIMER.format(**values)}


def all_systemd_units() -> dict[str, str]:
    files = {}
    for job in SCHEDULE:
        files.update(systemd_units(job))
    return files


class Command(BaseCommand):
    help = "List the periodic jobs, write their systemd timers, or run them when due (development)."

    def add_arguments(self, parser):
        parser.add_argument("--write-systemd", metavar="DIR", help="Write each job's .service and .timer into DIR.")
        parser.add_argument("--run", action="store_true", help="Run the jobs when due, until stopped.")
        parser.add_argument("--interval", type=float, default=30, help="Seconds between two looks at the clock (--run).")

    def handle(self, *args, write_systemd=None, run=False, interval=30, **options):
        if write_systemd:
            directory = Path(write_systemd)
            for name, text in all_systemd_units().items():
                (directory / name).write_text(text)
            self.stdout.write(f"{len(all_systemd_units())} files written to {directory}.")
        elif run:
            self.run_forever(interval)
        else:
            for job in SCHEDULE:
                self.stdout.write(f"{job.name:22} {when(job):36} manage.py {' '.join(job.command)}")

    def run_forever(self, interval):
        # Daily jobs whose time has passed today are not caught up at start: a development server
        # started at 10:00 does not send the 7:00 digest. Interval jobs run at start.
        started = timezone.localtime()
        last_run = {job.name: started for job in SCHEDULE if job.daily_at is not None}
        while True:
            now = timezone.localtime()
            for job in SCHEDULE:
                if job.due(last_run=last_run.get(job.name), now=now):
                    last_run[job.name] = now
                    self.stdout.write(f"{now:%H:%M:%S} schedule: {job.name}")
                    subprocess.run(
                        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *job.command, "-v0"],
                        check=False,
                    )
            time.sleep(interval)
