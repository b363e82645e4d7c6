"""Reads of seats and waiting lists."""

import datetime
from collections.abc import Callable

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from forums.models import Forum, Seat


def _position_subquery():
    """A waitlisted seat's place: how many waitlisted seats of its forum came no later."""
    ahead = (
        Seat.objects.filter(
            forum_id=OuterRef("forum_id"), status=Seat.Status.WAITLISTED, id__lte=OuterRef("id")
        )
        .order_by()
        .values("forum_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Subquery(ahead, output_field=IntegerField())


def waitlist_position(seat: Seat) -> int | None:
    if seat.status != Seat.Status.WAITLISTED:
        return None
    return Seat.objects.filter(
        forum_id=seat.forum_id, status=Seat.Status.WAITLISTED, id__lte=seat.id
    ).count()


def seat_list(*, delegate=None, forum=None, status=None) -> QuerySet[Seat]:
    """Seats with ``position`` (None unless waitlisted), forum and delegate loaded."""
    seats = Seat.objects.select_related(
        "forum__event", "delegate__user", "delegate__organization"
    ).order_by("forum__event__start_date", "forum__title", "id")
    if delegate is not None:
        seats = seats.filter(delegate=delegate)
    if forum is not None:
        seats = seats.filter(forum=forum)
    if status is not None:
        seats = seats.filter(status=status)
    return seats.annotate(
        position=Case(
            When(status=Seat.Status.WAITLISTED, then=_position_subquery()),
            default=None,
            output_field=IntegerField(),
        )
    )


def waitlist(*, forum: Forum) -> QuerySet[Seat]:
    return (
        Seat.objects.filter(forum=forum, status=Seat.Status.WAITLISTED)
        .select_related("delegate__user", "delegate__organization")
        .order_by("id")
    )


def seat_is_confirmed(*, delegate, forum_id: int) -> bool:
    """Whether ``delegate`` holds a confirmed seat in the forum."""
    return bool(
        delegate
        and Seat.objects.filter(
            delegate=delegate, forum_id=forum_id, status=Seat.Status.CONFIRMED
        ).exists()
    )


def forum_occupancy(*, on: datetime.date | None = None) -> list[Forum]:
    """The forums of the events that have not ended by the day ``on`` (today), with their
    ``confirmed`` seats and the length of their ``waiting`` list (one query)."""
    on = on or timezone.localdate()
    return list(
        Forum.objects.filter(event__end_date__gte=on)
        .select_related("event")
        .annotate(
            confirmed=Count("seats", filter=Q(seats__status=Seat.Status.CONFIRMED)),
            waiting=Count("seats", filter=Q(seats__status=Seat.Status.WAITLISTED)),
        )
        .order_by("event__start_date", "event__title", "title")
    )


# What a delegate should know before giving up a seat, asked of the apps above this one
# (debates: the delegate holds the floor in one of the forum's debates).
_seat_cancel_warnings: list[Callable[..., str | None]] = []


def on_seat_cancel_warning(warning: Callable[..., str | None]) -> Callable[..., str | None]:
    """Register ``warning(delegate=..., forum=...)``: a sentence, or None."""
    if warning not in _seat_cancel_warnings:
        _seat_cancel_warnings.append(warning)
    return warning


def seat_cancel_warning(*, delegate, forum: Forum) -> str | None:
    """The first registered warning that applies to ``delegate`` giving up their seat in
    ``forum``, or None."""
    for warning in _seat_cancel_warnings:
        message = warning(delegate=delegate, forum=forum)
        if message:
            return message
    return None
