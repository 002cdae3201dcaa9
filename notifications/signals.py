"""The sign-in is the one moment allauth lets us see the language a member reads the site in;
remembering it here is what lets emails be written in that language (see services)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from .services import language_remember


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    if request is not None:
        language_remember(user=user, language=translation.get_language_from_request(request) or "")
