import datetime

import pytest

from forums.models import ScheduleRemoval, Session
from forums.services import (
    forum_delete,
    session_cancel,
    session_create,
    session_delete,
    session_reinstate,
    session_reschedule,
    session_update,
)
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import DelegateFactory, EventFactory, ForumFactory, RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(
        title="Annual Meeting",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )


@pytest.fixture
def forum(event):
    return ForumFactory(event=event, title="Housing")


@pytest.fixture
def room(event):
    return RoomFactory(event=event, name="Room 510A")


def at(event, day, hour, minute=0):
    """A time on the event's ``day`` (0 = first day), in the event's zone."""
    date = event.start_date + datetime.timedelta(days=day)
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=event.zone)


def create(secretariat, forum, room=None, day=0, start=9, end=10, **kwargs):
    event = forum.event
    return session_create(
        actor=secretariat,
        forum=forum,
        title=kwargs.pop("title", "Affordable housing"),
        starts_at=at(event, day, start),
        ends_at=at(event, day, end),
        room=room,
        **kwargs,
    )


def test_session_create_keeps_every_language(secretariat, forum, room):
    speaker = DelegateFactory()

    session = create(
        secretariat,
        forum,
        room,
        title={"en": "Opening", "fr": "Ouverture", "es": "Apertura"},
        description={"en": "Welcome.", "fr": "Bienvenue."},
        kind=Session.Kind.PLENARY,
        speakers=[speaker],
    )

    session.refresh_from_db()
    assert (session.title_en, session.title_fr, session.title_es) == (
        "Opening",
        "Ouverture",
        "Apertura",
    )
    assert (session.description_en, session.description_fr) == ("Welcome.", "Bienvenue.")
    assert session.kind == "plenary"
    assert session.status == "scheduled"
    assert session.sequence == 0
    assert list(session.speakers.all()) == [speaker]
    assert session.created_at == session.updated_at


def test_session_create_refuses_non_secretariat(forum, delegate):
    with pytest.raises(NotAllowed) as refused:
        create(delegate.user, forum)

    assert refused.value.message == "Only the secretariat changes the schedule."
    assert not Session.objects.exists()


def test_session_create_refuses_overlap_in_the_same_room(secretariat, forum, room):
    create(secretariat, forum, room, title="First", start=9, end=11)

    with pytest.raises(Conflict) as refused:
        create(secretariat, forum, room, title="Second", start=10, end=12)

    assert refused.value.code == "room_taken"
    assert refused.value.message == (
        "Room 510A is taken from March 12, 2027, 09:00 to March 12, 2027, 11:00 by “First”."
    )
    assert Session.objects.count() == 1


def test_session_create_allows_back_to_back_and_other_rooms(secretariat, forum, room, event):
    other_room = RoomFactory(event=event)

    create(secretariat, forum, room, start=9, end=10)
    create(secretariat, forum, room, start=10, end=11)
    create(secretariat, forum, other_room, start=9, end=10)
    create(secretariat, forum, None, start=9, end=10)

    assert Session.objects.count() == 4


def test_cancelled_sessions_do_not_hold_the_room(secretariat, forum, room):
    first = create(secretariat, forum, room, start=9, end=11)
    session_cancel(actor=secretariat, session=first)

    second = create(secretariat, forum, room, start=9, end=11)

    assert second.pk != first.pk
    with pytest.raises(Conflict) as refused:
        session_reinstate(actor=secretariat, session=first)
    assert refused.value.code == "room_taken"


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [(10, 9, "invalid_times"), (10, 10, "invalid_times")],
)
def test_session_create_refuses_reversed_times(secretariat, forum, start, end, code):
    with pytest.raises(ServiceError) as refused:
        create(secretariat, forum, start=start, end=end)

    assert refused.value.code == code
    assert refused.value.message == "A session must end after it starts."


def test_session_create_refuses_a_day_outside_the_event(secretariat, forum):
    with pytest.raises(ServiceError) as refused:
        create(secretariat, forum, day=3)

    assert refused.value.code == "outside_event"
    assert refused.value.message == (
        "Annual Meeting runs from March 12, 2027 to March 14, 2027; the session must "
        "start on one of those days."
    )


def test_session_create_refuses_a_room_of_another_event(secretariat, forum):
    elsewhere = RoomFactory(name="Auditorium")

    with pytest.raises(ServiceError) as refused:
        create(secretariat, forum, elsewhere)

    assert refused.value.code == "room_other_event"
    assert refused.value.message == "Auditorium is a room of another event."


def test_session_create_refuses_naive_times(secretariat, forum):
    with pytest.raises(ServiceError) as refused:
        session_create(
            actor=secretariat,
            forum=forum,
            title="Naive",
            starts_at=datetime.datetime(2027, 3, 12, 9),
            ends_at=datetime.datetime(2027, 3, 12, 10),
        )

    assert refused.value.code == "naive_time"


@pytest.mark.parametrize(
    ("changes", "bumped"),
    [
        ({"title": "New title"}, False),
        ({"title_fr": "Nouveau titre"}, False),
        ({"description": "More words."}, False),
        ({"kind": Session.Kind.WORKSHOP}, False),
        ({"speakers": "one"}, False),
        ({"starts_at": "earlier"}, True),
        ({"ends_at": "later"}, True),
        ({"room": "other"}, True),
    ],
)
def test_sequence_moves_only_with_time_room_or_status(
    secretariat, forum, room, event, changes, bumped
):
    session = create(secretariat, forum, room, start=10, end=11)
    values = {
        "one": [DelegateFactory()],
        "earlier": at(event, 0, 9, 30),
        "later": at(event, 0, 11, 30),
        "other": RoomFactory(event=event),
    }
    changes = {name: values.get(value, value) for name, value in changes.items()}
    before = session.updated_at

    updated = session_update(actor=secretariat, session=session, **changes)

    updated.refresh_from_db()
    assert updated.sequence == (1 if bumped else 0)
    assert updated.updated_at > before


