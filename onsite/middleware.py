"""Badge sessions (``onsite.signin``) on every request: one whose badge is no longer
current is signed out; one that asks for a page changing the account is sent to give
the password first (or refused, for what is not a page to show)."""

from urllib.parse import quote

from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from onsite import signin

# Under /accounts/ a badge session may sign out, and give its password.
OPEN_ACCOUNT_PAGES = ("account_logout", "account_reauthenticate", "login")


def _protected():
    open_paths = {reverse(name) for name in OPEN_ACCOUNT_PAGES}
    exact = {reverse("calendar-token-rotate"), reverse("api:me-calendar-token")}
    return open_paths, exact


_paths = SimpleLazyObject(_protected)


def changes_the_account(path: str) -> bool:
    """Pages a badge session may not open: the account's (password, email addresses,
    two-factor, sessions, linked providers), the calendar address, the back office."""
    open_paths, exact = _paths
    if path in exact or path.startswith("/admin/"):
        return True
    return path.startswith("/accounts/") and path not in open_paths


class BadgeSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bound = signin.binding(getattr(request, "session", None))
        if bound is not None:
            refused = self._check(request, bound)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _check(self, request, bound):
        if request.user.is_authenticated and signin.password_given_since(request, bound):
            signin.badge_session_upgrade(request=request)
            return None
        if not signin.badge_session_current(user=request.user, bound=bound):
            logout(request)
            return None
        if not changes_the_account(request.path):
            return None
        message = _("You are signed in with your badge: give your password to change this.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "password_required"}, status=403)
        if request.method in ("GET", "HEAD"):
            target = reverse("account_reauthenticate")
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return render(
            request,
            "error.html",
            {"status": 403, "title": _("Your password is needed"), "message": message},
            status=403,
        )
