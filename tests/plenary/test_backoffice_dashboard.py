"""The secretariat's dashboard on the back office's index page: accreditations to decide,
seats per forum, papers per state and today's debates, each panel from its own app."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from debates.models import Debate
from events.models import Accreditation
from forums.models import Seat
from papers.models import PaperStatus
from tests.factories import (
    AccreditationFactory,
    DebateFactory,
    EventFactory,
    ForumFactory,
    PositionPaperFactory,
    SeatFactory,
    UserFactory,
)
from tests.support import signed_in

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def dashboard_of(response) -> str:
    html = response.content.decode()
    start = html.index('id="dashboard"')
    return html[start : html.index('id="content-main"')]


def populate(n: int):
    event = EventFactory(title=f"Congress of {n}")
    for i in range(n):
        AccreditationFactory(event=event, status=Accreditation.Status.PENDING)
        forum = ForumFactory(event=event, title=f"Housing {n}.{i}", seat_capacity=4)
        SeatFactory(forum=forum, status=Seat.Status.CONFIRMED)
        SeatFactory(forum=forum, status=Seat.Status.WAITLISTED)
        PositionPaperFactory(forum=forum, status=PaperStatus.SUBMITTED)
        DebateFactory(forum=forum, title=f"Debate {n}.{i}", scheduled_start=timezone.now())
    return event


def test_the_dashboard_shows_the_secretariat_what_waits_for_it(secretariat):
    event = EventFactory(title="Annual meeting", host_city="Montréal", time_zone="America/Toronto")
    AccreditationFactory.create_batch(2, event=event, status=Accreditation.Status.PENDING)
    AccreditationFactory(event=event, status=Accreditation.Status.APPROVED)
    housing = ForumFactory(event=event, title="Housing", seat_capacity=3)
    SeatFactory.create_batch(3, forum=housing, status=Seat.Status.CONFIRMED)
    SeatFactory(forum=housing, status=Seat.Status.WAITLISTED)
    ForumFactory(event=event, title="Water", seat_capacity=20)
    past = EventFactory(
        start_date=timezone.localdate() - datetime.timedelta(days=9),
        end_date=timezone.localdate() - datetime.timedelta(days=8),
    )
    ForumFactory(event=past, title="Last year's forum")
    PositionPaperFactory.create_batch(2, forum=housing, status=PaperStatus.SUBMITTED)
    PositionPaperFactory(forum=housing, status=PaperStatus.ACCEPTED, decided_at=timezone.now())
    now = timezone.now()
    today = DebateFactory(forum=housing, title="Social rent", scheduled_start=now)
    DebateFactory(
        forum=housing,
        title="Still going",
        scheduled_start=now - datetime.timedelta(days=3),
        status=Debate.Status.LIVE,
    )
    DebateFactory(forum=housing, title="Next week", scheduled_start=now + datetime.timedelta(7))

    response = signed_in(secretariat).get("/admin/")

    assert response.status_code == 200
    html = dashboard_of(response)
    text = text_of(html)
    assert "Accreditations to decide 2 pending accreditations Annual meeting 2" in text
    assert 'href="/admin/events/accreditation/?status__exact=pending"' in html
    assert (
        f'href="/admin/events/accreditation/?status__exact=pending&amp;event__id__exact={event.pk}"'
        in html
    )
    assert "Housing Annual meeting 3 / 3 3 of 3 confirmed · 1 waiting" in text
    assert "Water Annual meeting 0 / 20 0 of 20 confirmed" in text
    assert 'min="0" max="3" value="3" class="dashboard-full"' in html
    assert (
        f'href="/admin/forums/seat/?forum__id__exact={housing.pk}&amp;status__exact=waitlisted"'
        in html
    )
    assert "Last year's forum" not in text
    assert "Draft 0 Submitted 2 Under review 0 Revisions requested 0 Accepted 1" in text
    assert 'href="/admin/papers/positionpaper/?status__exact=submitted"' in html
    assert text.index("Still going") < text.index("Social rent")
    assert "Next week" not in text
    local = timezone.localtime(now, event.zone).strftime("%H:%M")
    assert f"{local} (Montréal time) · Housing · Scheduled · Open the room" in text
    assert f'href="{today.get_absolute_url()}"' in html


def test_the_dashboard_is_refused_to_who_is_not_staff(delegate):
    response = signed_in(delegate.user).get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_staff_member_sees_only_the_panels_of_what_they_may_view(db):
    clerk = UserFactory(is_staff=True)

    html = signed_in(clerk).get("/admin/").content.decode()

    assert 'id="dashboard"' in html
    assert "Accreditations to decide" not in html
    assert "Seats per forum" not in html


def test_the_dashboard_reads_the_same_number_of_queries_however_much_there_is(secretariat):
    client = signed_in(secretariat)
    populate(1)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/").status_code == 200
    populate(4)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/")

    assert text_of(dashboard_of(response)).count("Open the room") == 5
    assert len(many) == len(few)
    assert len(many) <= 12
