"""The projector view on a 1280x720 and a 1920x1080 screen: every card inside the screen
and nothing in it cut, with a vote result, a long speakers' list and every region on the
floor balance."""

import pytest
from playwright.sync_api import expect

from debates import services
from tests.browser.room_support import LIVE, rename
from tests.debates.conftest import make_room
from tests.debates.texts import text_room

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}]
MOTION = (
    "Adopt the resolution on affordable housing, as amended, and transmit it to the General "
    "Assembly with the report of the forum."
)

PANELS = """() => Array.from(document.querySelectorAll('#room .room-header, #room .room-card'))
  .filter((panel) => panel.getClientRects().length > 0)
  .map((panel) => {
    const box = panel.getBoundingClientRect();
    return {
      name: panel.className,
      top: box.top, left: box.left, bottom: box.bottom, right: box.right,
      scrollHeight: panel.scrollHeight, clientHeight: panel.clientHeight,
      scrollWidth: panel.scrollWidth, clientWidth: panel.clientWidth,
    };
  })"""


def busy_floor(room) -> None:
    """A speech from each region, a vote closed with its result, a speaker on the floor
    and six waiting."""
    d = room.debate.pk
    names = [
        ("Amina", "Diallo", "Dakar"),
        ("Diego", "Restrepo", "Bogotá"),
        ("Ji-woo", "Park", "Seoul"),
        ("Inês", "Carvalho", "Lisbon"),
        ("Fatima", "Benali", "Rabat"),
        ("Claire", "Dubois", "Montréal"),
        ("Thabo", "Nkosi", "Johannesburg"),
        ("Hannah", "Schulz", "Berlin"),
    ]
    for delegate, name in zip(room.delegates, names, strict=True):
        rename(delegate, *name)
    for delegate in room.delegates[:4]:  # one of each region
        services.floor_request(actor=delegate.user, debate_id=d, kind="speech")
        services.floor_grant(actor=room.chair, debate_id=d)
        services.floor_end(actor=room.chair, debate_id=d)
    motion = services.motion_propose(actor=room.delegates[0].user, debate_id=d, text=MOTION)
    services.motion_second(actor=room.delegates[1].user, debate_id=d, motion_id=motion.pk)
    vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=motion.pk, secret=False)
    for index, delegate in enumerate(room.delegates):
        choice = ["yes", "yes", "no", "abstain"][index % 4]
        services.vote_cast(actor=delegate.user, debate_id=d, vote_id=vote.pk, choice=choice)
    services.vote_close(actor=room.chair, debate_id=d, vote_id=vote.pk)
    for delegate in [*room.delegates[1:], room.delegates[0]]:
        services.floor_request(actor=delegate.user, debate_id=d, kind="speech")
    services.floor_grant(actor=room.chair, debate_id=d)


def assert_fits(page, screen) -> None:
    panels = page.evaluate(PANELS)
    names = {panel["name"].split()[-1] for panel in panels}
    assert {"room-header", "stage", "votes", "queue", "balance"} <= names
    for panel in panels:
        where = f"{panel['name']} at {screen['width']}x{screen['height']}: {panel}"
        assert panel["top"] >= 0, where
        assert panel["left"] >= 0, where
        assert panel["bottom"] <= screen["height"], where
        assert panel["right"] <= screen["width"], where
        assert panel["scrollHeight"] <= panel["clientHeight"], where
        assert panel["scrollWidth"] <= panel["clientWidth"], where
    size = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size == [screen["width"], screen["height"]]


def shows_the_floor(page) -> None:
    expect(page.locator(LIVE)).to_be_visible()
    expect(page.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
    expect(page.locator("#vote-results .result-badge")).to_have_text("Carried")
    expect(page.locator("#vote-results .tally-count")).to_have_text(["4", "2", "2"])
    expect(page.locator(".balance-row .balance-value")).to_have_count(4)
    expect(page.locator(".balance-row[data-region='europe'] .balance-value")).to_contain_text(
        "1 speech"
    )
    expect(page.locator("#queue-list .queue-item")).to_have_count(7)


@pytest.mark.parametrize("agenda", [True, False], ids=["with-agenda", "without-agenda"])
def test_the_projector_fits_the_screen_with_nothing_cut(pages, screenshot, agenda):
    if agenda:
        room = text_room(delegates=8)
    else:
        room = make_room(delegates=8)
        services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="open")
        services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="live")
    busy_floor(room)
    path = f"/debates/{room.debate.pk}/?view=projector"

    for screen in SCREENS:
        page = pages.open(None, path, viewport=screen)
        shows_the_floor(page)
        if agenda:
            expect(page.locator("#agenda-text-paragraphs li").first).to_be_visible()
        page.wait_for_function("document.fonts.status === 'loaded'")
        # projector-fit.js settles in the frame after the last change.
        page.evaluate(
            "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        assert_fits(page, screen)
        name = "with-agenda" if agenda else "without-agenda"
        screenshot(page, f"room-projector-{screen['width']}-{name}")
    assert pages.errors == []
