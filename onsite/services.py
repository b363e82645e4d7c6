"""Every write of the on-site records: signing keys, badges (issue and reprint), the
badge settings of an event and its print jobs, scans.

A scan is idempotent by its ``scan_id`` (chosen by the scanner when it scans, as pretix's
``nonce``): the same scan uploaded again, online or from an offline queue, answers what
it answered the first time and is counted once.
"""

import dataclasses
import datetime
import functools
import logging
import threading
import unicodedata
import uuid
import zoneinfo

from anyascii import anyascii
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Accreditation, Event
from forums.models import Forum
from forums.services import forum_people_changed
from onsite import credentials
from onsite.badges.pdf import BadgeDocument
from onsite.badges.prints import badge_prints, in_print_order
from onsite.models import (
    Badge,
    BadgeLayout,
    BadgePaper,
    BadgePrintJob,
    BadgeRole,
    BadgeSettings,
    CheckInList,
    Direction,
    Door,
    Outcome,
    Scan,
    SigningKey,
)
from onsite.selectors import badge_settings_for, can_scan, has_seat, inside_since
from plenary.access import is_secretariat
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError

# Why a badge was refused at a door: what the door staff read, in large type.
REASONS = {
    "malformed": gettext_lazy("This is not a badge code."),
    "foreign_site": gettext_lazy("This code is a link to another site, not a badge."),
    "bad_signature": gettext_lazy("This badge is forged or damaged: its signature is wrong."),
    "foreign_event": gettext_lazy("This badge is for another event."),
    "expired": gettext_lazy("This badge has expired."),
    "revoked": gettext_lazy("This badge was replaced by a reprint: ask for the new one."),
    "unknown": gettext_lazy("No badge of this event has this code."),
    "not_accredited": gettext_lazy("This person is not accredited for the event."),
    "no_seat": gettext_lazy("This person has no seat in this forum."),
}
# A clock ahead of the server's by more than this is a wrong clock, not a scan.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _require_secretariat(actor):
    if not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat prints badges."))


# --- keys and badges -----------------------------------------------------------------------


@transaction.atomic
def signing_key_ensure(*, event: Event) -> SigningKey:
    """The event's signing key, made the first time a badge of the event is issued."""
    key = SigningKey.objects.select_for_update().filter(event=event).first()
    if key is None:
        private, public = credentials.new_key_pair()
        key = SigningKey.objects.create(event=event, private_key=private, public_key=public)
    return key


def _default_role(accreditation: Accreditation) -> str:
    chairs = Forum.chairs.through.objects.filter(
        forum__event_id=accreditation.event_id, user_id=accreditation.delegate.user_id
    ).exists()
    if chairs:
        return BadgeRole.CHAIR
    if accreditation.organization.kind == accreditation.organization.Kind.PARTNER:
        return BadgeRole.OBSERVER
    return BadgeRole.DELEGATE


def _is_latin(text: str) -> bool:
    return all(unicodedata.name(char, "").startswith("LATIN") for char in text if char.isalpha())


def _expiry(event: Event) -> datetime.datetime:
    """Midnight after the event's last day, in its time zone."""
    day_after = event.end_date + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day_after, datetime.time(), tzinfo=zoneinfo.ZoneInfo(event.time_zone)
    )


