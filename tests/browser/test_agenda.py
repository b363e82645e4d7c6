"""A delegate on a phone stars a session from its page and finds the clash with a seat
session of a parallel forum on My agenda; the pages fit a 390 px screen."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import (
    EventFactory,
    ForumFactory,
    RoomFactory,
    SeatFactory,
    SessionFactory,
    SpeakerProfileFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
UTC = datetime.UTC


def test_a_delegate_stars_a_session_on_a_phone_and_sees_the_clash(pages, screenshot):
    event = EventFactory(
        slug="annual-meeting",
        title="Annual Meeting of Member Governments",
        host_city="Montréal",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )
    housing = ForumFactory(event=event, slug="housing", title="Housing and the Right to the City")
    governance = ForumFactory(event=event, slug="governance", title="Metropolitan Governance")
    amina = accredited_delegate(event, user__first_name="Amina", user__last_name="Diallo")
    SeatFactory(delegate=amina, forum=housing, status="confirmed")
    speaker = SpeakerProfileFactory(
        delegate__user__first_name="Claire",
        delegate__user__last_name="Dubois",
        delegate__organization__name="Ville de Montréal",
        bio="Councillor who chairs Montréal's housing committee.",
    ).delegate
    start = datetime.datetime(2027, 3, 12, 15, 0, tzinfo=UTC)
    SessionFactory(
        forum=housing,
        room=RoomFactory(event=event, name="Room 510A"),
        title="Financing affordable housing at metropolitan scale",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1, minutes=30),
    )
    panel = SessionFactory(
        forum=governance,
        room=RoomFactory(event=event, name="Room 511", map_url="https://maps.example.org/511"),
        title="Who decides for the metropolis? Mayors, governors and the state",
        description="Three levels of government, one region.",
        speakers=[speaker],
        starts_at=start + datetime.timedelta(minutes=30),
        ends_at=start + datetime.timedelta(hours=2),
    )

    page = pages.open(
        amina.user, f"/events/annual-meeting/sessions/{panel.uuid}/", viewport=PHONE, wait=False
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(panel.title)
    expect(page.get_by_text("Councillor who chairs Montréal's housing committee.")).to_be_visible()
    page.get_by_role("button", name="Add to my agenda").click()
    expect(page.locator("#star [role=status]")).to_have_text("Added to your agenda.")
    expect(page.get_by_role("button", name="Remove from my agenda")).to_be_visible()
    session_width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "session-phone")

    page.get_by_role("link", name="See my agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My agenda")
    expect(page.get_by_text("2 sessions overlap another one on your agenda.")).to_be_visible()
    clash = page.locator(f"#session-{panel.uuid} .clash")
    expect(clash).to_contain_text("Financing affordable housing at metropolitan scale")
    page.wait_for_load_state("networkidle")
    agenda_width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "agenda-phone")

    assert (session_width, agenda_width) == (390, 390)
    assert pages.errors == []
