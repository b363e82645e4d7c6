"""Reads of standing, mandates and proxies: what a vote's roll is built from."""

from django.db.models import Q, QuerySet

from assembly.models import Mandate, Proxy, VotingRight
from events.models import Accreditation, Delegate, Event, Organization
from events.selectors import delegate_for_user, event_list_upcoming
from plenary.access import is_secretariat


def organizations_in_standing(*, event: Event) -> QuerySet[Organization]:
    """The members in good standing at ``event``: those who may vote there."""
    return Organization.objects.filter(voting_rights__event=event, is_member=True).order_by("name")


def standing_ids(*, event_id: int) -> set[int]:
    return set(
        VotingRight.objects.filter(event_id=event_id, organization__is_member=True).values_list(
            "organization_id", flat=True
        )
    )


def mandates_by_organization(*, event_id: int) -> dict[int, list[int]]:
    """Organization id -> its mandate's delegate ids, voting delegate first."""
    mandates: dict[int, list[int]] = {}
    for organization_id, delegate_id in (
        Mandate.objects.filter(event_id=event_id)
        .order_by("organization_id", "rank")
        .values_list("organization_id", "delegate_id")
    ):
        mandates.setdefault(organization_id, []).append(delegate_id)
    return mandates


def approved_proxies(*, event_id: int) -> dict[int, int]:
    """Grantor organization id -> holder organization id, for the approved proxies."""
    return dict(
        Proxy.objects.filter(event_id=event_id, status=Proxy.Status.APPROVED).values_list(
            "grantor_id", "holder_id"
        )
    )


def voting_right_list(*, user) -> QuerySet[VotingRight]:
    """Standing is public to signed-in users (who may vote is no secret at an assembly)."""
    rights = VotingRight.objects.select_related("event", "organization").order_by(
        "event__start_date", "organization__name"
    )
    return rights if user.is_authenticated else rights.none()


def mandate_list(*, user) -> QuerySet[Mandate]:
    mandates = Mandate.objects.select_related(
        "event", "organization", "delegate__user", "delegate__organization"
    ).order_by("event__start_date", "organization__name", "rank")
    return mandates if user.is_authenticated else mandates.none()


def proxy_list(*, user) -> QuerySet[Proxy]:
    """The secretariat sees every proxy; a delegate those given or held by their member."""
    proxies = Proxy.objects.select_related("event", "grantor", "holder").order_by(
        "event__start_date", "grantor__name", "-requested_at"
    )
    if is_secretariat(user):
        return proxies
    delegate = delegate_for_user(user)
    if delegate is None:
        return proxies.none()
    return proxies.filter(grantor_id=delegate.organization_id) | proxies.filter(
        holder_id=delegate.organization_id
    )


def delegation_statutes(*, organization: Organization, events: list[Event]) -> list[dict]:
    """For a delegation page: per event, whether ``organization`` is in good standing, its
    mandate (voting delegate first), the accredited delegates who may hold it, and the
    proxies it gave or holds. Four queries, whatever the number of events."""
    event_ids = [event.pk for event in events]
    rights = {
        right.event_id: right
        for right in VotingRight.objects.filter(organization=organization, event_id__in=event_ids)
    }
    mandates: dict[int, list[Delegate]] = {}
    for mandate in (
        Mandate.objects.filter(organization=organization, event_id__in=event_ids)
        .select_related("delegate__user")
        .order_by("event_id", "rank")
    ):
        mandates.setdefault(mandate.event_id, []).append(mandate.delegate)
    accredited: dict[int, list[Delegate]] = {}
    for accreditation in (
        Accreditation.objects.filter(
            event_id__in=event_ids,
            delegate__organization=organization,
            status=Accreditation.Status.APPROVED,
        )
        .select_related("delegate__user")
        .order_by("delegate__user__last_name", "delegate__user__first_name", "delegate_id")
    ):
        accredited.setdefault(accreditation.event_id, []).append(accreditation.delegate)
    proxies: dict[int, list[Proxy]] = {}
    for proxy in (
        Proxy.objects.filter(
            Q(grantor=organization) | Q(holder=organization), event_id__in=event_ids
        )
        .select_related("grantor", "holder")
        .order_by("-requested_at", "-id")
    ):
        proxies.setdefault(proxy.event_id, []).append(proxy)
    return [
        {
            "event": event,
            "right": rights.get(event.pk),
            "mandate": mandates.get(event.pk, []),
            "accredited": accredited.get(event.pk, []),
            "proxies": proxies.get(event.pk, []),
        }
        for event in events
    ]


def statutory_events_upcoming(*, user) -> list[Event]:
    """Published events to come (or under way) where the secretariat records good
    standing: the sittings at which members vote."""
    return list(
        event_list_upcoming(user=user)
        .filter(status=Event.Status.PUBLISHED, voting_rights__isnull=False)
        .distinct()
        .order_by("start_date", "pk")
    )
