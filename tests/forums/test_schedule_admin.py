"""The secretariat edits the schedule in the admin; every change goes through the services."""

import datetime

import pytest

from forums.models import ScheduleRemoval, Session
from tests.factories import EventFactory, ForumFactory, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def event():
    return EventFactory(
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )


@pytest.fixture
def forum(event):
    return ForumFactory(event=event, title="Housing", working_languages=["en"])


@pytest.fixture
def room(event):
    return RoomFactory(event=event, name="Room 510A")


@pytest.fixture
def admin_client(client, secretariat):
    client.force_login(secretariat)
    return client


def session_form(forum, room, **overrides):
    data = {
        "forum": forum.pk,
        "title_en": "Affordable housing",
        "title_fr": "Logement abordable",
        "title_es": "",
        "description_en": "",
        "description_fr": "",
        "description_es": "",
        "kind": "panel",
        "starts_at_0": "2027-03-12",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2027-03-12",
        "ends_at_1": "10:30:00",
        "room": room.pk if room else "",
    }
    data.update(overrides)
    return data


def test_admin_add_reads_times_in_the_event_zone(admin_client, forum, room):
    response = admin_client.post("/admin/forums/session/add/", session_form(forum, room))

    assert response.status_code == 302
    session = Session.objects.get()
    # 9:00 in Toronto (EST) is 14:00 UTC.
    assert session.starts_at == datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
    assert session.ends_at == datetime.datetime(2027, 3, 12, 15, 30, tzinfo=UTC)
    assert (session.title_fr, session.sequence, session.room) == ("Logement abordable", 0, room)


def test_admin_change_shows_times_in_the_event_zone(admin_client, forum, room):
    session = SessionFactory(
        forum=forum, room=room, starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
    )

    html = admin_client.get(f"/admin/forums/session/{session.pk}/change/").content.decode()

    assert 'name="starts_at_1" value="09:00:00"' in html
    assert "In the event's time zone." in html


def test_admin_change_of_time_bumps_sequence(admin_client, forum, room):
    session = SessionFactory(
        forum=forum,
        room=room,
        title_en="Affordable housing",
        title_fr="Logement abordable",
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 15, 30, tzinfo=UTC),
    )
    form = session_form(forum, room, starts_at_1="09:30:00")
    del form["forum"]

    response = admin_client.post(f"/admin/forums/session/{session.pk}/change/", form)

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime.datetime(2027, 3, 12, 14, 30, tzinfo=UTC)
    assert session.sequence == 1


def test_admin_shows_the_overlap_next_to_the_room(admin_client, forum, room):
    SessionFactory(
        forum=forum,
        room=room,
        title="Keynote",
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 16, 0, tzinfo=UTC),
    )

    response = admin_client.post("/admin/forums/session/add/", session_form(forum, room))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["room"] == [
        "Room 510A is taken from March 12, 2027, 09:00 to March 12, 2027, 11:00 by “Keynote”."
    ]
    assert Session.objects.count() == 1


def test_admin_cancel_action_keeps_the_session(admin_client, forum, room):
    session = SessionFactory(forum=forum, room=room, title="Keynote")

    asked = admin_client.post(
        "/admin/forums/session/", {"action": "cancel_selected", "_selected_action": [session.pk]}
    )

    assert "Cancel these sessions?" in asked.content.decode()
    assert "<li>Keynote</li>" in asked.content.decode()
    assert Session.objects.get(pk=session.pk).status == "scheduled"

    response = admin_client.post(
        "/admin/forums/session/",
        {"action": "cancel_selected", "_selected_action": [session.pk], "confirmed": "1"},
        follow=True,
    )

    session.refresh_from_db()
    assert (session.status, session.sequence) == ("cancelled", 1)
    assert "1 sessions cancelled." in response.content.decode()


def test_admin_delete_remembers_the_removal(admin_client, forum):
    session = SessionFactory(forum=forum)

    response = admin_client.post(
        f"/admin/forums/session/{session.pk}/delete/", {"post": "yes"}, follow=True
    )

    assert response.status_code == 200
    assert not Session.objects.exists()
    assert ScheduleRemoval.objects.get().session_uuid == session.uuid


def forum_form(forum, sessions, **rows):
    data = {
        "event": forum.event_id,
        "title_en": forum.title_en,
        "title_fr": "",
        "title_es": "",
        "slug": forum.slug,
        "theme": forum.theme,
        "description_en": "",
        "description_fr": "",
        "description_es": "",
        "working_languages": '["en"]',
        "seat_capacity": forum.seat_capacity,
        "call_opens_at_0": "",
        "call_opens_at_1": "",
        "call_closes_at_0": "",
        "call_closes_at_1": "",
        "papers_per_organization": forum.papers_per_organization,
        "review_deadline_0": "",
        "review_deadline_1": "",
        "sessions-TOTAL_FORMS": len(sessions),
        "sessions-INITIAL_FORMS": sum(1 for session in sessions if session is not None),
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    for index, session in enumerate(sessions):
        prefix = f"sessions-{index}-"
        if session is not None:
            local = session.starts_at.astimezone(forum.event.zone)
            local_end = session.ends_at.astimezone(forum.event.zone)
            data.update(
                {
                    f"{prefix}id": session.pk,
                    f"{prefix}forum": forum.pk,
                    f"{prefix}title_en": session.title_en,
                    f"{prefix}kind": session.kind,
                    f"{prefix}starts_at_0": local.date().isoformat(),
                    f"{prefix}starts_at_1": local.time().isoformat(),
                    f"{prefix}ends_at_0": local_end.date().isoformat(),
                    f"{prefix}ends_at_1": local_end.time().isoformat(),
                    f"{prefix}room": session.room_id or "",
                }
            )
        else:
            data[f"{prefix}forum"] = forum.pk
    for key, value in rows.items():
        index, name = key.split("__")
        data[f"sessions-{index}-{name}"] = value
    return data


def test_forum_inline_creates_changes_and_deletes_through_the_services(admin_client, forum, room):
    moved = SessionFactory(
        forum=forum,
        room=room,
        title_en="Panel",
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 15, 0, tzinfo=UTC),
    )
    doomed = SessionFactory(
        forum=forum,
        title_en="Mistake",
        starts_at=datetime.datetime(2027, 3, 13, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 13, 15, 0, tzinfo=UTC),
    )
    data = forum_form(
        forum,
        [moved, doomed, None],
        **{
            "0__starts_at_1": "11:00:00",
            "0__ends_at_1": "12:00:00",
            "1__DELETE": "on",
            "2__title_en": "Coffee break",
            "2__kind": "break",
            "2__starts_at_0": "2027-03-12",
            "2__starts_at_1": "12:00:00",
            "2__ends_at_0": "2027-03-12",
            "2__ends_at_1": "12:30:00",
            "2__room": room.pk,
        },
    )

    response = admin_client.post(f"/admin/forums/forum/{forum.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"]
    moved.refresh_from_db()
    assert moved.starts_at == datetime.datetime(2027, 3, 12, 16, 0, tzinfo=UTC)
    assert moved.sequence == 1
    assert not Session.objects.filter(pk=doomed.pk).exists()
    assert ScheduleRemoval.objects.get().session_uuid == doomed.uuid
    added = Session.objects.get(title_en="Coffee break")
    assert (added.kind, added.sequence, added.room) == ("break", 0, room)
    assert added.starts_at == datetime.datetime(2027, 3, 12, 17, 0, tzinfo=UTC)
