"""Request ids, JSON log lines and error reports (Sentry or GlitchTip, else mail to ADMINS).

- `RequestIdMiddleware` gives every request an id: nginx's `X-Request-ID` (deploy/nginx sets it to
  `$request_id`, so nginx's access log and ours share it) when it looks like one, else a new one.
  The response carries it back, every log line written while serving the request carries it, and so
  does the Sentry event of an error.
- `logging_config()` builds LOGGING: JSON lines (python-json-logger) in production, plain text in
  development; errors of `django.request` mailed to ADMINS when no SENTRY_DSN is set.
- `sentry_init()` turns sentry-sdk on when SENTRY_DSN is set (a self-hosted GlitchTip takes the same DSN).
"""

import logging
import re
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            try:
                import sentry_sdk

                sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
            except ImportError:  # pragma: no cover - sentry-sdk is a runtime requirement
                pass
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: workers, commands)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def logging_config(*, level: str, json: bool, mail_admins: bool) -> dict:
    """Django's LOGGING: to stderr (the journal), JSON lines or text, with the request id."""
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        }
        if json
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    handlers = {"console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["request_id"]}}
    request_handlers = ["console"]
    if mail_admins:
        handlers["mail_admins"] = {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"}
        request_handlers.append("mail_admins")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.observability.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": handlers,
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Server errors: logged at ERROR whatever LOG_LEVEL says, and mailed when no Sentry.
            "django.request": {"handlers": request_handlers, "level": "ERROR", "propagate": False},
        },
    }


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), LoggingIntegration(level=logging.INFO, event_level=logging.ERROR)],
        # Members' names and addresses stay out of the reports.
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
