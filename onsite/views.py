"""The door staff's pages: the lists they may scan at, and the scanning page, which keeps
working offline (its service worker caches the page, its script and the offline bundle)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse

from onsite import selectors, services
from onsite.models import BadgeRole


def _door_staff(request):
    if not selectors.can_scan(request.user):
        raise PermissionDenied


@login_required
def index(request):
    _door_staff(request)
    lists = selectors.checkin_list_visible(user=request.user).order_by("event__start_date", "pk")
    return render(request, "onsite/index.html", {"lists": lists})


@login_required
def scan(request, pk: int):
    _door_staff(request)
    checkin_list = get_object_or_404(selectors.checkin_list_visible(user=request.user), pk=pk)
    config = {
        "list": checkin_list.pk,
        "event": checkin_list.event_id,
        "offline": reverse("checkin-list-offline", args=[checkin_list.pk]),
        "search": reverse("checkin-list-search", args=[checkin_list.pk]),
        "counts": reverse("checkin-list-counts", args=[checkin_list.pk]),
        "scans": reverse("scan-list"),
        "worker": reverse("onsite:worker"),
        "reasons": {code: str(message) for code, message in services.REASONS.items()},
        "roles": dict(BadgeRole.choices),
    }
    return render(
        request,
        "onsite/scan.html",
        {"checkin_list": checkin_list, "doors": checkin_list.doors.all(), "config": config},
    )


def worker(request):
    """The service worker, served under /onsite/ so that it may control the scanning pages."""
    body = render_to_string("onsite/worker.js", request=request)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
