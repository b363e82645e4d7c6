"""Reads of members, delegates, events and accreditations, and the rules of who sees what."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from events.models import (
    Accreditation,
    Delegate,
    Event,
    FocalPoint,
    Invitation,
    Organization,
    SignInLockout,
)
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


@dataclass
class EventsByPhase:
    under_way: list[Event]
    upcoming: list[Event]
    past: list[Event]


def event_list_by_phase(*, user=None, at=None) -> EventsByPhase:
    """The events ``user`` may see, split into those under way (today is one of their
    days, in their own time zone), those to come and those over (latest first)."""
    at = at or timezone.now()
    phases = EventsByPhase(under_way=[], upcoming=[], past=[])
    for event in event_list_visible(user=user):
        today = timezone.localtime(at, event.zone).date()
        if event.end_date < today:
            phases.past.append(event)
        elif event.start_date > today:
            phases.upcoming.append(event)
        else:
            phases.under_way.append(event)
    phases.past.reverse()
    return phases


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
    """The accreditations ``user`` may see: their own and those of the delegations they
    register as focal point, or all of them for the secretariat."""
    accreditations = Accreditation.objects.select_related(
        "delegate__user", "delegate__organization", "event", "organization"
    ).order_by("-requested_at", "-id")
    if is_secretariat(user):
        return accreditations
    if not user.is_authenticated:
        return accreditations.none()
    managed = FocalPoint.objects.filter(user_id=user.pk, status=FocalPoint.Status.ACTIVE)
    return accreditations.filter(
        Q(delegate__user=user) | Q(delegate__organization__in=managed.values("organization_id"))
    )


def accreditation_for(*, delegate, event) -> Accreditation | None:
    if delegate is None:
        return None
    return Accreditation.objects.filter(delegate=delegate, event=event).first()


# --- Delegations: focal points, invitations ----------------------------------------------
#
# Who may act for an organization's delegation is decided here, once: the secretariat for
# any organization, an active focal point for theirs. Other apps ask the same question
# (the statutory-voting work: who may set an organization's voting mandate) through
# ``delegation_managed_by`` / ``organizations_managed_by``.


def organizations_managed_by(user) -> QuerySet[Organization]:
    """The organizations whose delegation ``user`` registers: all of them for the
    secretariat, those where ``user`` is an active focal point otherwise."""
    if is_secretariat(user):
        return Organization.objects.order_by("name")
    if user is None or not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        focal_points__user_id=user.pk, focal_points__status=FocalPoint.Status.ACTIVE
    ).order_by("name")


def delegation_managed_by(user, organization: Organization) -> bool:
    """Whether ``user`` may invite, see and register ``organization``'s delegates."""
    if is_secretariat(user):
        return True
    if user is None or not user.is_authenticated or organization is None:
        return False
    return FocalPoint.objects.filter(
        user_id=user.pk, organization_id=organization.pk, status=FocalPoint.Status.ACTIVE
    ).exists()


def is_focal_point(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return FocalPoint.objects.filter(user_id=user.pk, status=FocalPoint.Status.ACTIVE).exists()


def focal_point_list(*, user) -> QuerySet[FocalPoint]:
    """Every focal point for the secretariat; one's own roles otherwise."""
    focal_points = FocalPoint.objects.select_related("user", "organization").order_by(
        "organization__name", "user__last_name", "id"
    )
    if is_secretariat(user):
        return focal_points
    if user is None or not user.is_authenticated:
        return focal_points.none()
    return focal_points.filter(user_id=user.pk)


def focal_points_of(organization: Organization) -> QuerySet[FocalPoint]:
    """The active focal points of ``organization`` (told of accreditation decisions)."""
    return FocalPoint.objects.select_related("user").filter(
        organization=organization, status=FocalPoint.Status.ACTIVE
    )


def invitation_list(*, user) -> QuerySet[Invitation]:
    """The invitations of the organizations ``user`` manages."""
    invitations = Invitation.objects.select_related("organization", "invited_by").order_by(
        "-sent_at", "-id"
    )
    if is_secretariat(user):
        return invitations
    return invitations.filter(organization__in=organizations_managed_by(user))


def delegation_delegates(organization: Organization) -> QuerySet[Delegate]:
    """An organization's delegates with their accreditations (for the delegation page)."""
    return (
        Delegate.objects.filter(organization=organization)
        .select_related("user", "organization")
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.select_related("event").order_by(
                    "event__start_date"
                ),
            )
        )
        .order_by("user__last_name", "user__first_name", "id")
    )


def delegation_quota_used(*, organization: Organization, event: Event) -> int:
    """Accreditations of ``organization`` that count against ``event``'s quota."""
    return Accreditation.objects.filter(
        event=event, organization=organization, status__in=Accreditation.HOLDING
    ).count()


def signin_lockout_list() -> QuerySet[SignInLockout]:
    return SignInLockout.objects.select_related("user", "lifted_by").order_by("-locked_at", "-id")


def pending_accreditations_by_event() -> list[Event]:
    """The events with accreditations waiting for a decision, each with their number as
    ``pending``, soonest first (one query)."""
    pending = Count("accreditations", filter=Q(accreditations__status=Accreditation.Status.PENDING))
    return list(
        Event.objects.annotate(pending=pending)
        .filter(pending__gt=0)
        .order_by("start_date", "title")
    )
