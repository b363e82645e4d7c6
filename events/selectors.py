from django.db.models import QuerySet
from django.utils import timezone

from events.models import Accreditation, Delegate, Event, Organization


def event_list_visible(*, user=None) -> QuerySet[Event]:
    """Events a user may see: published and cancelled ones; the secretariat sees drafts too."""
    events = Event.objects.all()
    if not (user and user.is_staff):
        events = events.exclude(status=Event.Status.DRAFT)
    return events.order_by("start_date", "title")


def event_list_upcoming(*, user=None) -> QuerySet[Event]:
    today = timezone.localdate()
    return event_list_visible(user=user).filter(end_date__gte=today)


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")


def delegate_for_user(user) -> Delegate | None:
    if not user.is_authenticated:
        return None
    return Delegate.objects.select_related("organization", "user").filter(user=user).first()


def accreditation_list(*, user) -> QuerySet[Accreditation]:
    """The accreditations ``user`` may see: their own, or all of them for the secretariat."""
    accreditations = Accreditation.objects.select_related(
        "delegate__user", "delegate__organization", "event", "organization"
    ).order_by("-requested_at", "-id")
    if user.is_authenticated and user.is_staff:
        return accreditations
    if not user.is_authenticated:
        return accreditations.none()
    return accreditations.filter(delegate__user=user)


def accreditation_for(*, delegate, event) -> Accreditation | None:
    if delegate is None:
        return None
    return Accreditation.objects.filter(delegate=delegate, event=event).first()
