"""Production-like smoke test (run by .ci/run): the shipped deploy/ files, on this machine's loopback.

The production settings, gunicorn with deploy/gunicorn.conf.py on a unix socket, the background worker
(`task_worker`, RQ on Redis), PostgreSQL, Redis, and Debian's nginx in front with the shipped
deploy/nginx/extranet.conf. The shipped file is the one tested: only its host-specific values are
replaced (listen addresses, certificate paths, the /srv/extranet and /run/extranet paths), and every
replacement must match, so a change to the file that this script does not know fails here. TLS uses a
throwaway self-signed certificate.

Checks: `nginx -t` passes with no warning; HTTP redirects to HTTPS; pages load through nginx; /healthz
reports every part ok; a static file is served by nginx (its `expires`, and gunicorn never sees it); a
private shared document downloads through X-Accel-Redirect for a member of its museum, its direct
/protected-media/ path is refused, and a member of another museum gets 404; the worker (RQ) extracted
the document's text and indexed it.

    .venv/bin/python scripts/smoke_production.py   # needs PostgreSQL, Redis and nginx here
Environment: SMOKE_DATABASE (default extranet_ci_smoke, dropped and created), SMOKE_REDIS_URL (default
redis://127.0.0.1:6379/0; RQ's keys go there and are removed at the end, the cache's under a prefix).
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "extranet.musenor.example"  # the shipped server_name, sent as the Host header
NGINX_CONF = ROOT / "deploy" / "nginx" / "extranet.conf"
PG = os.environ.get("SMOKE_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("SMOKE_DATABASE", "extranet_ci_smoke")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/0")

processes: list[subprocess.Popen] = []


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def fail(message: str) -> None:
    print(f"smoke: FAILED: {message}", flush=True)
    raise SystemExit(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, check=True) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=1800)
    if check and result.returncode:
        fail(f"manage.py {' '.join(args)}: {result.stdout[-2000:]}{result.stderr[-3000:]}")
    return result.stdout


def adapted_nginx_conf(tmp: Path, *, http_port: int, https_port: int) -> str:
    """The shipped file with this machine's ports and paths; each replacement must match."""
    text = NGINX_CONF.read_text()
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        (f"/etc/letsencrypt/live/{HOST}/", f"{tmp}/tls/"),
        ("/run/extranet/gunicorn.sock", f"{tmp}/run/gunicorn.sock"),
        ("/srv/extranet/var/", f"{tmp}/var/"),
        ("/srv/extranet/media/", f"{tmp}/media/"),
        ("/srv/extranet/protected-media/", f"{tmp}/protected-media/"),
        ("/var/www/html", f"{tmp}/www"),
    ]
    for old, new in replacements:
        if old not in text:
            fail(f"deploy/nginx/extranet.conf no longer contains {old!r}: update scripts/smoke_production.py")
        text = text.replace(old, new)
    if "/srv/" in "\n".join(line.split("#")[0] for line in text.splitlines()):
        fail("deploy/nginx/extranet.conf has a /srv/ path the smoke test does not map")
    return text


def nginx_main_conf(tmp: Path) -> str:
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {tmp}/nginx-tmp/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp}/nginx-access.log;
{temp}
    include {tmp}/extranet.conf;
}}
"""


def request(port, path, *, tls=True, cookie=None, method="GET"):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the throwaway self-signed certificate
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": HOST}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_until(condition, what, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                fail(f"{process.args[:3]} ended ({process.returncode}) while waiting for {what}")
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.5)
    fail(f"timed out waiting for {what}")


SETUP = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from resources import services
from resources.demo import make_pdf
from resources.models import DocumentKind, DocumentVisibility
from tests.factories import MuseumFactory, make_member

def session_of(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key

lens = MuseumFactory(name="Louvre-Lens", slug="louvre-lens", city="Lens")
roubaix = MuseumFactory(name="La Piscine", slug="la-piscine", city="Roubaix")
member = make_member(lens, first_name="Julien")
outsider = make_member(roubaix, first_name="Sophie")
document = services.document_create(
    by=member, title="Inventaire des réserves", kind=DocumentKind.ADMINISTRATIVE, museum=lens,
    visibility=DocumentVisibility.MUSEUM,
    uploaded=SimpleUploadedFile("inventaire.pdf", make_pdf(["Inventaire des vitrines préventives"]), content_type="application/pdf"),
)
print(json.dumps({
    "document": document.pk, "name": document.file.file.name, "member": session_of(member),
    "outsider": session_of(outsider), "member_id": member.pk,
    "bytes": document.file.file.read().hex(),
}))
"""

INDEXED = r"""
from django.contrib.auth import get_user_model
from search.selectors import search_documents
user = get_user_model().objects.get(pk=%d)
print([r.title for r in search_documents(user=user, query="vitrines")])
"""


def main() -> None:
    if not shutil.which("nginx"):
        fail("nginx is not installed (apt-get install nginx-light)")
    tmp = Path(tempfile.mkdtemp(prefix="extranet-smoke-"))
    for sub in ("var/static", "media", "protected-media", "run", "tls", "www", "nginx-tmp"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o755)
    prefix = f"smoke-{secrets.token_hex(4)}"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "EXTRANET_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "TASK_BACKEND": "rq",
        "RQ_REDIS_URL": REDIS_URL,
        "EXTRANET_VAR_DIR": str(tmp / "var"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "protected-media"),
        "PRIVATE_MEDIA_X_ACCEL_PREFIX": "/protected-media/",
        "WHOOSH_PATH": str(tmp / "var" / "whoosh_index"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "INFO",
    })
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "check", "--deploy", "--fail-level", "WARNING")
        say("production settings: migrate, collectstatic and check --deploy passed")
        run(tmp, env)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        manage(env, "shell", "-c",
               "from django.core.cache import cache; cache.clear(); "
               "from extranet.task_queue import queue_adapter; queue_adapter().empty()", check=False)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


