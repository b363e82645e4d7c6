"""The back office on a laptop and a phone: every changelist of the secretariat's daily
work fits 1366 px with all its columns in sight, and the dashboard fits 390 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from debates.models import Debate
from events.models import Accreditation
from forums.models import Seat, Session
from papers.models import PaperStatus
from tests.factories import (
    AccreditationFactory,
    DebateFactory,
    DelegateFactory,
    EventFactory,
    ForumFactory,
    OrganizationFactory,
    PositionPaperFactory,
    RoomFactory,
    SeatFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
CHANGELISTS = {
    "/admin/events/accreditation/": "status",
    "/admin/forums/seat/": "status",
    "/admin/papers/positionpaper/": "status",
    "/admin/debates/debate/": "status",
    "/admin/forums/session/": "status",
}

# The widths of a page, of the changelist's table and of its scrolling box, and how far
# right the cells of ``column`` reach.
MEASURE = """column => {
  const results = document.querySelector('#changelist .results');
  const cells = [...document.querySelectorAll(`.column-${column}, .field-${column}`)];
  return {
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    box: results ? results.clientWidth : 0,
    table: results ? results.scrollWidth : 0,
    right: Math.max(...cells.map(cell => cell.getBoundingClientRect().right)),
    cells: cells.length,
  };
}"""


@pytest.fixture
def back_office():
    event = EventFactory(
        title="Annual meeting of the metropolitan governments 2027",
        host_city="Montréal",
        time_zone="America/Toronto",
    )
    city = OrganizationFactory(
        name="Metropolitan Government of the Autonomous City of Buenos Aires"
    )
    room = RoomFactory(event=event, name="Room 510A — Palais des congrès")
    for i in range(3):
        delegate = DelegateFactory(
            organization=city,
            user__first_name="Maria Fernanda",
            user__last_name=f"Rodríguez de la Fuente {i}",
        )
        AccreditationFactory(
            delegate=delegate,
            event=event,
            status=Accreditation.Status.PENDING if i else Accreditation.Status.APPROVED,
            decided_at=None if i else timezone.now(),
        )
        forum = ForumFactory(
            event=event,
            title=f"Affordable housing and the right to the city in metropolitan areas {i}",
            seat_capacity=2,
        )
        SeatFactory(forum=forum, delegate=delegate, status=Seat.Status.WAITLISTED)
        PositionPaperFactory(
            forum=forum,
            author=delegate,
            title=f"Who governs the metropolis? Institutions that outgrew their borders {i}",
            status=PaperStatus.SUBMITTED,
        )
        session = SessionFactory(
            forum=forum,
            title=f"Debate on the social rent share of new housing in member cities {i}",
            kind=Session.Kind.DEBATE,
            room=room,
            starts_at=timezone.now() + datetime.timedelta(hours=i),
        )
        DebateFactory(
            forum=forum,
            session=session,
            title=f"Resolution on the social rent share of new housing in member cities {i}",
            scheduled_start=session.starts_at,
            status=Debate.Status.LIVE if i == 0 else Debate.Status.SCHEDULED,
        )
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize("path", list(CHANGELISTS))
def test_a_changelist_fits_a_laptop_with_every_column_in_sight(
    pages, back_office, path, screenshot
):
    page = pages.open(back_office, path, viewport=LAPTOP, wait=False)
    expect(page.locator("#result_list")).to_be_visible()
    screenshot(page, "admin" + path.replace("/admin", "").replace("/", "-").rstrip("-"))

    size = page.evaluate(MEASURE, CHANGELISTS[path])

    assert size["cells"] == 4
    assert size["page"] <= size["viewport"]
    assert size["table"] <= size["box"]
    assert size["right"] <= size["viewport"]


def test_the_dashboard_fits_a_laptop(pages, back_office, screenshot):
    page = pages.open(back_office, "/admin/", viewport=LAPTOP, wait=False)

    expect(page.locator("#dashboard-seats")).to_be_visible()
    expect(page.locator("#dashboard .dashboard-panel")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    screenshot(page, "admin-dashboard-1366")


@pytest.mark.parametrize(
    ("locale", "heading", "time"),
    [
        ("en-GB", "Debates today", "(Montréal time)"),
        ("fr-FR", "Débats du jour", "(heure de Montréal)"),
        ("es-ES", "Debates de hoy", "(hora de Montréal)"),
    ],
)
def test_the_dashboard_fits_a_phone(pages, back_office, screenshot, locale, heading, time):
    page = pages.open(back_office, "/admin/", viewport=PHONE, wait=False, locale=locale)

    expect(page.locator("#dashboard-debates")).to_have_text(heading)
    expect(page.locator("#dashboard .dashboard-debates li").first).to_contain_text(time)
    expect(page.locator("#dashboard meter")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator("#dashboard meter").first.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, f"admin-dashboard-390-{locale}")
    assert pages.errors == []
