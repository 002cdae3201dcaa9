"""Sign-ins and changes to an account's security recorded in the audit trail.

allauth and django.contrib.auth own the login flow; their signals are the only place where
a sign-in (or a failed one) can be seen, so recording it here is not business logic hidden
in a signal but the one hook the libraries offer.
"""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
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


# --- Changes to an account's security, from allauth's signals (the hooks allauth offers) ---------


@receiver(account_signals.email_added)
def record_email_added(sender, request, user, email_address, **kwargs):
    # With ACCOUNT_CHANGE_EMAIL this is the address the member asked to change to, not yet verified.
    audit_record(action="email.change_requested", actor=user, obj=user, data={"email": email_address.email}, request=request)


@receiver(account_signals.email_changed)
def record_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    data = {"from": from_email_address.email if from_email_address else "", "to": to_email_address.email}
    audit_record(action="email.changed", actor=user, obj=user, data=data, request=request)


@receiver(account_signals.email_removed)
def record_email_removed(sender, request, user, email_address, **kwargs):
    audit_record(action="email.removed", actor=user, obj=user, data={"email": email_address.email}, request=request)


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
def record_password_changed(sender, request, user, **kwargs):
    audit_record(action="password.changed", actor=user, obj=user, request=request)


@receiver(account_signals.password_reset)
def record_password_reset(sender, request, user, **kwargs):
    audit_record(action="password.reset", actor=user, obj=user, request=request)


@receiver(mfa_signals.authenticator_added)
@receiver(mfa_signals.authenticator_removed)
@receiver(mfa_signals.authenticator_reset)
def record_authenticator_change(sender, request, user, authenticator, signal, **kwargs):
    action = {
        mfa_signals.authenticator_added: "mfa.added",
        mfa_signals.authenticator_removed: "mfa.removed",
        mfa_signals.authenticator_reset: "mfa.reset",
    }[signal]
    audit_record(action=action, actor=user, obj=user, data={"type": authenticator.type}, request=request)


@receiver(mfa_signals.authentication_failed)
def record_mfa_failure(sender, request, user, authenticator, **kwargs):
    audit_record(action="mfa.failed", actor=None, obj=user, data={"type": authenticator.type}, request=request)
