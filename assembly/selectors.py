"""Reads of standing, mandates and proxies: what a vote's roll is built from."""

from django.db.models import QuerySet

from assembly.models import Mandate, Proxy, VotingRight
from events.models import Event, Organization
from events.selectors import delegate_for_user
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
