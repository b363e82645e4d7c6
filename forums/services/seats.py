"""Every write to seats and forum capacity.

Capacity is exact under any number of simultaneous requests: a seat is confirmed by a
conditional ``UPDATE forum SET seats_taken = seats_taken + 1 WHERE seats_taken <
seat_capacity`` (which also locks the forum row until commit); when that matches no
row, the forum row is locked and the decision is taken again under the lock. Every
other change of seats (cancel, promotion, capacity) holds the same lock. On SQLite the
immediate transaction mode serializes writers. Database constraints back it up: one
active seat per delegate and forum, ``seats_taken <= seat_capacity``.
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Accreditation
from events.notifications import notify_delegate
from events.services import delegate_of, on_accreditation_ended, require_published
from forums.models import Forum, Seat
from forums.selectors import waitlist_position
from plenary.access import SYSTEM, is_secretariat, roles_of
from plenary.errors import Conflict, NotAllowed, ServiceError
from plenary.transitions import SYSTEM_ROLE, TransitionTable

SeatStatus = Seat.Status

# Who may make each change: the delegate ("owner"), the secretariat, or Plenary itself
# (promotions from the waiting list, seats released with their accreditation).
SEAT_TRANSITIONS = TransitionTable(
    {
        (SeatStatus.WAITLISTED, SeatStatus.CONFIRMED): {SYSTEM_ROLE},
        (SeatStatus.CONFIRMED, SeatStatus.CANCELLED): {"owner", "secretariat", SYSTEM_ROLE},
        (SeatStatus.WAITLISTED, SeatStatus.CANCELLED): {"owner", "secretariat", SYSTEM_ROLE},
    }
)


# Called inside the transaction when a delegate's place in a forum changes (a seat taken,
# given up, promoted, released) or when the forum's chairs change, so that a higher app
# can follow (debates: the rights of the sockets open in the forum's debates).
_forum_people_handlers: list[Callable[..., None]] = []


def on_forum_people_changed(handler: Callable[..., None]) -> Callable[..., None]:
    """Register ``handler(forum_id=..., user_ids=...)``; ``user_ids`` None: anyone."""
    if handler not in _forum_people_handlers:
        _forum_people_handlers.append(handler)
    return handler


def forum_people_changed(*, forum_id: int, user_ids: list[int] | None) -> None:
    """Tell the registered handlers that these users' places in the forum changed."""
    for handler in _forum_people_handlers:
        handler(forum_id=forum_id, user_ids=user_ids)


def lock_forum(forum_id: int) -> Forum:
    """The forum row, locked: every change of its seats holds this lock."""
    return Forum.objects.select_for_update(no_key=True).select_related("event").get(pk=forum_id)


def _seat_roles(seat: Seat, actor) -> set[str]:
    return roles_of(actor, owner_id=seat.delegate.user_id)


def seat_allowed_transitions(*, seat: Seat, actor) -> list[str]:
    """The states ``actor`` may move the seat to now."""
    return SEAT_TRANSITIONS.allowed(seat.status, _seat_roles(seat, actor))


def seat_transition(*, seat: Seat, to: str, actor, forum: Forum) -> Seat:
    """The one place where a seat changes state. The caller holds the lock on ``forum``.

    Keeps ``forum.seats_taken`` in step (the caller saves the forum) and queues the
    delegate's email on promotion.
    """
    if not SEAT_TRANSITIONS.exists(seat.status, to):
        raise Conflict(
            _("This seat is %(status)s and cannot become %(target)s.")
            % {"status": seat.get_status_display().lower(), "target": SeatStatus(to).label},
            code="invalid_transition",
        )
    if not SEAT_TRANSITIONS.permits(seat.status, to, _seat_roles(seat, actor)):
        raise NotAllowed(_("You may not change this seat."))

    now = timezone.now()
    if seat.status == SeatStatus.CONFIRMED:
        forum.seats_taken -= 1
    seat.status = to
    if to == SeatStatus.CONFIRMED:
        forum.seats_taken += 1
        seat.confirmed_at = now
        seat.was_waitlisted = True
        notify_delegate(
            delegate=seat.delegate,
            template="seat_promoted",
            context={"seat": seat, "forum": forum, "event": forum.event},
        )
    elif to == SeatStatus.CANCELLED:
        seat.cancelled_at = now
    seat.save(update_fields=["status", "confirmed_at", "cancelled_at", "was_waitlisted"])
    forum_people_changed(forum_id=forum.pk, user_ids=[seat.delegate.user_id])
    return seat


def _promote_waitlisted(*, forum: Forum) -> list[Seat]:
    """Fill free seats from the head of the waiting list. The caller holds the forum lock."""
    promoted = []
    while forum.seats_taken < forum.seat_capacity:
        head = (
            Seat.objects.select_for_update()
            .select_related("delegate__user")
            .filter(forum=forum, status=SeatStatus.WAITLISTED)
            .order_by("id")
            .first()
        )
        if head is None:
            break
        promoted.append(
            seat_transition(seat=head, to=SeatStatus.CONFIRMED, actor=SYSTEM, forum=forum)
        )
    return promoted