@transaction.atomic
def badge_issue(
    *,
    actor,
    accreditation: Accreditation,
    name: str | None = None,
    latin_name: str | None = None,
    role: str | None = None,
) -> Badge:
    """A new badge for an approved accreditation; a badge printed before is revoked (its
    QR code is refused from now on)."""
    _require_secretariat(actor)
    accreditation = (
        Accreditation.objects.select_for_update()
        .select_related("delegate__user", "organization", "event")
        .get(pk=accreditation.pk)
    )
    if accreditation.status != Accreditation.Status.APPROVED:
        raise Conflict(_("Only an approved accreditation has a badge."), code="not_accredited")
    if role is not None and role not in BadgeRole.values:
        raise ServiceError(_("Unknown badge role."), code="invalid_role")
    signing_key_ensure(event=accreditation.event)
    now = timezone.now()
    previous = Badge.objects.filter(accreditation=accreditation).order_by("-version").first()
    revoked = Badge.objects.filter(accreditation=accreditation, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if revoked:
        # A badge session of the badge before ends; the live rooms' sockets look again.
        for forum_id in Forum.objects.filter(event=accreditation.event).values_list(
            "pk", flat=True
        ):
            forum_people_changed(forum_id=forum_id, user_ids=[accreditation.delegate.user_id])
    account_name = accreditation.delegate.display_name
    name = (name or "").strip() or account_name
    if latin_name is None:
        latin_name = previous.latin_name if previous else ""
    latin_name = latin_name.strip() or (account_name if _is_latin(account_name) else anyascii(name))
    return Badge.objects.create(
        accreditation=accreditation,
        version=(previous.version + 1) if previous else 1,
        name=name,
        latin_name="" if latin_name == name else latin_name,
        role=role or (previous.role if previous else _default_role(accreditation)),
        issued_at=now,
        issued_by=actor if getattr(actor, "pk", None) else None,
        expires_at=_expiry(accreditation.event),
    )


def badges_issue_missing(*, actor, event: Event) -> list[Badge]:
    """A badge for each approved accreditation of ``event`` that has none valid (the
    secretariat prints a batch); those with one keep it."""
    _require_secretariat(actor)
    missing = (
        Accreditation.objects.filter(event=event, status=Accreditation.Status.APPROVED)
        .exclude(pk__in=Badge.objects.filter(revoked_at__isnull=True).values("accreditation_id"))
        .order_by("pk")
    )
    return [badge_issue(actor=actor, accreditation=accreditation) for accreditation in missing]


# --- badge settings and print jobs ---------------------------------------------------------

logger = logging.getLogger(__name__)
# Badges drawn between two progress updates of a print job.
PRINT_CHUNK = 25


def _layout_and_paper(layout, paper) -> tuple[str, str]:
    if layout not in BadgeLayout.values:
        raise ServiceError(_("Unknown badge layout."), code="invalid_layout")
    if paper not in BadgePaper.values:
        raise ServiceError(_("Unknown paper size."), code="invalid_paper")
    return layout, paper


@transaction.atomic
def badge_settings_set(*, actor, event: Event, layout: str, paper: str) -> BadgeSettings:
    """The layout and the paper of ``event``'s badges, chosen by the secretariat."""
    _require_secretariat(actor)
    layout, paper = _layout_and_paper(layout, paper)
    chosen, _created = BadgeSettings.objects.update_or_create(
        event=event, defaults={"layout": layout, "paper": paper}
    )
    return chosen


@transaction.atomic
def badge_print_job_start(
    *,
    actor,
    event: Event,
    badges=None,
    layout: str | None = None,
    paper: str | None = None,
) -> BadgePrintJob:
    """A job printing ``badges`` (every valid badge of ``event`` when none are given) in
    ``layout`` on ``paper`` (the event's settings when not given). It is rendered in a
    thread of its own once this transaction commits; the job says how far it has got."""
    _require_secretariat(actor)
    chosen = badge_settings_for(event)
    layout, paper = _layout_and_paper(layout or chosen.layout, paper or chosen.paper)
    valid = Badge.objects.filter(accreditation__event=event, revoked_at__isnull=True)
    if badges is not None:
        wanted = {badge.pk for badge in badges}
        valid = valid.filter(pk__in=wanted)
    ids = list(valid.values_list("pk", flat=True))
    if badges is not None and len(ids) != len(wanted):
        raise ServiceError(
            _("Only the valid badges of this event are printed together."), code="invalid_badges"
        )
    if not ids:
        raise Conflict(_("This event has no badge to print."), code="no_badges")
    job = BadgePrintJob.objects.create(
        event=event,
        layout=layout,
        paper=paper,
        language=translation.get_language() or "",
        requested_by=actor if getattr(actor, "pk", None) else None,
        total=len(ids),
    )
    job.badges.set(ids)
    transaction.on_commit(functools.partial(badge_print_job_in_background, job_id=job.pk))
    return job


@transaction.atomic
def badge_print_job_restart(*, actor, job: BadgePrintJob) -> BadgePrintJob:
    """Start again a job that failed, or whose process died (stale)."""
    _require_secretariat(actor)
    job = BadgePrintJob.objects.select_for_update().defer("pdf").get(pk=job.pk)
    if job.status == BadgePrintJob.Status.DONE:
        raise Conflict(_("These badges are printed already."), code="printed")
    if job.status != BadgePrintJob.Status.FAILED and not job.is_stale():
        raise Conflict(_("These badges are being printed."), code="printing")
    now = timezone.now()
    BadgePrintJob.objects.filter(pk=job.pk).update(
        status=BadgePrintJob.Status.QUEUED,
        attempt=job.attempt + 1,
        done=0,
        message="",
        pdf=None,
        updated_at=now,
        finished_at=None,
    )
    transaction.on_commit(functools.partial(badge_print_job_in_background, job_id=job.pk))
    return BadgePrintJob.objects.defer("pdf").get(pk=job.pk)


class _Superseded(Exception):
    """The job was started again while this run was at it: the newer run carries on."""


def _job_update(job_id: int, attempt: int, **fields) -> None:
    """One short transaction: the job's row, if this run still owns it."""
    with transaction.atomic():
        moved = BadgePrintJob.objects.filter(
            pk=job_id, attempt=attempt, status=BadgePrintJob.Status.RUNNING
        ).update(updated_at=timezone.now(), **fields)
    if not moved:
        raise _Superseded


def badge_print_job_run(*, job_id: int) -> None:
    """Render a queued job's PDF here and now, ``PRINT_CHUNK`` badges at a time, moving
    ``done`` after each chunk; the job ends done with its PDF, or failed with the reason.
    A job that is not queued (another run took it) is left alone."""
    job = BadgePrintJob.objects.defer("pdf").filter(pk=job_id).first()
    if job is None or job.status != BadgePrintJob.Status.QUEUED:
        return
    attempt = job.attempt
    ids = list(
        in_print_order(job.badges.filter(revoked_at__isnull=True)).values_list("pk", flat=True)
    )
    with transaction.atomic():
        claimed = BadgePrintJob.objects.filter(
            pk=job_id, attempt=attempt, status=BadgePrintJob.Status.QUEUED
        ).update(
            status=BadgePrintJob.Status.RUNNING, total=len(ids), done=0, updated_at=timezone.now()
        )
    if not claimed:
        return
    document = None
    try:
        with translation.override(job.language or None):
            document = BadgeDocument(paper=job.paper, layout=job.layout)
            for start in range(0, len(ids), PRINT_CHUNK):
                chunk = ids[start : start + PRINT_CHUNK]
                document.add(badge_prints(in_print_order(Badge.objects.filter(pk__in=chunk))))
                _job_update(job_id, attempt, done=start + len(chunk))
            pdf = document.output()
        _job_update(
            job_id, attempt, status=BadgePrintJob.Status.DONE, pdf=pdf, finished_at=timezone.now()
        )
    except _Superseded:
        return
    except Exception as error:
        logger.exception("Badge print job %s failed", job_id)
        try:
            _job_update(
                job_id,
                attempt,
                status=BadgePrintJob.Status.FAILED,
                message=(str(error) or type(error).__name__)[:300],
                finished_at=timezone.now(),
            )
        except _Superseded:
            return
    finally:
        if document is not None:
            document.close()


def _run_and_disconnect(job_id: int) -> None:
    try:
        badge_print_job_run(job_id=job_id)
    finally:
        connection.close()


def badge_print_job_in_background(*, job_id: int) -> threading.Thread:
    """Run the job in a thread of this process (no queue, no worker to install). Were the
    process to die, the job goes stale and can be started again."""
    thread = threading.Thread(
        target=_run_and_disconnect, args=(job_id,), name=f"badge-print-{job_id}", daemon=True
    )
    thread.start()
    return thread


# --- scans ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ScanResult:
    scan: Scan
    replayed: bool
    inside_since: datetime.datetime | None

    @property
    def message(self) -> str:
        if self.scan.outcome == Outcome.REFUSED:
            return str(REASONS.get(self.scan.reason, self.scan.reason))
        if self.scan.outcome == Outcome.ALREADY_INSIDE:
            zone = zoneinfo.ZoneInfo(self.scan.checkin_list.event.time_zone)
            return _("Already inside since %(time)s.") % {
                "time": timezone.localtime(self.inside_since, zone).strftime("%H:%M")
            }
        if self.scan.direction == Direction.EXIT:
            return _("Goodbye.")
        return _("Welcome.")


def _refusal(reason: str, badge=None, accreditation=None):
    return Outcome.REFUSED, reason, badge, accreditation


def _judge(*, checkin_list: CheckInList, code, accreditation_id, now):
    """(outcome, reason, badge, accreditation) of a scan before its place in time counts."""
    event = checkin_list.event
    badge = None
    if code is not None:
        key = SigningKey.objects.filter(event=event).first()
        try:
            credential = credentials.read(
                code,
                event_id=event.pk,
                public_key=bytes(key.public_key) if key else None,
                now=now,
                site_url=settings.SITE_URL,
            )
        except credentials.CredentialError as error:
            return _refusal(error.reason)
        badge = (
            Badge.objects.select_related("accreditation")
            .filter(
                accreditation_id=credential.accreditation_id,
                accreditation__event=event,
                version=credential.version,
            )
            .first()
        )
        if badge is None:
            return _refusal("unknown")
        accreditation = badge.accreditation
        if badge.revoked_at is not None:
            return _refusal("revoked", badge, accreditation)
    else:
        accreditation = Accreditation.objects.filter(pk=accreditation_id, event=event).first()
        if accreditation is None:
            return _refusal("not_accredited")
    if accreditation.status != Accreditation.Status.APPROVED:
        return _refusal("not_accredited", badge, accreditation)
    if (
        checkin_list.forum_id
        and checkin_list.requires_seat
        and not has_seat(accreditation=accreditation, forum=checkin_list.forum)
    ):
        return _refusal("no_seat", badge, accreditation)
    return Outcome.ACCEPTED, "", badge, accreditation


def scan_record(
    *,
    actor,
    checkin_list: CheckInList,
    scan_id: uuid.UUID,
    direction: str,
    scanned_at: datetime.datetime,
    code: str | None = None,
    accreditation_id: int | None = None,
    door: Door | None = None,
) -> ScanResult:
    """Record a scan (a badge's ``code``, or an ``accreditation_id`` found by name) at a
    door of ``checkin_list``. Refusals are recorded too, with their reason."""
    if not can_scan(actor):
        raise NotAllowed(_("Only door staff scan badges."))
    if direction not in Direction.values:
        raise ServiceError(_("A scan is an entry or an exit."), code="invalid_direction")
    if (code is None) == (accreditation_id is None):
        raise ServiceError(_("Give a badge code or a person, not both."), code="invalid_scan")
    if door is not None and door.checkin_list_id != checkin_list.pk:
        raise NotFound(_("This door is not one of this list's."))
    now = timezone.now()
    if scanned_at > now + CLOCK_SKEW:
        raise ServiceError(
            _("This scan is dated in the future: check the scanner's clock."), code="clock"
        )
    previous = _replay(scan_id, checkin_list)
    if previous is not None:
        return previous
    try:
        with transaction.atomic():
            return _record(
                actor=actor,
                checkin_list=checkin_list,
                scan_id=scan_id,
                direction=direction,
                scanned_at=scanned_at,
                code=code,
                accreditation_id=accreditation_id,
                door=door,
                now=now,
            )
    except IntegrityError:
        # The same scan arrived twice at once (two offline tabs syncing): one row won.
        previous = _replay(scan_id, checkin_list)
        if previous is None:
            raise
        return previous


def _replay(scan_id, checkin_list) -> ScanResult | None:
    scan = Scan.objects.select_related("accreditation").filter(scan_id=scan_id).first()
    if scan is None:
        return None
    if scan.checkin_list_id != checkin_list.pk:
        raise Conflict(_("This scan id was used at another list."), code="scan_id_reused")
    since = None
    if scan.outcome == Outcome.ALREADY_INSIDE:
        since = inside_since(
            checkin_list_id=scan.checkin_list_id,
            accreditation_id=scan.accreditation_id,
            before=scan.scanned_at,
        )
    return ScanResult(scan=scan, replayed=True, inside_since=since)


def _record(
    *, actor, checkin_list, scan_id, direction, scanned_at, code, accreditation_id, door, now
):
    outcome, reason, badge, accreditation = _judge(
        checkin_list=checkin_list, code=code, accreditation_id=accreditation_id, now=now
    )
    since = None
    if accreditation is not None:
        # One person's scans are decided one at a time, whichever door they come through.
        Accreditation.objects.select_for_update().filter(pk=accreditation.pk).first()
    if outcome == Outcome.ACCEPTED and direction == Direction.ENTRY:
        since = inside_since(
            checkin_list_id=checkin_list.pk,
            accreditation_id=accreditation.pk,
            before=scanned_at,
        )
        if since is not None:
            outcome = Outcome.ALREADY_INSIDE
    scan = Scan.objects.create(
        scan_id=scan_id,
        checkin_list=checkin_list,
        door=door,
        accreditation=accreditation,
        badge=badge,
        direction=direction,
        outcome=outcome,
        reason=reason,
        manual=code is None,
        scanned_at=scanned_at,
        received_at=now,
        scanned_by=actor,
    )
    return ScanResult(scan=scan, replayed=False, inside_since=since)
