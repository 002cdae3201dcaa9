from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.utils import encrypt
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import GroupRole, Museum, Profile, Role, User


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        if p1:
            probe = User(email=self.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    class Meta:
        model = Profile
        fields = ["job_title", "photo", "bio", "languages", "phone", "email_visibility", "phone_visibility"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The photo must be smaller than 5 MB."))
        return photo


class MuseumFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or town"), required=False, max_length=100)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (code, f"{name} ({code})") for code, name in departments
        ]


class WorkingGroupMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices, initial=GroupRole.MEMBER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True, memberships__ended_at__isnull=True).distinct().order_by(
            "last_name", "first_name"
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name()} <{u.email}>"


class MuseumChoiceForm(forms.Form):
    museum = forms.ModelChoiceField(label=_("Museum"), queryset=Museum.objects.all())


class ErasureForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(label=_("I understand that my account cannot be recovered afterwards."))

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not right."))
        return password


# --- Accounts (allauth's forms, named in ACCOUNT_FORMS and MFA_FORMS) --------------------------


class ResetPasswordToVerifiedAddressForm(ResetPasswordForm):
    """allauth's password reset, sent only to an address the account has proven.

    allauth finds accounts by any address they hold, verified or not, so an address added from
    a stolen session would receive the reset link. Here the link goes only to a verified
    address of the account or to the account's own address (which changes only once a new
    one is verified); any other address gets allauth's "no account here" mail, as an unknown
    address does, so the page reveals nothing.
    """

    def clean_email(self):
        email = super().clean_email()
        self.users = [user for user in self.users if _is_proven_address(user, email)]
        return email


def _is_proven_address(user, email: str) -> bool:
    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


class ActivateTOTPSpendingCodeForm(ActivateTOTPForm):
    """allauth's TOTP set-up, which also spends the code it was given.

    allauth checks the set-up code without marking it used, so the same six digits could sign
    in again within their 30 seconds (issue 14, finding 5). Checking it once more through the
    authenticator being created marks it used, exactly as a sign-in does.
    """

    def clean_code(self):
        code = super().clean_code()
        pending = Authenticator(user_id=self.user.pk, type=Authenticator.Type.TOTP, data={"secret": encrypt(self.secret)})
        if not pending.wrap().validate_code(code):
            raise mfa_adapter().validation_error("incorrect_code")
        return code
