"""Errors reach a person and logs say which request they belong to, with the production settings:
JSON log lines carrying the request id, Sentry (or GlitchTip) when SENTRY_DSN is set, a mail to the
admins otherwise. Each case runs in a process of its own, as the services do."""

import json

import pytest
from django.test import Client

from tests.extranet.test_deployment import run_with_production_settings

pytestmark = pytest.mark.django_db

SCRIPT = """
import logging, django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from config.observability import RequestIdMiddleware

def view(request):
    logging.getLogger("extranet.views").error("something went wrong")
    return HttpResponse()

response = RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="{request_id}"))
print(response["X-Request-ID"])
"""


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_production_log_line_is_one_json_object_with_the_request_id_nginx_sent(tmp_path):
    result = run_with_production_settings(tmp_path, "-c", SCRIPT.format(request_id="req-0123456789ab"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "req-0123456789ab"
    [line] = [line for line in json_lines(result.stderr) if line["logger"] == "extranet.views"]
    assert line["message"] == "something went wrong"
    assert line["level"] == "ERROR" and line["request_id"] == "req-0123456789ab" and line["time"]


def test_a_request_without_an_id_gets_one_and_a_forged_one_is_replaced(client: Client):
    first = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != client.get("/healthz")["X-Request-ID"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


ERROR_SCRIPT = """
import logging, django
django.setup()
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
request = RequestFactory().get("/espace/", HTTP_HOST=settings.ALLOWED_HOSTS[0])
logging.getLogger("django.request").error("Internal Server Error: /espace/", extra={"status_code": 500, "request": request})
import sentry_sdk
print(sentry_sdk.get_client().is_active(), sentry_sdk.get_client().dsn, [m.to for m in getattr(mail, "outbox", [])])
"""


def test_without_sentry_a_server_error_is_mailed_to_the_admins(tmp_path):
    result = run_with_production_settings(tmp_path, "-c", "import os; os.environ['EMAIL_BACKEND'] = "
                                          "'django.core.mail.backends.locmem.EmailBackend'\n" + ERROR_SCRIPT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 2)[:2] == ["False", "None"]
    assert "['admin@musenor.example']" in result.stdout


def test_with_a_sentry_dsn_errors_go_to_sentry_and_no_mail_is_sent(tmp_path):
    script = ("import os; os.environ['SENTRY_DSN'] = 'http://public@127.0.0.1:9/1'; "
              "os.environ['EMAIL_BACKEND'] = 'django.core.mail.backends.locmem.EmailBackend'\n" + ERROR_SCRIPT)
    result = run_with_production_settings(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    active, dsn, mails = result.stdout.strip().split(" ", 2)
    assert active == "True" and dsn == "http://public@127.0.0.1:9/1"
    assert mails == "[]"
