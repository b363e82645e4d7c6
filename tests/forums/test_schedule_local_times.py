"""Times typed in the admin are read in the event's zone: a time the clocks skip is
refused, one of the repeated hour needs its occurrence, with a message in the user's
language, on every form that takes a session's time (add, change, the forum's inline)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from forums.models import Session
from plenary.localtime import AmbiguousTime, NonexistentTime, local_datetime
from tests.factories import EventFactory, ForumFactory, RoomFactory, SessionFactory
from tests.forums.test_schedule_admin import forum_form, session_form

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TORONTO_SPRING = (
    "02:30 does not exist on March 14, 2027 in America/Toronto: the clocks go forward "
    "over it. Choose a time before or after the change."
)
MADRID_AUTUMN = (
    "02:30 happens twice on Oct. 31, 2027 in Europe/Madrid (the clocks go back): say "
    "which one, the first (UTC+02:00) or the second (UTC+01:00)."
)


@pytest.fixture
def admin_client(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def toronto():
    event = EventFactory(
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 13),
        end_date=datetime.date(2027, 3, 15),
    )
    forum = ForumFactory(event=event, title="Housing", working_languages=["en"])
    return forum, RoomFactory(event=event)


@pytest.fixture
def madrid():
    event = EventFactory(
        time_zone="Europe/Madrid",
        start_date=datetime.date(2027, 10, 30),
        end_date=datetime.date(2027, 11, 1),
    )
    forum = ForumFactory(event=event, title="Housing", working_languages=["en"])
    return forum, RoomFactory(event=event)


def errors_of(response, field="starts_at"):
    form = response.context["adminform"].form
    return [str(message) for message in form.errors.get(field, [])]


@pytest.mark.parametrize(
    ("start", "end"),
    [("02:30:00", "04:00:00"), ("02:30:00", "03:30:00")],
)
def test_adding_a_session_at_a_time_the_clocks_skip_is_refused(admin_client, toronto, start, end):
    forum, room = toronto
    data = session_form(
        forum,
        room,
        starts_at_0="2027-03-14",
        starts_at_1=start,
        ends_at_0="2027-03-14",
        ends_at_1=end,
    )

    response = admin_client.post("/admin/forums/session/add/", data)

    assert (response.status_code, errors_of(response)) == (200, [TORONTO_SPRING])
    assert not Session.objects.exists()


def test_adding_a_session_in_the_repeated_hour_asks_which_one(admin_client, madrid):
    forum, room = madrid
    data = session_form(
        forum,
        room,
        starts_at_0="2027-10-31",
        starts_at_1="02:30:00",
        ends_at_0="2027-10-31",
        ends_at_1="04:00:00",
    )

    response = admin_client.post("/admin/forums/session/add/", data)

    assert (response.status_code, errors_of(response)) == (200, [MADRID_AUTUMN])
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("occurrence", "instant"),
    [
        ("0", datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
        ("1", datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),
    ],
)
def test_the_chosen_occurrence_of_the_repeated_hour_is_stored(
    admin_client, madrid, occurrence, instant
):
    forum, room = madrid
    data = session_form(
        forum,
        room,
        starts_at_0="2027-10-31",
        starts_at_1="02:30:00",
        starts_at_occurrence=occurrence,
        ends_at_0="2027-10-31",
        ends_at_1="04:00:00",
    )

    response = admin_client.post("/admin/forums/session/add/", data)

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.starts_at, session.ends_at) == (
        instant,
        datetime.datetime(2027, 10, 31, 3, 0, tzinfo=UTC),
    )


def test_a_session_in_the_second_occurrence_saves_unchanged(admin_client, madrid):
    forum, room = madrid
    session = SessionFactory(
        forum=forum,
        room=room,
        starts_at=datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 10, 31, 3, 0, tzinfo=UTC),
    )
    page = admin_client.get(f"/admin/forums/session/{session.pk}/change/").text
    assert 'name="starts_at_1" value="02:30:00"' in page
    assert '<option value="1" selected>' in page

    data = session_form(
        forum,
        room,
        title_en="Renamed",
        starts_at_0="2027-10-31",
        starts_at_1="02:30:00",
        starts_at_occurrence="1",
        ends_at_0="2027-10-31",
        ends_at_1="04:00:00",
    )
    response = admin_client.post(f"/admin/forums/session/{session.pk}/change/", data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title_en, session.starts_at, session.sequence) == (
        "Renamed",
        datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        0,
    )


def test_changing_a_session_to_a_skipped_time_is_refused(admin_client, toronto):
    forum, room = toronto
    session = SessionFactory(forum=forum, room=room)
    before = (session.starts_at, session.ends_at)
    data = session_form(
        forum,
        room,
        starts_at_0="2027-03-14",
        starts_at_1="02:30:00",
        ends_at_0="2027-03-14",
        ends_at_1="04:00:00",
    )

    response = admin_client.post(f"/admin/forums/session/{session.pk}/change/", data)

    assert (response.status_code, errors_of(response)) == (200, [TORONTO_SPRING])
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == before


def test_the_forums_inline_refuses_a_skipped_time(admin_client, toronto):
    forum, room = toronto
    data = forum_form(
        forum,
        [None],
        **{
            "0__title_en": "Night session",
            "0__kind": "panel",
            "0__starts_at_0": "2027-03-14",
            "0__starts_at_1": "02:30:00",
            "0__ends_at_0": "2027-03-14",
            "0__ends_at_1": "04:00:00",
            "0__room": room.pk,
        },
    )

    response = admin_client.post(f"/admin/forums/forum/{forum.pk}/change/", data)

    assert response.status_code == 200
    [inline] = response.context["inline_admin_formsets"]
    assert [str(e) for e in inline.formset.forms[0].errors["starts_at"]] == [TORONTO_SPRING]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("language", "skipped", "twice"),
    [
        (
            "fr",
            "02:30 n'existe pas le 14 mars 2027 dans le fuseau America/Toronto : les horloges "
            "avancent d'une heure à ce moment-là. Choisissez une heure avant ou après le "
            "changement.",
            "02:30 a lieu deux fois le 31 octobre 2027 dans le fuseau Europe/Madrid (les "
            "horloges reculent d'une heure) : indiquez laquelle, la première (UTC+02:00) ou "
            "la seconde (UTC+01:00).",
        ),
        (
            "es",
            "Las 02:30 no existen el 14 de marzo de 2027 en America/Toronto: los relojes se "
            "adelantan a esa hora. Elija una hora anterior o posterior al cambio.",
            "Las 02:30 se dan dos veces el 31 de octubre de 2027 en Europe/Madrid (los relojes "
            "se atrasan): indique cuál, la primera (UTC+02:00) o la segunda (UTC+01:00).",
        ),
    ],
)
def test_the_messages_are_in_the_users_language(language, skipped, twice):
    with translation.override(language):
        with pytest.raises(NonexistentTime) as nonexistent:
            local_datetime(datetime.datetime(2027, 3, 14, 2, 30), ZoneInfo("America/Toronto"))
        with pytest.raises(AmbiguousTime) as ambiguous:
            local_datetime(datetime.datetime(2027, 10, 31, 2, 30), ZoneInfo("Europe/Madrid"))

    assert (nonexistent.value.message, ambiguous.value.message) == (skipped, twice)


def test_the_admin_answers_in_the_users_language(admin_client, toronto):
    forum, room = toronto
    data = session_form(
        forum,
        room,
        starts_at_0="2027-03-14",
        starts_at_1="02:30:00",
        ends_at_0="2027-03-14",
        ends_at_1="04:00:00",
    )

    response = admin_client.post("/admin/forums/session/add/", data, HTTP_ACCEPT_LANGUAGE="fr")

    assert errors_of(response) == [
        "02:30 n'existe pas le 14 mars 2027 dans le fuseau America/Toronto : les horloges "
        "avancent d'une heure à ce moment-là. Choisissez une heure avant ou après le "
        "changement."
    ]
