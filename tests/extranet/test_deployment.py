"""The production set-up holds together: settings pass Django's deployment checks, and the
files in deploy/, .env.example and docs/deployment.md agree with the settings. No database."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SETTINGS_DIR = ROOT / "config" / "settings"
ENV_EXAMPLE = ROOT / ".env.example"
NGINX_CONF = ROOT / "deploy" / "nginx" / "extranet.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
SYSTEMD_UNIT = ROOT / "deploy" / "systemd" / "extranet-web.service"
DEPLOYMENT_DOC = ROOT / "docs" / "deployment.md"

# Read by manage.py and config/wsgi.py (Django itself), not by the settings.
READ_OUTSIDE_SETTINGS = {"DJANGO_SETTINGS_MODULE": ["manage.py", "config/wsgi.py"]}


def env_example() -> dict[str, str]:
    """Variables of .env.example, the commented-out optional ones included."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", line.strip())
        if match:
            values[match.group(1)] = match.group(2).strip('"')
    return values


def settings_source() -> str:
    return "\n".join(path.read_text() for path in sorted(SETTINGS_DIR.glob("*.py")))


def variables_read_by_settings() -> set[str]:
    pattern = r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
    return set(re.findall(pattern, settings_source()))


def production_environment(tmp_path: Path) -> dict[str, str]:
    """The environment docs/deployment.md asks for, pointed at throw-away paths."""
    env = {k: v for k, v in os.environ.items() if k not in env_example() and not k.startswith("DJANGO_")}
    env.update({name: value for name, value in env_example().items() if value})
    env.pop("REDIS_URL", None)  # no Redis server needed to run the checks
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "EXTRANET_VAR_DIR": str(tmp_path / "var"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "WHOOSH_PATH": str(tmp_path / "var" / "whoosh_index"),
        }
    )
    return env


