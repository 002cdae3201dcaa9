"""Make a person a network coordinator: how the first coordinator of a real installation
is created (load_demo is for demonstrations only).

    manage.py create_coordinator --email camille@musenor.example --first-name Camille --last-name Roussel

The account gets no password: the person sets one with "Forgot your password?" on the
sign-in page, then must turn on two-factor authentication at their first sign-in.
"""

from django.core.management.base import BaseCommand, CommandError

from extranet import services
from extranet.models import User


class Command(BaseCommand):
    help = "Create (or promote) a network coordinator."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, email, first_name, last_name, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            try:
                user = services.user_create(email=email, first_name=first_name, last_name=last_name)
            except Exception as error:  # a ValidationError from full_clean: say it plainly
                raise CommandError(str(error)) from error
            created = True
        else:
            created = False
        services.coordinator_set(user=user, is_coordinator=True, by=None)
        self.stdout.write(self.style.SUCCESS(
            f"{user.email} is a network coordinator"
            + (" (new account: set the password with 'Forgot your password?')." if created else ".")
        ))
