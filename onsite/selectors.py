"""Reads of the on-site records: who may scan, who is inside a room, what a scanner
keeps for a day offline, how an event's badges are printed and how far a print job is."""

import base64
import dataclasses
import datetime

from django.db.models import Q, QuerySet

from events.models import Accreditation
from forums.models import Forum, Seat
from onsite.models import (
    Badge,
    BadgePrintJob,
    BadgeSettings,
    CheckInList,
    Direction,
    Outcome,
    Scan,
)
from plenary.access import is_secretariat


def can_scan(user) -> bool:
    """Door staff (the ``onsite.scan_badges`` permission) and the secretariat."""
    if user is None or not user.is_authenticated:
        return False
    return is_secretariat(user) or user.has_perm("onsite.scan_badges")


def checkin_list_visible(*, user) -> QuerySet[CheckInList]:
    if not can_scan(user):
        return CheckInList.objects.none()
    return CheckInList.objects.select_related("event", "forum").prefetch_related("doors")


def inside(checkin_list_id: int) -> dict[int, datetime.datetime]:
    """Accreditations inside the list's room now, with the time each came in: the last
    accepted scan of each, by the time it was scanned, is an entry."""
    state: dict[int, datetime.datetime] = {}
    scans = (
        Scan.objects.filter(checkin_list_id=checkin_list_id, outcome=Outcome.ACCEPTED)
        .order_by("scanned_at", "id")
        .values_list("accreditation_id", "direction", "scanned_at")
    )
    for accreditation_id, direction, scanned_at in scans:
        if direction == Direction.ENTRY:
            state.setdefault(accreditation_id, scanned_at)
        else:
            state.pop(accreditation_id, None)
    return state


def inside_since(
    *, checkin_list_id: int, accreditation_id: int, before
) -> datetime.datetime | None:
    """When the accreditation came into the list's room, if it was inside at ``before``."""
    last = (
        Scan.objects.filter(
            checkin_list_id=checkin_list_id,
            accreditation_id=accreditation_id,
            outcome=Outcome.ACCEPTED,
            scanned_at__lte=before,
        )
        .order_by("-scanned_at", "-id")
        .values_list("direction", "scanned_at")
        .first()
    )
    if last is None or last[0] != Direction.ENTRY:
        return None
    return last[1]


def delegates_in_room(*, forum_id: int) -> set[int]:
    """The delegates inside the room of ``forum_id`` (any of its check-in lists)."""
    lists = list(CheckInList.objects.filter(forum_id=forum_id).values_list("pk", flat=True))
    accreditations = set()
    for list_id in lists:
        accreditations |= set(inside(list_id))
    return set(
        Accreditation.objects.filter(pk__in=accreditations).values_list("delegate_id", flat=True)
    )


@dataclasses.dataclass(frozen=True)
class Presence:
    """What the chair sees before opening a vote: who is in the room (by the doors) and
    who is present remotely (answered, but not scanned in)."""

    in_room: int
    remote: int
    in_room_ids: frozenset[int]
    tracked: bool  # the forum's room has a check-in list: its doors count


def room_tracked(*, forum_id: int) -> bool:
    """Whether the doors of the forum's room count who is in it (it has a check-in list)."""
    return CheckInList.objects.filter(forum_id=forum_id).exists()


def presence(*, forum_id: int, present_delegate_ids=()) -> Presence:
    """Split ``present_delegate_ids`` (a roll call's answers) into in the room and remote;
    the room count also has those scanned in who have not answered yet."""
    tracked = room_tracked(forum_id=forum_id)
    room = delegates_in_room(forum_id=forum_id) if tracked else set()
    seated = set(
        Seat.objects.filter(
            forum_id=forum_id, status=Seat.Status.CONFIRMED, delegate_id__in=room
        ).values_list("delegate_id", flat=True)
    )
    remote = set(present_delegate_ids) - seated
    return Presence(
        in_room=len(seated), remote=len(remote), in_room_ids=frozenset(seated), tracked=tracked
    )


def current_badge(accreditation_id: int) -> Badge | None:
    return Badge.objects.filter(accreditation_id=accreditation_id, revoked_at__isnull=True).first()


def current_badges(accreditation_ids) -> dict[int, Badge]:
    return {
        badge.accreditation_id: badge
        for badge in Badge.objects.filter(
            accreditation_id__in=accreditation_ids, revoked_at__isnull=True
        )
    }


def has_seat(*, accreditation: Accreditation, forum: Forum) -> bool:
    return Seat.objects.filter(
        delegate_id=accreditation.delegate_id, forum=forum, status=Seat.Status.CONFIRMED
    ).exists()