def seat_take(*, actor, forum: Forum) -> Seat:
    """Take a seat in ``forum`` for the caller, or join its waiting list when it is full.

    Needs an approved accreditation for the forum's event. Returns the seat with
    ``position`` set (its place on the waiting list, or None when confirmed).
    """
    delegate = delegate_of(actor)
    try:
        with transaction.atomic():
            require_published(forum.event)
            # Locked so that a simultaneous cancellation of the accreditation waits for us
            # (and then releases this seat too).
            accredited = list(
                Accreditation.objects.select_for_update(no_key=True)
                .filter(
                    delegate=delegate,
                    event_id=forum.event_id,
                    status=Accreditation.Status.APPROVED,
                )
                .values_list("pk", flat=True)[:1]
            )
            if not accredited:
                raise NotAllowed(
                    _("You need an approved accreditation for this event to take a seat."),
                    code="not_accredited",
                )
            if Seat.objects.filter(
                delegate=delegate, forum_id=forum.pk, status__in=Seat.ACTIVE
            ).exists():
                raise Conflict(
                    _("You already have a seat or a place on the waiting list in this forum."),
                    code="already_registered",
                )
            confirmed = Forum.objects.filter(
                pk=forum.pk, seats_taken__lt=F("seat_capacity")
            ).update(seats_taken=F("seats_taken") + 1)
            if not confirmed:
                locked = lock_forum(forum.pk)
                if locked.seats_taken < locked.seat_capacity:
                    locked.seats_taken += 1
                    locked.save(update_fields=["seats_taken"])
                    confirmed = 1
            now = timezone.now()
            seat = Seat.objects.create(
                delegate=delegate,
                forum_id=forum.pk,
                status=SeatStatus.CONFIRMED if confirmed else SeatStatus.WAITLISTED,
                created_at=now,
                confirmed_at=now if confirmed else None,
            )
            seat.position = None if confirmed else waitlist_position(seat)
            forum_people_changed(forum_id=forum.pk, user_ids=[delegate.user_id])
            notify_delegate(
                delegate=delegate,
                template="seat_confirmed" if confirmed else "seat_waitlisted",
                context={"seat": seat, "forum": forum, "event": forum.event},
            )
            return seat
    except IntegrityError:
        # The same delegate's simultaneous request got there first.
        raise Conflict(
            _("You already have a seat or a place on the waiting list in this forum."),
            code="already_registered",
        ) from None


@transaction.atomic
def seat_cancel(*, actor, seat: Seat) -> Seat:
    """Give up a seat or a place on the waiting list.

    A freed confirmed seat goes to the first delegate on the waiting list in the same
    transaction; they are told by email.
    """
    forum = lock_forum(seat.forum_id)
    seat = Seat.objects.select_for_update().select_related("delegate__user").get(pk=seat.pk)
    if seat.status == SeatStatus.CANCELLED:
        raise Conflict(_("This seat is already cancelled."), code="already_cancelled")
    seat_transition(seat=seat, to=SeatStatus.CANCELLED, actor=actor, forum=forum)
    _promote_waitlisted(forum=forum)
    forum.save(update_fields=["seats_taken"])
    return seat


@transaction.atomic
def forum_set_capacity(*, actor, forum: Forum, capacity: int) -> Forum:
    """Change the number of seats. More seats promote from the waiting list; fewer
    are refused below the number already confirmed (confirmed seats are never removed)."""
    if not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat changes forum capacity."))
    if capacity < 0:
        raise ServiceError(_("Capacity cannot be negative."), code="invalid_capacity")
    forum = lock_forum(forum.pk)
    if capacity < forum.seats_taken:
        raise ServiceError(
            _(
                "%(count)d seats are already confirmed; capacity cannot go below that. "
                "Confirmed seats are never removed."
            )
            % {"count": forum.seats_taken},
            code="capacity_below_confirmed",
        )
    forum.seat_capacity = capacity
    _promote_waitlisted(forum=forum)
    forum.save(update_fields=["seat_capacity", "seats_taken", "updated_at"])
    return forum


@on_accreditation_ended
def seat_release_for_accreditation(*, accreditation, actor) -> None:
    """An accreditation that ends takes the delegate's seats in that event with it
    (Plenary releases them, whoever ended the accreditation)."""
    seats = (
        Seat.objects.filter(
            delegate_id=accreditation.delegate_id,
            forum__event_id=accreditation.event_id,
            status__in=Seat.ACTIVE,
        )
        .order_by("forum_id")
        .values_list("pk", "forum_id")
    )
    for seat_pk, forum_id in list(seats):
        forum = lock_forum(forum_id)
        seat = Seat.objects.select_for_update().select_related("delegate__user").get(pk=seat_pk)
        seat_transition(seat=seat, to=SeatStatus.CANCELLED, actor=SYSTEM, forum=forum)
        _promote_waitlisted(forum=forum)
        forum.save(update_fields=["seats_taken"])
