import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from events.models import Accreditation
from forums.models import Forum, Seat
from forums.selectors import seat_list
from forums.services import forum_set_capacity, seat_cancel, seat_take
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    ForumFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def forum(event):
    return ForumFactory(event=event, seat_capacity=2, title="Housing")


def positions(forum):
    return [
        (seat.delegate_id, seat.position)
        for seat in seat_list(forum=forum, status=Seat.Status.WAITLISTED)
    ]


def test_take_seat_confirms_while_seats_remain(forum, event):
    delegate = accredited_delegate(event)

    seat = seat_take(actor=delegate.user, forum=forum)

    forum.refresh_from_db()
    assert seat.status == Seat.Status.CONFIRMED
    assert seat.position is None
    assert forum.seats_taken == 1
    assert [message.subject for message in mail.outbox] == ["Your seat in Housing is confirmed"]


def test_full_forum_puts_delegates_on_the_waiting_list_in_order(forum, event):
    delegates = [accredited_delegate(event) for _ in range(5)]

    seats = [seat_take(actor=d.user, forum=forum) for d in delegates]

    forum.refresh_from_db()
    assert [seat.status for seat in seats] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert [seat.position for seat in seats] == [None, None, 1, 2, 3]
    assert forum.seats_taken == 2
    assert mail.outbox[-1].subject == "You are number 3 on the waiting list of Housing"


def test_take_seat_without_accreditation_is_refused(forum, delegate):
    with pytest.raises(NotAllowed) as refused:
        seat_take(actor=delegate.user, forum=forum)

    assert refused.value.code == "not_accredited"
    assert not Seat.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "cancelled"])
def test_take_seat_needs_an_approved_accreditation(forum, event, delegate, status):
    AccreditationFactory(delegate=delegate, event=event, status=status)

    with pytest.raises(NotAllowed):
        seat_take(actor=delegate.user, forum=forum)

    forum.refresh_from_db()
    assert forum.seats_taken == 0


def test_accreditation_for_another_event_does_not_count(forum, delegate):
    AccreditationFactory(delegate=delegate, status=Accreditation.Status.APPROVED)

    with pytest.raises(NotAllowed):
        seat_take(actor=delegate.user, forum=forum)


def test_second_seat_in_same_forum_is_a_conflict(forum, event):
    delegate = accredited_delegate(event)
    seat_take(actor=delegate.user, forum=forum)

    with pytest.raises(Conflict) as refused:
        seat_take(actor=delegate.user, forum=forum)

    forum.refresh_from_db()
    assert refused.value.code == "already_registered"
    assert forum.seats_taken == 1
    assert Seat.objects.filter(delegate=delegate).count() == 1


def test_database_refuses_two_active_seats_for_one_delegate(forum, event):
    delegate = accredited_delegate(event)
    Seat.objects.create(delegate=delegate, forum=forum, status=Seat.Status.CONFIRMED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(delegate=delegate, forum=forum, status=Seat.Status.WAITLISTED)


def test_database_refuses_more_taken_than_capacity(forum):
    with pytest.raises(IntegrityError), transaction.atomic():
        Forum.objects.filter(pk=forum.pk).update(seats_taken=3)


def test_cancel_confirmed_seat_promotes_first_waitlisted(forum, event):
    holder, other, first_waiting, second_waiting = (accredited_delegate(event) for _ in range(4))
    holder_seat = seat_take(actor=holder.user, forum=forum)
    seat_take(actor=other.user, forum=forum)
    seat_take(actor=first_waiting.user, forum=forum)
    seat_take(actor=second_waiting.user, forum=forum)
    mail.outbox.clear()

    seat_cancel(actor=holder.user, seat=holder_seat)

    forum.refresh_from_db()
    assert Seat.objects.get(pk=holder_seat.pk).status == Seat.Status.CANCELLED
    promoted = Seat.objects.get(delegate=first_waiting)
    assert promoted.status == Seat.Status.CONFIRMED
    assert promoted.was_waitlisted is True
    assert positions(forum) == [(second_waiting.id, 1)]
    assert forum.seats_taken == 2
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([first_waiting.user.email], "A seat in Housing is now yours")
    ]


def test_leaving_the_waiting_list_closes_the_gap(forum, event):
    delegates = [accredited_delegate(event) for _ in range(5)]
    seats = [seat_take(actor=d.user, forum=forum) for d in delegates]

    seat_cancel(actor=delegates[3].user, seat=seats[3])

    forum.refresh_from_db()
    assert positions(forum) == [(delegates[2].id, 1), (delegates[4].id, 2)]
    assert forum.seats_taken == 2


