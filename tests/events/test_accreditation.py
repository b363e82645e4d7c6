import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Accreditation, Event
from events.services import accreditation_cancel, accreditation_decide, accreditation_request
from forums.models import Seat
from forums.services import seat_take
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    EventFactory,
    ForumFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_request_is_pending_when_event_needs_approval(delegate, event):
    accreditation = accreditation_request(actor=delegate.user, event=event)

    assert accreditation.status == Accreditation.Status.PENDING
    assert accreditation.organization == delegate.organization
    assert mail.outbox == []


def test_request_is_approved_at_once_when_event_needs_no_approval(delegate):
    event = EventFactory(accreditation_requires_approval=False, title="Annual Meeting")

    accreditation = accreditation_request(actor=delegate.user, event=event)

    assert accreditation.status == Accreditation.Status.APPROVED
    assert accreditation.decided_by is None
    assert [message.subject for message in mail.outbox] == ["You are accredited for Annual Meeting"]


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(1, 10), (-10, -1)],
    ids=["not-yet-open", "already-closed"],
)
def test_request_outside_registration_window_is_refused(delegate, opens, closes):
    now = timezone.now()
    event = EventFactory(
        registration_opens_at=now + datetime.timedelta(days=opens),
        registration_closes_at=now + datetime.timedelta(days=closes),
    )

    with pytest.raises(ServiceError) as refused:
        accreditation_request(actor=delegate.user, event=event)

    assert refused.value.code == "registration_closed"
    assert refused.value.message == f"Registration for {event.title} is not open."
    assert not Accreditation.objects.exists()


def test_request_for_draft_event_is_refused(delegate):
    event = EventFactory(status=Event.Status.DRAFT)

    with pytest.raises(ServiceError) as refused:
        accreditation_request(actor=delegate.user, event=event)

    assert refused.value.code == "event_not_published"


def test_quota_counts_pending_and_approved_of_the_organization(event):
    event.delegation_quota = 2
    event.save()
    dakar = OrganizationFactory(short_name="Dakar")
    first, second, third = DelegateFactory.create_batch(3, organization=dakar)
    AccreditationFactory(delegate=first, event=event, status=Accreditation.Status.PENDING)
    AccreditationFactory(delegate=second, event=event, status=Accreditation.Status.APPROVED)

    with pytest.raises(ServiceError) as refused:
        accreditation_request(actor=third.user, event=event)

    assert refused.value.code == "quota_reached"
    assert refused.value.message == (
        "Dakar has already registered 2 of its 2 delegates for this event."
    )
    assert not Accreditation.objects.filter(delegate=third).exists()


def test_quota_ignores_rejected_cancelled_and_other_organizations(event):
    event.delegation_quota = 1
    event.save()
    dakar = OrganizationFactory()
    rejected, cancelled, newcomer = DelegateFactory.create_batch(3, organization=dakar)
    AccreditationFactory(delegate=rejected, event=event, status=Accreditation.Status.REJECTED)
    AccreditationFactory(delegate=cancelled, event=event, status=Accreditation.Status.CANCELLED)
    AccreditationFactory(event=event, status=Accreditation.Status.APPROVED)

    accreditation = accreditation_request(actor=newcomer.user, event=event)

    assert accreditation.status == Accreditation.Status.PENDING


def test_second_request_is_a_conflict(delegate, event):
    accreditation_request(actor=delegate.user, event=event)

    with pytest.raises(Conflict) as refused:
        accreditation_request(actor=delegate.user, event=event)

    assert refused.value.code == "already_registered"
    assert Accreditation.objects.filter(delegate=delegate).count() == 1


def test_request_after_rejection_is_refused(delegate, event):
    AccreditationFactory(delegate=delegate, event=event, status=Accreditation.Status.REJECTED)

    with pytest.raises(NotAllowed) as refused:
        accreditation_request(actor=delegate.user, event=event)

    assert refused.value.code == "rejected"