def run_with_production_settings(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- (a) Django's deployment checks --------------------------------------------------------


def test_production_settings_pass_the_deployment_checks_without_a_warning(tmp_path):
    result = run_with_production_settings(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert not re.search(r"\?: \(|WARNING|ERROR", output), output


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = production_environment(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_behind_nginx_a_sign_in_knows_the_client_address(tmp_path):
    # gunicorn on a unix socket gives an empty REMOTE_ADDR: allauth then refuses every sign-in
    # unless the address comes from nginx's X-Forwarded-For.
    script = """
import django
django.setup()
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from extranet.services import client_ip
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.7")
print(get_adapter().get_client_ip(request), client_ip(request))
"""
    result = run_with_production_settings(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["203.0.113.7", "203.0.113.7"]


# --- (b) gunicorn ---------------------------------------------------------------------------


def gunicorn_settings() -> dict:
    namespace: dict = {}
    exec(compile(GUNICORN_CONF.read_text(), str(GUNICORN_CONF), "exec"), namespace)
    return namespace


def test_the_gunicorn_configuration_is_valid_python_serving_the_project():
    settings = gunicorn_settings()
    assert settings["wsgi_app"] == "config.wsgi:application"
    assert settings["bind"].startswith("unix:/run/extranet/")
    assert settings["workers"] >= 1


# --- (c) nginx and systemd agree with each other and with .env.example ------------------------


def nginx_directives() -> str:
    """The nginx configuration without comments."""
    return "\n".join(line.split("#", 1)[0] for line in NGINX_CONF.read_text().splitlines())


def nginx_locations() -> dict[str, str]:
    """Body of each `location PATH { ... }` block (the blocks hold no nested block)."""
    return dict(re.findall(r"location\s+(\S+)\s*\{([^{}]*)\}", nginx_directives()))


def test_the_nginx_configuration_has_balanced_braces_and_terminated_directives():
    text = nginx_directives()
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, "a closing brace without its opening one"
    assert depth == 0
    for line in text.splitlines():
        line = line.strip()
        assert not line or line.endswith((";", "{", "}")), f"unterminated directive: {line}"


def test_nginx_proxies_to_the_socket_gunicorn_binds_and_systemd_creates():
    socket = gunicorn_settings()["bind"].removeprefix("unix:")
    assert re.search(rf"server\s+unix:{re.escape(socket)}[\s;]", nginx_directives())
    runtime_directory = re.search(r"^RuntimeDirectory=(\S+)$", SYSTEMD_UNIT.read_text(), re.M).group(1)
    assert Path(socket).parent == Path("/run") / runtime_directory


def test_nginx_serves_static_and_media_from_the_directories_the_settings_use():
    env = env_example()
    locations = nginx_locations()
    for location, body in locations.items():
        alias = re.search(r"alias\s+(\S+);", body)
        if alias and location.endswith("/"):
            assert alias.group(1).endswith("/"), f"alias of {location} must end with / like the location"
    assert f"alias {env['EXTRANET_VAR_DIR']}/static/;" in locations["/static/"]  # STATIC_ROOT
    assert f"alias {env['MEDIA_ROOT']}/;" in locations["/media/"]


def test_private_files_are_reachable_only_through_x_accel_redirect():
    body = nginx_locations()["/protected-media/"]
    assert re.search(r"^\s*internal;", body, re.M)
    protected = re.search(r"alias\s+(\S+);", body).group(1).rstrip("/")
    assert not protected.startswith(env_example()["MEDIA_ROOT"] + "/"), "private files must not sit under /media/"


def test_nginx_overwrites_the_forwarded_headers_django_trusts():
    proxied = nginx_locations()["/"]
    # Overwritten with nginx's own view of the client: a client cannot choose its address.
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", proxied)
    assert re.search(r"proxy_set_header\s+X-Forwarded-Proto\s+\$scheme;", proxied)  # SECURE_PROXY_SSL_HEADER
    assert re.search(r"proxy_set_header\s+Host\s+\$host;", proxied)


def test_nginx_answers_for_the_host_the_settings_allow():
    hosts = set(re.findall(r"server_name\s+([^;]+);", nginx_directives()))
    assert hosts == {env_example()["DJANGO_ALLOWED_HOSTS"]}


@pytest.mark.parametrize("unit", sorted(path.name for path in SYSTEMD_UNIT.parent.glob("*.service")))
def test_every_service_runs_the_checkout_with_the_production_environment(unit):
    text = (SYSTEMD_UNIT.parent / unit).read_text()
    assert "Environment=DJANGO_SETTINGS_MODULE=config.settings.production" in text
    assert "EnvironmentFile=/srv/extranet/.env" in text
    assert "WorkingDirectory=/srv/extranet/app" in text
    assert re.search(r"^ExecStart=/srv/extranet/app/\.venv/bin/", text, re.M)
    writable = re.search(r"^ReadWritePaths=(.+)$", text, re.M).group(1).split()
    assert env_example()["EXTRANET_VAR_DIR"] in writable


def test_the_web_service_starts_gunicorn_and_may_write_uploads():
    unit = SYSTEMD_UNIT.read_text()
    assert re.search(r"^ExecStart=\S+/gunicorn --config deploy/gunicorn\.conf\.py$", unit, re.M)
    writable = re.search(r"^ReadWritePaths=(.+)$", unit, re.M).group(1).split()
    assert env_example()["MEDIA_ROOT"] in writable


def test_one_worker_consumes_every_queue_the_settings_declare(tmp_path):
    worker = (SYSTEMD_UNIT.parent / "extranet-worker.service").read_text()
    assert re.search(r"^ExecStart=\S+/python manage\.py task_worker --worker-id \S+$", worker, re.M)
    for backend, expected in (("database", "db_worker --queue_name=default,search"),
                              ("rq", "rqworker default search")):
        env = production_environment(tmp_path)
        env.update(TASK_BACKEND=backend, REDIS_URL="redis://127.0.0.1:6379/15")
        result = subprocess.run([sys.executable, "manage.py", "task_worker", "--print", "--worker-id", "w"], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(expected), result.stdout


def test_every_timer_starts_the_service_of_its_name():
    for timer in SYSTEMD_UNIT.parent.glob("*.timer"):
        assert re.search(r"^OnCalendar=.+$", timer.read_text(), re.M), timer.name
        assert timer.with_suffix(".service").exists(), f"{timer.name} has no service of the same name"


# --- (d) .env.example and docs name only what the settings read --------------------------------


def test_every_variable_of_the_env_example_is_read_by_the_settings():
    source = settings_source()
    for name in env_example():
        if name in READ_OUTSIDE_SETTINGS:
            for path in READ_OUTSIDE_SETTINGS[name]:
                assert f'"{name}"' in (ROOT / path).read_text(), f"{name} is not read by {path}"
        else:
            assert f'"{name}"' in source, f".env.example names {name}, which no settings module reads"


def test_every_variable_the_settings_read_is_documented():
    documented = DEPLOYMENT_DOC.read_text()
    missing = sorted(name for name in variables_read_by_settings() if f"`{name}`" not in documented)
    assert not missing, f"docs/deployment.md does not list {missing}"


@pytest.mark.parametrize("name", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL"])
def test_the_env_example_sets_what_production_needs(name):
    assert env_example().get(name)
