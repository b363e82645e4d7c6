"""The event schedule's filters (forum, kind, language) and its two layouts, by query."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.forms import ScheduleFilterForm
from tests.factories import EventFactory, ForumFactory, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
START = datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC)


@pytest.fixture
def event():
    event = EventFactory(
        slug="annual",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )
    housing = ForumFactory(event=event, slug="housing", title="Housing", working_languages=["en"])
    climate = ForumFactory(
        event=event, slug="climate", title="Climate", working_languages=["fr", "es"]
    )
    room = RoomFactory(event=event, name="Room 510A")
    hour = datetime.timedelta(hours=1)
    for forum, kind, title, start in (
        (housing, "panel", "Affordable housing", START),
        (housing, "debate", "Debate on rents", START + 2 * hour),
        (climate, "panel", "Heat waves", START),
        (climate, "workshop", "Green roofs", START + 2 * hour),
    ):
        SessionFactory(
            forum=forum, room=room, kind=kind, title=title, starts_at=start, ends_at=start + hour
        )
    return event


def titles(response) -> list[str]:
    html = response.content.decode()
    grid = html[html.index('class="schedule-grid"') : html.index('class="schedule-list"')]
    return re.findall(r'<p class="slot-title"><a href="[^"]*">([^<]+)</a>', grid)


def test_without_filters_every_session_is_shown_in_both_layouts(client, event):
    response = client.get("/events/annual/")

    html = response.content.decode()
    assert titles(response) == [
        "Affordable housing",
        "Heat waves",
        "Debate on rents",
        "Green roofs",
    ]
    assert 'class="section schedule schedule-layout-auto"' in html
    assert html.count('<li class="time-group">') == 2
    assert "Show everything" not in html


def test_filters_by_forum_kind_and_language(client, event):
    assert titles(client.get("/events/annual/?forum=housing")) == [
        "Affordable housing",
        "Debate on rents",
    ]
    assert titles(client.get("/events/annual/?kind=panel")) == ["Affordable housing", "Heat waves"]
    assert titles(client.get("/events/annual/?language=es")) == ["Heat waves", "Green roofs"]
    assert titles(client.get("/events/annual/?forum=climate&kind=workshop")) == ["Green roofs"]


def test_the_form_offers_the_events_forums_and_their_languages_by_name(client, event):
    html = client.get("/events/annual/?forum=climate", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    forum_select = html[
        html.index('name="forum"') : html.index("</select>", html.index('name="forum"'))
    ]
    assert re.findall(r'<option value="([^"]*)"', forum_select) == ["", "climate", "housing"]
    assert '<option value="climate" selected>Climate</option>' in forum_select
    language_select = html[html.index('id="id_language"') :]
    language_select = language_select[: language_select.index("</select>")]
    assert re.findall(r'<option value="[^"]*"(?: selected)?>([^<]+)<', language_select) == [
        "Every language",
        "English",
        "French",
        "Spanish",
    ]
    assert '<a href="?#schedule">Show everything</a>' in html


def test_a_value_that_is_not_a_choice_is_left_out_and_named(client, event):
    response = client.get("/events/annual/?forum=nowhere&kind=panel&language=zz&view=wide")

    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Affordable housing", "Heat waves"]
    assert "Part of this address was not understood and was left out:" in html
    assert (
        "<li>Forum: Select a valid choice. nowhere is not one of the available choices.</li>"
        in html
    )
    assert (
        "<li>Working language: Select a valid choice. zz is not one of the available choices.</li>"
        in html
    )
    assert (
        "<li>Layout: Select a valid choice. wide is not one of the available choices.</li>" in html
    )
    # The layout links keep the valid filter only.
    assert 'href="?kind=panel&amp;view=list#schedule"' in html
    assert 'class="section schedule schedule-layout-auto"' in html


def test_a_filter_that_matches_nothing_says_so(client, event):
    html = client.get("/events/annual/?forum=housing&kind=workshop").content.decode()

    assert "No session matches these filters." in html
    assert "has not been published yet" not in html


def test_the_layout_is_chosen_by_query_and_kept_by_the_filter_form(client, event):
    html = client.get("/events/annual/?view=list&forum=housing").content.decode()

    assert 'class="section schedule schedule-layout-list"' in html
    assert '<input type="hidden" name="view" value="list" id="id_view">' in html
    assert 'href="?forum=housing&amp;view=grid#schedule"' in html
    assert (
        '<a class="layout-link" data-layout="list" href="?forum=housing&amp;view=list#schedule" '
        'aria-current="true">List</a>'
    ) in html
    assert (
        'class="section schedule schedule-layout-grid"'
        in client.get("/events/annual/?view=grid").content.decode()
    )


def test_filter_form_drops_only_the_bad_field():
    forums = [ForumFactory.build(slug="housing", working_languages=["en"])]
    form = ScheduleFilterForm({"forum": "housing", "kind": "dance"}, forums=forums)

    assert form.filters() == {"forum": forums[0], "kind": None, "language": None}
    assert list(form.errors) == ["kind"]
    assert form.query(view="grid") == "forum=housing&view=grid"


def test_a_filtered_schedule_takes_no_more_queries_than_a_whole_one(client, event):
    with CaptureQueriesContext(connection) as whole:
        client.get("/events/annual/")
    with CaptureQueriesContext(connection) as filtered:
        client.get("/events/annual/?forum=housing&kind=panel&language=en&view=list")

    assert len(filtered) == len(whole)
