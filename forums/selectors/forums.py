"""Reads of forums, and who chairs them."""

from django.db.models import Count, Exists, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from events.selectors import event_list_visible
from forums.models import Forum, Seat
from plenary.access import is_secretariat


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


def forum_list_visible(*, user) -> QuerySet[Forum]:
    """The forums of the events ``user`` may see (``events.selectors.event_list_visible``)."""
    return forum_list().filter(event__in=event_list_visible(user=user))


def chairs_forum(user, forum_ref) -> Exists:
    """For a queryset: ``user`` chairs the forum ``forum_ref`` (an ``OuterRef``) names."""
    return Exists(Forum.chairs.through.objects.filter(forum_id=forum_ref, user_id=user.pk))


def user_is_chair(user, forum: Forum) -> bool:
    """The forum's chairs and the secretariat run its debates and decide on its papers."""
    if user is None or not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    return Forum.chairs.through.objects.filter(forum_id=forum.pk, user_id=user.pk).exists()


def user_chairs_a_forum(user) -> bool:
    """Whether ``user`` chairs any forum (two-factor rules name chairs as a role)."""
    if user is None or not user.is_authenticated:
        return False
    return Forum.chairs.through.objects.filter(user_id=user.pk).exists()
