from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

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


def forum_list(*, event=None) -> QuerySet[Forum]:
    """Forums with ``waitlist_length`` counted in the same query."""
    forums = Forum.objects.select_related("event").annotate(
        waitlist_length=Coalesce(
            Count("seats", filter=Q(seats__status=Seat.Status.WAITLISTED)), Value(0)
        )
    )
    if event is not None:
        forums = forums.filter(event=event)
    return forums.order_by("event__start_date", "title")


def waitlist(*, forum: Forum) -> QuerySet[Seat]:
    return (
        Seat.objects.filter(forum=forum, status=Seat.Status.WAITLISTED)
        .select_related("delegate__user", "delegate__organization")
        .order_by("id")
    )


# Reads of position papers that other apps use (the live debates mark these authors).
from forums.papers.selectors import accepted_paper_authors  # noqa: E402, F401