def test_cancel_twice_is_a_conflict(forum, event):
    delegate = accredited_delegate(event)
    seat = seat_take(actor=delegate.user, forum=forum)
    seat_cancel(actor=delegate.user, seat=seat)

    with pytest.raises(Conflict) as refused:
        seat_cancel(actor=delegate.user, seat=seat)

    assert refused.value.code == "already_cancelled"


def test_other_delegate_cannot_cancel_a_seat(forum, event, other_delegate):
    delegate = accredited_delegate(event)
    seat = seat_take(actor=delegate.user, forum=forum)

    with pytest.raises(NotAllowed):
        seat_cancel(actor=other_delegate.user, seat=seat)

    seat.refresh_from_db()
    assert seat.status == Seat.Status.CONFIRMED


def test_secretariat_can_cancel_any_seat(forum, event, secretariat):
    seat = seat_take(actor=accredited_delegate(event).user, forum=forum)

    seat_cancel(actor=secretariat, seat=seat)

    seat.refresh_from_db()
    assert seat.status == Seat.Status.CANCELLED


def test_taking_a_seat_again_after_cancelling(forum, event):
    delegate = accredited_delegate(event)
    seat_cancel(actor=delegate.user, seat=seat_take(actor=delegate.user, forum=forum))

    again = seat_take(actor=delegate.user, forum=forum)

    assert again.status == Seat.Status.CONFIRMED
    assert Seat.objects.filter(delegate=delegate).count() == 2


def test_raising_capacity_promotes_from_the_waiting_list(forum, event, secretariat):
    delegates = [accredited_delegate(event) for _ in range(5)]
    for delegate in delegates:
        seat_take(actor=delegate.user, forum=forum)

    forum_set_capacity(actor=secretariat, forum=forum, capacity=4)

    forum.refresh_from_db()
    assert forum.seat_capacity == 4
    assert forum.seats_taken == 4
    assert list(
        Seat.objects.filter(forum=forum, status="confirmed").values_list("delegate", flat=True)
    ) == [d.id for d in delegates[:4]]
    assert positions(forum) == [(delegates[4].id, 1)]


def test_lowering_capacity_never_removes_confirmed_seats(forum, event, secretariat):
    for delegate in [accredited_delegate(event) for _ in range(2)]:
        seat_take(actor=delegate.user, forum=forum)

    with pytest.raises(ServiceError) as refused:
        forum_set_capacity(actor=secretariat, forum=forum, capacity=1)

    forum.refresh_from_db()
    assert refused.value.code == "capacity_below_confirmed"
    assert forum.seat_capacity == 2
    assert Seat.objects.filter(forum=forum, status="confirmed").count() == 2


def test_lowering_capacity_down_to_confirmed_is_allowed(event, secretariat):
    forum = ForumFactory(event=event, seat_capacity=5)
    seat_take(actor=accredited_delegate(event).user, forum=forum)

    forum_set_capacity(actor=secretariat, forum=forum, capacity=1)

    forum.refresh_from_db()
    assert (forum.seat_capacity, forum.seats_taken) == (1, 1)


def test_delegate_cannot_change_capacity(forum, delegate):
    with pytest.raises(NotAllowed):
        forum_set_capacity(actor=delegate.user, forum=forum, capacity=100)

    forum.refresh_from_db()
    assert forum.seat_capacity == 2


def test_delegate_without_profile_cannot_take_a_seat(forum):
    from tests.factories import UserFactory

    with pytest.raises(NotAllowed) as refused:
        seat_take(actor=UserFactory(), forum=forum)

    assert refused.value.code == "not_a_delegate"


def test_seat_email_goes_in_the_delegates_language(event):
    forum = ForumFactory(event=event, title_en="Housing", title_es="Vivienda", seat_capacity=1)
    delegate = accredited_delegate(event, languages=["es"])

    seat_take(actor=delegate.user, forum=forum)

    assert mail.outbox[0].subject == "Su plaza en Vivienda está confirmada"


def test_unaccredited_delegates_other_forums_untouched(event):
    forum_a = ForumFactory(event=event)
    forum_b = ForumFactory(event=event)
    delegate = DelegateFactory()
    accreditation = AccreditationFactory(delegate=delegate, event=event)
    seat_take(actor=delegate.user, forum=forum_a)
    seat_take(actor=delegate.user, forum=forum_b)
    keeper = accredited_delegate(event)
    seat_take(actor=keeper.user, forum=forum_a)

    from events.services import accreditation_cancel

    accreditation_cancel(actor=delegate.user, accreditation=accreditation)

    assert set(Seat.objects.filter(delegate=delegate).values_list("status", flat=True)) == {
        "cancelled"
    }
    assert Seat.objects.get(delegate=keeper).status == "confirmed"
    forum_a.refresh_from_db()
    forum_b.refresh_from_db()
    assert (forum_a.seats_taken, forum_b.seats_taken) == (1, 0)
