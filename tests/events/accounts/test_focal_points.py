"""Focal points: the secretariat appoints them; they see their delegation, request
accreditation within the quota, and are told when the secretariat decides."""

import pytest
from django.core import mail

from events import selectors
from events import services as event_services
from events.accounts import services
from events.models import Accreditation, FocalPoint
from plenary.errors import ServiceError
from tests.factories import DelegateFactory, EventFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_secretariat_appoints_revokes_and_reinstates_a_focal_point(secretariat, dakar):
    user = UserFactory()

    focal_point = services.focal_point_appoint(actor=secretariat, user=user, organization=dakar)
    revoked = services.focal_point_change(actor=secretariat, focal_point=focal_point, to="revoked")
    assert selectors.delegation_managed_by(user, dakar) is False
    again = services.focal_point_appoint(actor=secretariat, user=user, organization=dakar)

    assert revoked.status == "revoked"
    assert (again.pk, again.status) == (focal_point.pk, "active")
    assert selectors.delegation_managed_by(user, dakar) is True
    assert FocalPoint.objects.count() == 1


def test_only_the_secretariat_appoints(focal_point, dakar):
    with pytest.raises(ServiceError) as refused:
        services.focal_point_appoint(actor=focal_point.user, user=UserFactory(), organization=dakar)

    assert refused.value.code == "forbidden"
    assert FocalPoint.objects.count() == 1


def test_appointing_twice_is_a_conflict(secretariat, focal_point, dakar):
    with pytest.raises(ServiceError) as refused:
        services.focal_point_appoint(actor=secretariat, user=focal_point.user, organization=dakar)

    assert refused.value.code == "already_focal_point"


def test_focal_point_transitions_are_the_secretariats(secretariat, focal_point):
    assert services.focal_point_allowed_transitions(focal_point=focal_point, actor=secretariat) == [
        "revoked"
    ]
    assert (
        services.focal_point_allowed_transitions(focal_point=focal_point, actor=focal_point.user)
        == []
    )


def test_a_focal_point_requests_accreditation_within_the_quota(focal_point, dakar):
    event = EventFactory(delegation_quota=2)
    delegates = [DelegateFactory(organization=dakar) for _ in range(3)]

    for delegate in delegates[:2]:
        event_services.accreditation_request(actor=focal_point.user, event=event, delegate=delegate)
    with pytest.raises(ServiceError) as refused:
        event_services.accreditation_request(
            actor=focal_point.user, event=event, delegate=delegates[2]
        )

    assert refused.value.code == "quota_reached"
    assert "has already registered 2 of its 2 delegates" in refused.value.message
    assert Accreditation.objects.filter(event=event).count() == 2


def test_a_focal_point_cannot_register_another_citys_delegate(focal_point):
    event = EventFactory()
    other = DelegateFactory(organization=OrganizationFactory(name="Bogotá"))

    with pytest.raises(ServiceError) as refused:
        event_services.accreditation_request(actor=focal_point.user, event=event, delegate=other)

    assert (refused.value.code, refused.value.status_code) == ("not_focal_point", 403)
    assert not Accreditation.objects.exists()


def test_a_focal_point_cancels_and_requests_again_for_a_delegate(focal_point, dakar):
    event = EventFactory()
    delegate = DelegateFactory(organization=dakar)
    accreditation = event_services.accreditation_request(
        actor=focal_point.user, event=event, delegate=delegate
    )

    event_services.accreditation_cancel(actor=focal_point.user, accreditation=accreditation)
    again = event_services.accreditation_request(
        actor=focal_point.user, event=event, delegate=delegate
    )

    assert (again.pk, again.status) == (accreditation.pk, "pending")


def test_focal_points_are_told_when_the_secretariat_decides(
    secretariat, focal_point, dakar, django_capture_on_commit_callbacks
):
    event = EventFactory(title="World Congress")
    delegate = DelegateFactory(organization=dakar, user__first_name="Awa", user__last_name="Ndiaye")
    accreditation = event_services.accreditation_request(
        actor=focal_point.user, event=event, delegate=delegate
    )

    with django_capture_on_commit_callbacks(execute=True):
        event_services.accreditation_decide(
            actor=secretariat, accreditation=accreditation, approve=True, note="Welcome."
        )

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {delegate.user.email, "fatou@dakar.example.org"}
    told = by_address["fatou@dakar.example.org"]
    assert told.subject == "Awa Ndiaye is accredited for World Congress"
    assert "The secretariat approved the accreditation of Awa Ndiaye (City of Dakar)" in told.body
    assert f"/delegation/{dakar.pk}/" in told.body
    assert told.alternatives[0][1] == "text/html"


def test_the_delegation_selectors_answer_for_the_secretariat_and_focal_points(
    secretariat, focal_point, dakar
):
    other = OrganizationFactory()

    assert list(selectors.organizations_managed_by(focal_point.user)) == [dakar]
    assert set(selectors.organizations_managed_by(secretariat)) == {dakar, other}
    assert selectors.delegation_managed_by(focal_point.user, other) is False
    assert selectors.delegation_managed_by(secretariat, other) is True
    assert selectors.is_focal_point(focal_point.user) is True
