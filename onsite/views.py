"""The door staff's pages: the lists they may scan at, and the scanning page, which keeps
working offline (its service worker caches the page, its script and the offline bundle);
the link of a badge's QR code, which signs its owner in on their phone. The secretariat's:
the attendance dashboard, and the badge print jobs started from it (a progress page, its
JSON status, the PDF)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events.models import Event, Region
from onsite import dashboard, selectors, services, signin
from onsite.credentials import CredentialError
from onsite.models import BadgeLayout, BadgePaper, BadgeRole
from plenary.access import is_secretariat
from plenary.csvexport import csv_response
from plenary.errors import ServiceError


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
        "site": settings.SITE_URL,
        "offline": reverse("api:checkin-list-offline", args=[checkin_list.pk]),
        "search": reverse("api:checkin-list-search", args=[checkin_list.pk]),
        "counts": reverse("api:checkin-list-counts", args=[checkin_list.pk]),
        "scans": reverse("api:scan-list"),
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


def _secretariat(request):
    if not is_secretariat(request.user):
        raise PermissionDenied


def _dashboard(request, event, *, status=200):
    context = {
        "event": event,
        **dashboard.dashboard(event),
        "badge_settings": selectors.badge_settings_for(event),
        "layouts": BadgeLayout.choices,
        "papers": BadgePaper.choices,
        "print_jobs": [
            selectors.print_progress(job)
            for job in selectors.badge_print_jobs(user=request.user).filter(event=event)[:5]
        ],
    }
    return render(request, "onsite/dashboard.html", context, status=status)


@login_required
def dashboard_page(request, slug: str):
    _secretariat(request)
    return _dashboard(request, get_object_or_404(Event, slug=slug))


@login_required
def attendance_csv(request, slug: str):
    _secretariat(request)
    event = get_object_or_404(Event, slug=slug)
    header = [_("Name"), _("Organization"), _("Region"), _("First arrival"), _("Inside now")]
    rows = (
        [
            row["name"],
            row["organization"],
            Region(row["region"]).label,
            row["arrived"].isoformat(timespec="minutes") if row["arrived"] else "",
            _("yes") if row["inside"] else _("no"),
        ]
        for row in dashboard.attendance_rows(event)
    )
    return csv_response(f"attendance-{event.slug}.csv", header, rows)


from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events.models import Event, Region
from onsite import dashboard, selectors, services, signin
from onsite.credentials import CredentialError
from onsite.models import BadgeLayout, BadgePaper, BadgeRole
