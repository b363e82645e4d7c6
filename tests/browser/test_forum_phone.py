"""A forum's page on a 390 px phone: the seat panel comes right under the forum's title,
so that taking a seat needs no scrolling."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    EventFactory,
    ForumFactory,
    RoomFactory,
    SessionFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
DESCRIPTION = (
    "Mayors, governors and their teams compare what has worked, table position papers and "
    "debate the association's resolution on housing and the right to the city. "
) * 4


def test_the_seat_button_is_on_the_first_screen_of_a_phone(pages):
    now = timezone.now()
    event = EventFactory(slug="annual-meeting", title="Annual Meeting of Member Governments")
    forum = ForumFactory(
        event=event,
        slug="housing",
        title="Housing and the Right to the City",
        theme="Affordable housing, informal settlements and who the city is for",
        description=DESCRIPTION,
        working_languages=["en", "fr", "es"],
        call_opens_at=now - datetime.timedelta(days=1),
        call_closes_at=now + datetime.timedelta(days=10),
    )
    start = datetime.datetime.combine(event.start_date, datetime.time(14), datetime.UTC)
    for hour in range(4):
        SessionFactory(
            forum=forum,
            room=RoomFactory(event=event),
            title=f"Session {hour}",
            starts_at=start + datetime.timedelta(hours=hour),
            ends_at=start + datetime.timedelta(hours=hour, minutes=45),
        )
    amina = accredited_delegate(event)

    path = "/events/annual-meeting/forums/housing/"
    page = pages.open(amina.user, path, viewport=PHONE, wait=False)
    button = page.get_by_role("button", name="Take a seat")
    expect(button).to_be_visible()

    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    # Under the title and its summary, before the forum's facts and sessions.
    title = page.get_by_role("heading", level=1).bounding_box()
    facts = page.locator(".forum-facts").bounding_box()
    assert title["y"] < box["y"] < facts["y"]
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]

    # On a laptop the panel stands beside the sessions.
    laptop = pages.open(amina.user, path, viewport=LAPTOP, wait=False)
    panel = laptop.locator("#seat").bounding_box()
    sessions = laptop.locator("#sessions").bounding_box()
    assert panel["x"] > sessions["x"] + sessions["width"]
    assert pages.errors == []