def test_request_after_cancellation_reopens_the_same_accreditation(delegate, event):
    first = AccreditationFactory(
        delegate=delegate, event=event, status=Accreditation.Status.CANCELLED
    )

    again = accreditation_request(actor=delegate.user, event=event)

    assert again.pk == first.pk
    assert again.status == Accreditation.Status.PENDING


def test_user_without_delegate_profile_cannot_request(event):
    with pytest.raises(NotAllowed) as refused:
        accreditation_request(actor=UserFactory(), event=event)

    assert refused.value.code == "not_a_delegate"


def test_secretariat_approves_with_email_in_delegate_language(secretariat, event):
    delegate = DelegateFactory(languages=["fr", "en"])
    event.title_fr = "Congrès mondial"
    event.save()
    accreditation = AccreditationFactory(
        delegate=delegate, event=event, status=Accreditation.Status.PENDING
    )

    decided = accreditation_decide(
        actor=secretariat, accreditation=accreditation, approve=True, note="Bienvenue"
    )

    assert decided.status == Accreditation.Status.APPROVED
    assert decided.decided_by == secretariat
    assert decided.note == "Bienvenue"
    [message] = mail.outbox
    assert message.to == [delegate.user.email]
    assert message.subject == "Vous êtes accrédité·e pour Congrès mondial"
    assert "Bienvenue" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Congrès mondial" in html
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')


def test_secretariat_rejects_with_a_note(secretariat, event):
    accreditation = AccreditationFactory(event=event, status=Accreditation.Status.PENDING)

    decided = accreditation_decide(
        actor=secretariat, accreditation=accreditation, approve=False, note="Delegation full."
    )

    assert decided.status == Accreditation.Status.REJECTED
    assert mail.outbox[0].subject == f"Your accreditation for {event.title} was not approved"
    assert "Delegation full." in mail.outbox[0].body


def test_delegate_cannot_decide_own_accreditation(delegate, event):
    accreditation = AccreditationFactory(
        delegate=delegate, event=event, status=Accreditation.Status.PENDING
    )

    with pytest.raises(NotAllowed):
        accreditation_decide(actor=delegate.user, accreditation=accreditation, approve=True)

    accreditation.refresh_from_db()
    assert accreditation.status == Accreditation.Status.PENDING


def test_deciding_twice_is_a_conflict(secretariat, event):
    accreditation = AccreditationFactory(event=event, status=Accreditation.Status.APPROVED)

    with pytest.raises(Conflict) as refused:
        accreditation_decide(actor=secretariat, accreditation=accreditation, approve=False)

    assert refused.value.code == "invalid_transition"


def test_owner_cancels_and_seats_are_released_with_promotion(event):
    forum = ForumFactory(event=event, seat_capacity=1)
    holder = DelegateFactory()
    waiting = DelegateFactory()
    holder_accreditation = AccreditationFactory(delegate=holder, event=event)
    AccreditationFactory(delegate=waiting, event=event)
    seat_take(actor=holder.user, forum=forum)
    seat_take(actor=waiting.user, forum=forum)

    accreditation_cancel(actor=holder.user, accreditation=holder_accreditation)

    holder_accreditation.refresh_from_db()
    forum.refresh_from_db()
    assert holder_accreditation.status == Accreditation.Status.CANCELLED
    assert Seat.objects.get(delegate=holder).status == Seat.Status.CANCELLED
    assert Seat.objects.get(delegate=waiting).status == Seat.Status.CONFIRMED
    assert forum.seats_taken == 1


def test_other_delegate_cannot_cancel(event, other_delegate):
    accreditation = AccreditationFactory(event=event)

    with pytest.raises(NotAllowed):
        accreditation_cancel(actor=other_delegate.user, accreditation=accreditation)

    accreditation.refresh_from_db()
    assert accreditation.status == Accreditation.Status.APPROVED


def test_cancelling_a_rejected_accreditation_is_a_conflict(event):
    accreditation = AccreditationFactory(event=event, status=Accreditation.Status.REJECTED)

    with pytest.raises(Conflict):
        accreditation_cancel(actor=accreditation.delegate.user, accreditation=accreditation)
