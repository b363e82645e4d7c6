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
        "offline": reverse("api:checkin-list-offline", args=[checkin_list.pk]),
        "search": reverse("api:checkin-list-search", args=[checkin_list.pk]),
        "counts": reverse("api:checkin-list-counts", args=[checkin_list.pk]),
        "scans": reverse("api:scan-list"),
        "worker": reverse("onsite:worker"),
        "site": settings.SITE_URL,
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


@login_required
@require_POST
def badge_print_start(request, slug: str):
    _secretariat(request)
    event = get_object_or_404(Event, slug=slug)
    try:
        job = services.badge_print_job_start(
            actor=request.user,
            event=event,
            layout=request.POST.get("layout") or None,
            paper=request.POST.get("paper") or None,
        )
    except ServiceError as error:
        messages.error(request, error.message, extra_tags="inline badges")
        return _dashboard(request, event, status=error.status_code)
    return redirect("onsite:print-job", pk=job.pk)


def _job(request, pk: int):
    _secretariat(request)
    return get_object_or_404(selectors.badge_print_jobs(user=request.user), pk=pk)


def _status(progress) -> dict:
    job = progress.job
    return {
        "id": job.pk,
        "state": progress.state,
        "label": _("Stopped") if progress.stale else job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": progress.percent,
        "message": job.message,
        "download": reverse("onsite:print-job-pdf", args=[job.pk])
        if job.status == job.Status.DONE
        else None,
    }


@login_required
@require_GET
def print_job_page(request, pk: int):
    progress = selectors.print_progress(_job(request, pk))
    return render(
        request,
        "onsite/print_job.html",
        {"progress": progress, "job": progress.job, "status": _status(progress)},
    )


@login_required
@require_GET
def print_job_status(request, pk: int):
    response = JsonResponse(_status(selectors.print_progress(_job(request, pk))))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def print_job_restart(request, pk: int):
    job = _job(request, pk)
    try:
        services.badge_print_job_restart(actor=request.user, job=job)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("onsite:print-job", pk=job.pk)


@login_required
@require_GET
def print_job_pdf(request, pk: int):
    job = _job(request, pk)
    pdf = selectors.badge_print_job_pdf(user=request.user, pk=job.pk)
    if pdf is None:
        return HttpResponse(
            _("These badges are not printed yet."), status=409, content_type="text/plain"
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="badges-{job.event.slug}-{job.pk}-{job.paper}.pdf"'
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


# Navigations that may sign in on a GET: the phone's camera opening the link (no page
# started it: ``Sec-Fetch-Site: none``), or a browser that does not say.
DIRECT_NAVIGATION = {"none", "same-origin"}


@require_http_methods(["GET", "HEAD", "POST"])
def badge_signin(request, code: str):
    """The link of a badge's QR code: a valid, current badge signs its owner in (a badge
    session, ``onsite.signin``) and opens their room.

    Login CSRF: a GET signs in only a browser signed in as nobody, and only when no other
    site sent it there (``Sec-Fetch-Site`` none or same-origin, or absent); otherwise, and
    over another person's session, the page asks first and signs in on its POST, which
    the CSRF token protects. Someone already signed in as the badge's owner keeps their
    session (a password session is never made a badge one).
    """
    try:
        badge = signin.badge_for_signin(code, now=timezone.now())
    except CredentialError as error:
        message, status = signin.REASONS.get(error.reason, signin.REASONS["malformed"])
        return render(
            request,
            "onsite/badge_signin.html",
            {"refused": message, "reason": error.reason},
            status=status,
        )
    owner = badge.accreditation.delegate.user
    landing = signin.landing_url(user=owner, event=badge.accreditation.event)
    if request.user.is_authenticated and request.user.pk == owner.pk:
        return redirect(landing)
    direct = request.headers.get("Sec-Fetch-Site", "none") in DIRECT_NAVIGATION
    if request.method == "POST" or (direct and not request.user.is_authenticated):
        signin.badge_session_begin(request=request, badge=badge)
        return redirect(landing)
    return render(request, "onsite/badge_signin.html", {"badge": badge, "owner": owner})
