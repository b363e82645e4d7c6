import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory, ForumFactory, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_schedule_switches_between_event_and_viewer_time(browser, daphne_server, screenshot):
    event = EventFactory(
        slug="annual",
        host_city="Montréal",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )
    forum = ForumFactory(event=event, slug="housing")
    SessionFactory(
        forum=forum,
        room=RoomFactory(event=event, name="Room 510A"),
        title_en="Affordable housing",
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 3, 12, 15, 30, tzinfo=datetime.UTC),
    )
    context = browser.new_context(
        base_url=daphne_server.http_url, locale="en-GB", timezone_id="Asia/Tokyo"
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto("/events/annual/forums/housing/")
    times = page.locator(".session-time time")
    expect(times.first).to_have_text("09:00")
    mine = page.get_by_role("button", name="my time (Asia/Tokyo)")
    mine.click()

    # 14:00 UTC is 23:00 in Tokyo, the same day.
    expect(times.first).to_have_text("23:00")
    # The end falls on the next day there: the day is named.
    expect(times.nth(1)).to_have_text("Sat, Mar 13, 00:30")
    expect(mine).to_have_attribute("aria-pressed", "true")
    screenshot(page, "forum-sessions-viewer-zone")

    page.reload()
    expect(times.first).to_have_text("23:00")  # the choice is remembered
    page.get_by_role("button", name="Montréal time (Eastern Time, UTC\u22125)").click()
    expect(times.first).to_have_text("09:00")
    assert errors == []
    context.close()
