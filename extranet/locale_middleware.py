"""French first: the interface language is the member's explicit choice, else French.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so a museum
professional whose browser is set to English would land on an English site they never
chose. Here only the language cookie (set by the language switch) counts.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import trans_real


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = trans_real.get_supported_language_variant(code) if code else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