def test_update_without_a_change_writes_nothing(secretariat, forum, room):
    session = create(secretariat, forum, room, title="Same")
    before = Session.objects.values_list("updated_at", "sequence").get(pk=session.pk)

    session_update(actor=secretariat, session=session, title="Same", room=room)

    assert Session.objects.values_list("updated_at", "sequence").get(pk=session.pk) == before


def test_reschedule_bumps_sequence_once_and_keeps_uuid(secretariat, forum, room, event):
    session = create(secretariat, forum, room, start=9, end=10)

    moved = session_reschedule(
        actor=secretariat, session=session, starts_at=at(event, 1, 14), ends_at=at(event, 1, 15)
    )

    moved.refresh_from_db()
    assert moved.uuid == session.uuid
    assert moved.sequence == 1
    assert (moved.starts_at, moved.ends_at, moved.room) == (
        at(event, 1, 14),
        at(event, 1, 15),
        room,
    )


def test_reschedule_into_a_taken_slot_is_refused_and_changes_nothing(
    secretariat, forum, room, event
):
    create(secretariat, forum, room, title="Keynote", start=9, end=10)
    session = create(secretariat, forum, room, title="Panel", start=11, end=12)

    with pytest.raises(Conflict):
        session_reschedule(
            actor=secretariat,
            session=session,
            starts_at=at(event, 0, 9, 30),
            ends_at=at(event, 0, 10, 30),
        )

    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (at(event, 0, 11), 0)


def test_reschedule_to_another_room(secretariat, forum, room, event):
    hall = RoomFactory(event=event, name="Hall")
    session = create(secretariat, forum, room)

    moved = session_reschedule(
        actor=secretariat,
        session=session,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room=hall,
        keep_room=False,
    )

    assert (moved.room, moved.sequence) == (hall, 1)


def test_cancel_keeps_the_session_and_bumps_sequence(secretariat, forum, room):
    session = create(secretariat, forum, room)

    cancelled = session_cancel(actor=secretariat, session=session)

    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert Session.objects.filter(pk=session.pk).exists()
    with pytest.raises(Conflict) as again:
        session_cancel(actor=secretariat, session=session)
    assert again.value.code == "already_cancelled"


def test_cancel_refuses_non_secretariat(forum, room, secretariat, delegate):
    session = create(secretariat, forum, room)

    with pytest.raises(NotAllowed):
        session_cancel(actor=delegate.user, session=session)

    session.refresh_from_db()
    assert session.status == "scheduled"


def test_reinstate_bumps_sequence_again(secretariat, forum, room):
    session = create(secretariat, forum, room)
    session_cancel(actor=secretariat, session=session)

    back = session_reinstate(actor=secretariat, session=session)

    back.refresh_from_db()
    assert (back.status, back.sequence) == ("scheduled", 2)


def test_reinstate_a_scheduled_session_is_refused(secretariat, forum):
    session = create(secretariat, forum)

    with pytest.raises(Conflict) as refused:
        session_reinstate(actor=secretariat, session=session)

    assert refused.value.code == "not_cancelled"


def test_update_cannot_change_status_or_forum(secretariat, forum):
    session = create(secretariat, forum)

    with pytest.raises(ServiceError) as status_change:
        session_update(actor=secretariat, session=session, status="cancelled")
    with pytest.raises(ServiceError) as forum_change:
        session_update(actor=secretariat, session=session, forum=ForumFactory())

    assert status_change.value.code == "invalid_field"
    assert forum_change.value.message == "These fields cannot be changed: forum."


def test_removing_a_speaker_is_remembered_for_their_feed(secretariat, forum):
    kept, removed = DelegateFactory(), DelegateFactory()
    session = create(secretariat, forum, speakers=[kept, removed])

    session_update(actor=secretariat, session=session, speakers=[kept])

    assert list(session.speakers.all()) == [kept]
    removal = ScheduleRemoval.objects.get()
    assert (removal.delegate, removal.session_uuid, removal.event) == (
        removed,
        session.uuid,
        forum.event,
    )


def test_delete_remembers_the_session_for_every_feed(secretariat, forum):
    speaker = DelegateFactory()
    session = create(secretariat, forum, speakers=[speaker])

    session_delete(actor=secretariat, session=session)

    assert not Session.objects.exists()
    assert sorted(
        ScheduleRemoval.objects.values_list("forum_id", "delegate_id", "session_uuid"),
        key=str,
    ) == sorted([(forum.pk, None, session.uuid), (forum.pk, speaker.pk, session.uuid)], key=str)


def test_forum_delete_keeps_removals_for_the_event_feed(secretariat, forum):
    session = create(secretariat, forum)

    forum_delete(actor=secretariat, forum=forum)

    removal = ScheduleRemoval.objects.get()
    assert (removal.event_id, removal.forum_id, removal.session_uuid) == (
        forum.event_id,
        None,
        session.uuid,
    )


def test_session_is_live_only_while_scheduled_and_under_way(secretariat, forum, event):
    session = create(secretariat, forum, start=9, end=10)

    assert session.is_live(at(event, 0, 9, 30)) is True
    assert session.is_live(at(event, 0, 10)) is False
    session_cancel(actor=secretariat, session=session)
    session.refresh_from_db()
    assert session.is_live(at(event, 0, 9, 30)) is False
