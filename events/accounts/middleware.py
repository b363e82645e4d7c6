"""Those whom TWO_FACTOR_REQUIRED names set up a second factor before anything else;
the language a signed-in delegate prefers."""

from urllib.parse import quote

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.accounts.two_factor import has_two_factor, two_factor_required
from events.selectors import delegate_for_user

# Pages that stay open: signing in and out, setting up the second factor, the language.
OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/jsi18n/", "/invitations/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _(
                            "Your role requires two-factor authentication: set it up at %(url)s."
                        )
                        % {"url": reverse("mfa_index")},
                        "code": "two_factor_setup_required",
                    },
                    status=403,
                )
            return redirect(f"{reverse('mfa_index')}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        if not settings.TWO_FACTOR_REQUIRED or request.path.startswith(OPEN_PREFIXES):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return two_factor_required(user) and not has_two_factor(user)


class ProfileLanguageMiddleware:
    """Once signed in, pages are in the delegate's preferred language, unless the visitor
    chose one (the language switch's cookie, or ``?lang=``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._preferred(request)
        if language is None:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    def _preferred(self, request) -> str | None:
        chosen = request.GET.get("lang") in dict(settings.LANGUAGES)
        if chosen or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        delegate = delegate_for_user(user)
        if delegate is None or not delegate.language:
            return None
        return delegate.preferred_language
