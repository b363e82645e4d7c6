"""The back office's lists: times on the clocks of the object's event, with the zone named,
and a number of queries that does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from debates.models import Debate
from forums.models import Seat
from papers.models import PaperStatus
from plenary.localtime import place_time, wall_time_label
from tests.factories import (
    AccreditationFactory,
    DebateFactory,
    EventFactory,
    ForumFactory,
    PositionPaperFactory,
    SeatFactory,
    SessionFactory,
)
from tests.support import signed_in

pytestmark = pytest.mark.django_db

TEN_IN_MONTREAL = datetime.datetime(2027, 3, 12, 15, 0, tzinfo=datetime.UTC)


def test_a_time_is_labelled_with_the_place_of_its_clocks():
    assert wall_time_label(TEN_IN_MONTREAL, "America/Toronto", place="Montréal") == (
        "03/12/2027 10:00 (Montréal time)"
    )
    assert wall_time_label(TEN_IN_MONTREAL, "UTC", place="London") == "03/12/2027 15:00 (UTC)"
    assert place_time("Africa/Dakar") == "Africa/Dakar"
    assert wall_time_label(None, "UTC") == ""
    with translation.override("fr"):
        assert place_time("America/Toronto", place="Montréal") == "heure de Montréal"


def rows(n: int):
    event = EventFactory(host_city="Montréal", time_zone="America/Toronto")
    for _i in range(n):
        forum = ForumFactory(event=event)
        AccreditationFactory(event=event)
        SeatFactory(forum=forum, status=Seat.Status.WAITLISTED)
        PositionPaperFactory(forum=forum, status=PaperStatus.SUBMITTED)
        SessionFactory(forum=forum, starts_at=TEN_IN_MONTREAL)
        DebateFactory(forum=forum, scheduled_start=TEN_IN_MONTREAL, status=Debate.Status.OPEN)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/events/accreditation/",
        "/admin/forums/seat/",
        "/admin/forums/session/",
        "/admin/papers/positionpaper/",
        "/admin/debates/debate/",
    ],
)
def test_a_list_reads_the_same_queries_for_one_row_or_many(secretariat, path):
    client = signed_in(secretariat)
    rows(1)
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    rows(3)
    with CaptureQueriesContext(connection) as four:
        response = client.get(path)

    assert response.status_code == 200
    assert len(four) == len(one)


@pytest.mark.parametrize(
    "path",
    ["/admin/forums/seat/", "/admin/forums/session/", "/admin/debates/debate/"],
)
def test_a_list_names_the_zone_of_its_times(secretariat, path):
    rows(1)
    Seat.objects.update(created_at=TEN_IN_MONTREAL)

    html = signed_in(secretariat).get(path).content.decode()

    assert "03/12/2027 10:00 (Montréal time)" in html
