"""Reads of members, delegates, events and accreditations, and the rules of who sees what."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from events.models import Accreditation, Delegate, Event, Organization
from plenary.access import is_secretariat


def event_list_visible(*, user=None) -> QuerySet[Event]:
    """The events ``user`` may see: published and cancelled ones (a cancelled event keeps
    its pages, feeds and papers, marked as cancelled); the secretariat sees drafts too.
    Every page, feed and API endpoint of the events and of what belongs to them (forums,
    sessions, papers, debates) reads visibility from here."""
    events = Event.objects.all()
    if not is_secretariat(user):
        events = events.exclude(status=Event.Status.DRAFT)
    return events.order_by("start_date", "title")


def event_list_upcoming(*, user=None) -> QuerySet[Event]:
    today = timezone.localdate()
    return event_list_visible(user=user).filter(end_date__gte=today)


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")


def _delegate_relation():
    return get_user_model().delegate.related


def delegate_for_user(user) -> Delegate | None:
    """The user's delegate profile, with its organization, or None.

    Looked up once per user object and kept on it (where ``user.delegate`` keeps it too),
    so a request asks the database once however many parts of a page need it. Code that
    keeps a user object for long (an open WebSocket) loads the user afresh for each
    command, which also drops this copy.
    """
    if user is None or not user.is_authenticated:
        return None
    relation = _delegate_relation()
    if relation.is_cached(user):
        return relation.get_cached_value(user)
    delegate = Delegate.objects.select_related("organization").filter(user_id=user.pk).first()
    if delegate is not None:
        delegate.user = user
    relation.set_cached_value(user, delegate)
    return delegate


def accreditation_list(*, user) -> QuerySet[Accreditation]:
    """The accreditations ``user`` may see: their own, or all of them for the secretariat."""
    accreditations = Accreditation.objects.select_related(
        "delegate__user", "delegate__organization", "event", "organization"
    ).order_by("-requested_at", "-id")
    if is_secretariat(user):
        return accreditations
    if not user.is_authenticated:
        return accreditations.none()
    return accreditations.filter(delegate__user=user)


def accreditation_for(*, delegate, event) -> Accreditation | None:
    if delegate is None:
        return None
    return Accreditation.objects.filter(delegate=delegate, event=event).first()