def start(args, log: Path, env) -> subprocess.Popen:
    with open(log, "ab") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    processes.append(process)
    return process


def run(tmp: Path, env) -> None:
    http_port, https_port = free_port(), free_port()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(tmp / "tls" / "privkey.pem"), "-out", str(tmp / "tls" / "fullchain.pem")],
        check=True, capture_output=True,
    )
    (tmp / "extranet.conf").write_text(adapted_nginx_conf(tmp, http_port=http_port, https_port=https_port))
    (tmp / "nginx.conf").write_text(nginx_main_conf(tmp))
    tested = subprocess.run(["nginx", "-t", "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    print(tested.stderr.strip(), flush=True)
    if tested.returncode or "[warn]" in tested.stderr or "[emerg]" in tested.stderr:
        fail("nginx -t on the shipped configuration")
    say("nginx -t passed on deploy/nginx/extranet.conf (loopback ports, throwaway certificate)")

    data = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    start([PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", f"unix:{tmp}/run/gunicorn.sock",
           "--control-socket", f"{tmp}/run/gunicorn.ctl", "--workers", "2", "--access-logfile", str(tmp / "gunicorn-access.log")],
          tmp / "gunicorn.log", env)
    start([PYTHON, "manage.py", "task_worker", "--worker-id", "smoke-worker"], tmp / "worker.log", env)
    start(["nginx", "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"], tmp / "nginx.out", env)
    wait_until(lambda: request(https_port, "/healthz")[0] in (200, 503), "gunicorn behind nginx")

    status, headers, _body = request(http_port, "/espace/", tls=False)
    if status != 301 or headers.get("Location") != f"https://{HOST}/espace/":
        fail(f"HTTP should redirect to HTTPS: {status} {headers.get('Location')}")
    say("plain HTTP is redirected to HTTPS by nginx")

    # The worker extracts the document's text (default queue), then indexes it (search queue).
    def indexed():
        return "Inventaire des réserves" in manage(env, "shell", "-c", INDEXED % data["member_id"])
    wait_until(indexed, "the worker to extract and index the document", timeout=180)
    say("the worker (RQ on Redis) extracted the shared document's text and indexed it")

    status, _headers, body = request(https_port, "/healthz")
    report = json.loads(body)
    if status != 200 or not report["ok"]:
        fail(f"/healthz through nginx: {status} {report}")
    say(f"/healthz through nginx: 200 {report}")

    for path, expected in (("/accounts/login/", 200), ("/", 200)):
        status, headers, body = request(https_port, path)
        if status != expected:
            fail(f"{path}: {status}")
        if "X-Request-ID" not in headers:
            fail(f"{path}: no X-Request-ID in the response")
    status, headers, _body = request(https_port, "/espace/")
    if status != 302 or "/accounts/login/" not in headers.get("Location", ""):
        fail(f"/espace/ signed out should send to the sign-in page: {status} {headers.get('Location')}")
    member, outsider = f"sessionid={data['member']}", f"sessionid={data['outsider']}"
    status, _headers, body = request(https_port, "/espace/", cookie=member)
    if status != 200 or b"Julien" not in body:
        fail(f"/espace/ for a signed-in member: {status}")
    say("pages load through nginx: sign-in page, home page, a member's dashboard (session in Redis)")

    static = sorted((tmp / "var" / "static").rglob("*.css"))[0].relative_to(tmp / "var" / "static")
    status, headers, body = request(https_port, f"/static/{static}")
    if status != 200 or "max-age=2592000" not in headers.get("Cache-Control", ""):
        fail(f"/static/{static}: {status} {headers.get('Cache-Control')} (nginx's `expires 30d` expected)")
    if "/static/" in (tmp / "gunicorn-access.log").read_text():
        fail("a static file reached gunicorn")
    say(f"static files are served by nginx (/static/{static}, never reaching gunicorn)")

    download = f"/espace/ressources/documents/{data['document']}/fichier/"
    status, headers, body = request(https_port, download, cookie=member)
    if status != 200 or body != bytes.fromhex(data["bytes"]):
        fail(f"{download}: {status}, {len(body)} bytes")
    if "X-Accel-Redirect" in headers:
        fail("nginx let the X-Accel-Redirect header through to the client")
    say(f"a private document downloads through X-Accel-Redirect ({len(body)} bytes, {headers.get('Content-Type')})")
    status, _headers, _body = request(https_port, f"/protected-media/{data['name']}", cookie=member)
    if status != 404:
        fail(f"the direct path /protected-media/{data['name']} answered {status}")
    status, _headers, _body = request(https_port, download, cookie=outsider)
    if status != 404:
        fail(f"a member of another museum got {status} for the document")
    say("its direct /protected-media/ path is refused (404), and a member of another museum gets 404")
    say("passed")


if __name__ == "__main__":
    main()
