"""Every account's own address becomes its verified, primary address for allauth.

Accounts come from invitations, whose link proved the address; until now no allauth address
row was written for them, so allauth wrote an unverified one on the first visit to the email
page or the first password-reset request, and two-factor set-up was then refused (issue 14,
finding 5). `services.user_create` now writes the verified row; this gives existing accounts
the same. Other addresses an account holds stay as they are: unverified ones must still be
confirmed by the link allauth mails to them.
"""

from django.db import migrations


def verify_account_addresses(apps, schema_editor):
    User = apps.get_model("extranet", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    users = User.objects.exclude(email="").exclude(email__iendswith="@erased.invalid")
    for user in users.iterator():
        email = user.email.lower()
        if EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user).exists():
            continue  # another account proved this address first: leave both as they are
        own = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        other_primary = EmailAddress.objects.filter(user=user, primary=True)
        if own is not None:
            other_primary = other_primary.exclude(pk=own.pk)
        other_primary.update(primary=False)
        if own is None:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        elif not (own.verified and own.primary):
            own.verified = own.primary = True
            own.save(update_fields=["verified", "primary"])


class Migration(migrations.Migration):
    dependencies = [
        ("extranet", "0003_profile_photo_private_storage"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_account_addresses, migrations.RunPython.noop)]
