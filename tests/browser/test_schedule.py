import datetime
import re

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


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def eight_rooms():
    """One day of an event with eight rooms in use, in two forums: Housing (English,
    French) and Climate (Spanish)."""
    event = EventFactory(
        slug="annual",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )
    housing = ForumFactory(
        event=event, slug="housing", title="Housing", working_languages=["en", "fr"]
    )
    climate = ForumFactory(event=event, slug="climate", title="Climate", working_languages=["es"])
    start = datetime.datetime(2027, 3, 12, 14, 0, tzinfo=datetime.UTC)
    for n in range(8):
        SessionFactory(
            forum=housing if n % 2 == 0 else climate,
            room=RoomFactory(event=event, name=f"Room 51{n}", position=n),
            kind="workshop" if n == 3 else "panel",
            title_en=f"Session in room 51{n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1, minutes=30),
        )
    return event


def test_a_phone_gets_the_list_by_time_and_may_ask_for_the_grid(pages, screenshot):
    eight_rooms()
    page = pages.open(None, "/events/annual/", viewport=PHONE, wait=False)

    expect(page.locator(".schedule-list")).to_be_visible()
    expect(page.locator(".schedule-grid")).to_be_hidden()
    expect(page.locator(".time-group-time")).to_have_text(["09:00"])
    expect(page.locator(".schedule-list .slot-title")).to_have_count(8)
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    screenshot(page, "schedule-phone-list", part="#schedule")

    page.get_by_role("link", name="Grid", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?view=grid#schedule$"))
    expect(page.locator(".schedule-grid")).to_be_visible()
    expect(page.locator(".schedule-list")).to_be_hidden()
    expect(page.locator(".timetable-hint")).to_have_text(
        "8 rooms: scroll sideways to see them all. →"
    )
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    assert pages.errors == []


def test_the_grid_keeps_its_times_in_sight_and_shows_that_rooms_are_off_to_the_side(pages):
    eight_rooms()
    page = pages.open(None, "/events/annual/", viewport=LAPTOP, wait=False)
    frame = page.locator(".timetable-frame")
    box = page.locator("[data-timetable]")
    time_cell = page.locator(".timetable tbody .timetable-time").first

    expect(page.locator(".schedule-grid")).to_be_visible()
    expect(page.locator(".schedule-list")).to_be_hidden()
    expect(page.locator(".timetable-hint")).to_be_visible()
    expect(frame).to_have_attribute("data-overflow", "end")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    # The shade on the right edge says there is more that way.
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.timetable-frame'), '::after').opacity === '1'"
    )
    before = time_cell.bounding_box()["x"]

    box.evaluate("e => { e.scrollLeft = 100; }")
    expect(frame).to_have_attribute("data-overflow", "start end")
    assert time_cell.bounding_box()["x"] == before
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    expect(frame).to_have_attribute("data-overflow", "start")

    # The list, on a laptop too, when asked for.
    page.get_by_role("link", name="List", exact=True).click()
    expect(page.locator(".schedule-list")).to_be_visible()
    expect(page.locator(".schedule-grid")).to_be_hidden()
    expect(page.get_by_role("link", name="List", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    assert pages.errors == []


def test_the_filters_narrow_the_schedule_and_keep_the_layout(pages):
    eight_rooms()
    page = pages.open(None, "/events/annual/?view=list", viewport=LAPTOP, wait=False)

    page.get_by_label("Forum", exact=True).select_option("climate")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"\?forum=climate&kind=&language=&view=list#schedule$"))
    expect(page.locator(".schedule-list .slot-title")).to_have_text(
        ["Session in room 511", "Session in room 513", "Session in room 515", "Session in room 517"]
    )
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".schedule-list .slot-title")).to_have_text(["Session in room 513"])

    page.get_by_role("link", name="Show everything").click()
    page.get_by_label("Working language").select_option("fr")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".schedule-list .slot-title")).to_have_count(4)
    expect(page.locator(".schedule-list .slot-forum").first).to_have_text("Housing")
    expect(page.get_by_label("Working language")).to_have_value("fr")
    assert pages.errors == []
