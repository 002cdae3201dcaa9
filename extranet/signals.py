"""Sign-ins recorded in the audit trail.

allauth and django.contrib.auth own the login flow; their signals are the only place where
a sign-in (or a failed one) can be seen, so recording it here is not business logic hidden
in a signal but the one hook the libraries offer.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import User
from .services import audit_record


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(action="login.succeeded", actor=user, obj=user, request=request)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="logout", actor=user, obj=user, request=request)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    # allauth passes the address as "email" (or "username"); the password never is kept.
    identifier = (credentials.get("email") or credentials.get("username") or "")[:254]
    user = User.objects.filter(email__iexact=identifier).first() if identifier else None
    audit_record(
        action="login.failed", actor=None, obj=user, data={"identifier": identifier}, request=request
    )
