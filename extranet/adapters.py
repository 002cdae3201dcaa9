"""The allauth adapter: accounts come from invitations only; sign-in limits that do not lock a
whole museum out; the password typed at sign-in counts for setting up two-factor auth.

Every allauth setting this relies on is in the "Accounts" block of `config/settings/base.py`;
the policy is in `docs/security.md` ("Accounts").

allauth details relied on here and in `extranet/forms.py`, beyond its documented settings, each
held by a test of `tests/extranet/test_account_security.py` that fails if an upgrade changes it:
the adapter's `pre_authenticate`/`authenticate` pair and its "too_many_login_attempts" error
(sign-in limit tests); the session's authentication records
(`allauth.account.authentication.get_authentication_records`, the "no second password prompt"
test); `ResetPasswordForm.users` (the reset-to-unverified-address test); `ActivateTOTPForm.secret`
and `Authenticator.wrap().validate_code` marking a code used (the activation-code replay test).
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import ratelimit

# The rate (in ACCOUNT_RATE_LIMITS) of failed sign-ins from one address for one account.
IP_ACCOUNT_ACTION = "login_failed_ip_account"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Nobody signs up on their own: a coordinator or a museum manager invites them.
        return False

    # --- Sign-in limits -----------------------------------------------------------------
    # allauth limits failed sign-ins per address (ip) and per account (key). A museum's staff
    # share one public address, so that ceiling is high; the tight limit is on the pair
    # (address, account), counted here with allauth's own rate-limit machinery.

    def _ip_account_key(self, request, credentials) -> str:
        login = (credentials.get("email") or credentials.get("username") or "").lower()
        return f"{self.get_client_ip(request)}|{login}"

    def pre_authenticate(self, request, **credentials):
        # Before allauth's own limits: an attempt refused here uses up neither the account's
        # allowance nor the address's.
        if not ratelimit.consume(request, action=IP_ACCOUNT_ACTION, key=self._ip_account_key(request, credentials)):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            # The right password from this address for this account: earlier typos from
            # here no longer count (whoever typed it knows the password anyway).
            ratelimit.clear(request, action=IP_ACCOUNT_ACTION, key=self._ip_account_key(request, credentials))
        return user

    # --- Re-authentication --------------------------------------------------------------

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Re-authentication as allauth asks for it, except that for two-factor set-up the
        password typed at sign-in moments ago counts: a coordinator's first sign-in goes
        straight from the password to the TOTP set-up (issue 15). Changing an email address
        always asks again."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and self._signed_in_with_password_moments_ago():
            return False
        return required

    def _signed_in_with_password_moments_ago(self) -> bool:
        request = self.request
        if request is None or not request.user.is_authenticated:
            return False
        records = get_authentication_records(request, request.user)
        signed_in_at = [r.get("at", 0) for r in records if r.get("method") == "password"]
        return bool(signed_in_at) and time.time() - max(signed_in_at) < account_settings.REAUTHENTICATION_TIMEOUT
