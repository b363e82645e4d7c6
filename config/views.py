"""Error pages: JSON for the API, HTML for everything else."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, code: str, title: str, message: str):
    if _wants_json(request):
        return JsonResponse({"detail": message, "code": code}, status=status)
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request, exception=None):
    return _error(
        request, 400, "bad_request", _("Bad request"), _("The request could not be understood.")
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        "forbidden",
        _("Not allowed"),
        _("You do not have permission to see this page."),
    )


def page_not_found(request, exception=None):
    return _error(request, 404, "not_found", _("Not found"), _("There is nothing at this address."))


def server_error(request):
    return _error(
        request,
        500,
        "server_error",
        _("Something went wrong"),
        _("The secretariat has been told. Please try again in a moment."),
    )


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """The 404 of an unknown API address: JSON, whatever DEBUG says."""
    return JsonResponse(
        {"detail": _("There is nothing at this address."), "code": "not_found"}, status=404
    )


def favicon(request):
    """``/favicon.ico``, which browsers ask for on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