def accreditation_search(*, checkin_list: CheckInList, query: str, limit: int = 20):
    """Approved accreditations of the list's event whose name or badge name has ``query``
    (the delegate who forgot their badge)."""
    words = query.split()[:4]
    if not words:
        return Accreditation.objects.none()
    rows = Accreditation.objects.filter(
        event_id=checkin_list.event_id, status=Accreditation.Status.APPROVED
    )
    for word in words:
        rows = rows.filter(
            Q(delegate__user__first_name__icontains=word)
            | Q(delegate__user__last_name__icontains=word)
            | Q(badges__name__icontains=word, badges__revoked_at__isnull=True)
            | Q(badges__latin_name__icontains=word, badges__revoked_at__isnull=True)
        )
    return (
        rows.select_related("delegate__user", "organization")
        .distinct()
        .order_by("delegate__user__last_name", "delegate__user__first_name", "pk")[:limit]
    )


def offline_bundle(checkin_list: CheckInList) -> dict:
    """What a scanner keeps to decide alone for a day: the event's public key, every
    approved accreditation with its current badge version (older versions are revoked),
    who has a seat where one is required, and who is inside now."""

    event = checkin_list.event
    key = getattr(event, "signing_key", None)
    badges = {
        row["accreditation_id"]: row
        for row in Badge.objects.filter(accreditation__event=event, revoked_at__isnull=True).values(
            "accreditation_id", "version", "name", "latin_name", "role"
        )
    }
    seated = None
    if checkin_list.forum_id and checkin_list.requires_seat:
        seated = set(
            Seat.objects.filter(
                forum_id=checkin_list.forum_id, status=Seat.Status.CONFIRMED
            ).values_list("delegate_id", flat=True)
        )
    now_inside = inside(checkin_list.pk)
    people = []
    for accreditation in (
        Accreditation.objects.filter(event=event, status=Accreditation.Status.APPROVED)
        .select_related("delegate__user", "organization")
        .order_by("pk")
    ):
        badge = badges.get(accreditation.pk, {})
        since = now_inside.get(accreditation.pk)
        people.append(
            {
                "accreditation": accreditation.pk,
                "version": badge.get("version"),
                "name": badge.get("name") or accreditation.delegate.display_name,
                "latin_name": badge.get("latin_name", ""),
                "organization": accreditation.organization.name,
                "role": badge.get("role", "delegate"),
                "seat": seated is None or accreditation.delegate_id in seated,
                "inside_since": since.isoformat() if since else None,
            }
        )
    return {
        "event": event.pk,
        "list": checkin_list.pk,
        "public_key": base64.b64encode(bytes(key.public_key)).decode() if key else None,
        "people": people,
    }


def badge_settings_for(event) -> BadgeSettings:
    """The event's badge settings; the defaults (unsaved) when the secretariat chose none."""
    chosen = BadgeSettings.objects.filter(event=event).first()
    return chosen or BadgeSettings(event=event)


def badge_print_jobs(*, user) -> QuerySet[BadgePrintJob]:
    """Print jobs without their PDF (the secretariat's only)."""
    if not is_secretariat(user):
        return BadgePrintJob.objects.none()
    return BadgePrintJob.objects.defer("pdf").select_related("event")


def badge_print_job_pdf(*, user, pk: int) -> bytes | None:
    """The PDF of a printed job, for the secretariat; ``None`` while it is not ready."""
    if not is_secretariat(user):
        return None
    found = BadgePrintJob.objects.filter(pk=pk, status=BadgePrintJob.Status.DONE)
    pdf = found.values_list("pdf", flat=True).first()
    return bytes(pdf) if pdf is not None else None


@dataclasses.dataclass(frozen=True)
class PrintProgress:
    """How far a print job is, as its page and its status endpoint show it."""

    job: BadgePrintJob
    stale: bool

    @property
    def state(self) -> str:
        """queued, running, done, failed, or stale (queued or running, not moving)."""
        return "stale" if self.stale else self.job.status

    @property
    def percent(self) -> int:
        if self.job.status == BadgePrintJob.Status.DONE:
            return 100
        return (100 * self.job.done) // self.job.total if self.job.total else 0

    @property
    def active(self) -> bool:
        return self.state in (BadgePrintJob.Status.QUEUED, BadgePrintJob.Status.RUNNING)

    @property
    def can_restart(self) -> bool:
        return self.state in ("stale", BadgePrintJob.Status.FAILED)


def print_progress(job: BadgePrintJob) -> PrintProgress:
    return PrintProgress(job=job, stale=job.is_stale())
