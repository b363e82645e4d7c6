"""On a 390 px phone, nothing scrolls sideways: each main page a delegate opens, and the
chair's room, fits the screen's width (a wide table scrolls inside its own box)."""

import datetime

import pytest
from django.utils import timezone

from debates import services
from papers.models import PaperStatus
from tests.browser.room_support import rename
from tests.debates.conftest import make_room
from tests.factories import (
    EventFactory,
    ForumFactory,
    RoomFactory,
    SessionFactory,
    accredited_delegate,
)
from tests.papers.conftest import make_paper

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_main_pages_fit_a_phone_without_sideways_scrolling(pages, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    event = EventFactory(
        slug="annual-meeting",
        title="Annual Meeting of Member Governments",
        host_city="Montréal",
        time_zone="America/Toronto",
    )
    forum = ForumFactory(
        event=event,
        slug="housing-right-to-the-city",
        title="Housing and the Right to the City",
        theme="Affordable housing, informal settlements and who the city is for",
        call_opens_at=now - datetime.timedelta(days=1),
        call_closes_at=now + datetime.timedelta(days=10),
    )
    rooms = [RoomFactory(event=event, name=f"Room 51{n}A", position=n) for n in range(7)]
    start = datetime.datetime.combine(event.start_date, datetime.time(14), datetime.UTC)
    for room in rooms:
        SessionFactory(
            forum=forum,
            room=room,
            title_en="Financing affordable housing at metropolitan scale",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1, minutes=30),
        )
    amina = accredited_delegate(event)
    paper = make_paper(
        forum,
        amina,
        status=PaperStatus.SUBMITTED,
        title="Who governs the metropolis? Institutions for cities that outgrew their borders",
    )

    widths = {}
    for path in (
        "/",
        f"/events/{event.slug}/",
        f"/events/{event.slug}/forums/{forum.slug}/",
        "/me/",
        "/papers/",
        f"/papers/{paper.pk}/",
        f"/papers/submit/{event.slug}/{forum.slug}/",
    ):
        page = pages.open(amina.user, path, viewport=PHONE, wait=False)
        page.wait_for_load_state("networkidle")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    room = make_room(delegates=3)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    for delegate in room.delegates:
        rename(
            delegate, "Maria Fernanda", "Rodríguez-Villalobos", "Ciudad Autónoma de Buenos Aires"
        )
        services.floor_request(actor=delegate.user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    page = pages.open(room.chair, f"/debates/{d}/", viewport=PHONE)
    page.wait_for_load_state("networkidle")
    widths["room"] = page.evaluate("document.documentElement.scrollWidth")
    queue_name = page.locator("#queue-list .queue-name").first
    name_height = queue_name.evaluate("e => e.getBoundingClientRect().height")
    name_width = queue_name.evaluate("e => e.getBoundingClientRect().width")

    assert widths == dict.fromkeys(widths, 390)
    # A speaker's name in the queue reads on a line or two, not a letter per line.
    assert (name_width > 100, name_height < 60) == (True, True), (name_width, name_height)
    assert pages.errors == []
