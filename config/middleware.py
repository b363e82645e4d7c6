from django.conf import settings
from django.utils import translation

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


class QueryLanguageMiddleware:
    """``?lang=fr`` on any URL picks the language of that one response (feeds, API, links)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.GET.get("lang")
        if lang not in SUPPORTED_LANGUAGES:
            return self.get_response(request)
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            return self.get_response(request)
