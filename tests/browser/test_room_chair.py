"""The live debate room in the browser: the chair's tools (the speakers' list by keyboard
and by drag and drop, the timer) and the end of a speaker's time.

They run in Chromium against daphne serving the test database; the helpers are in
``tests.browser.room_support``, the ``pages`` and ``amina_diego`` fixtures in conftest.
"""

import math
import re
import time

import pytest
from playwright.sync_api import expect

from debates import services
from debates.models import Debate
from tests.browser.room_support import client_state_matches_server, queue_names, timer_seconds
from tests.debates.conftest import make_room

pytestmark = pytest.mark.django_db(transaction=True)


# --- chair's tools -------------------------------------------------------------------------


def test_chair_reorders_by_keyboard_and_by_drag_and_drop(pages):
    room = make_room(delegates=3)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    names = []
    for delegate in room.delegates:
        services.floor_request(actor=delegate.user, debate_id=d)
        names.append(delegate.display_name)
    first, second, third = names
    chair = pages.open(room.chair, f"/debates/{d}/")
    delegate = pages.open(room.delegates[0].user, f"/debates/{d}/")
    expect(queue_names(chair)).to_have_text(names)

    # Keyboard: the button keeps the focus as its speaker moves.
    up = chair.get_by_role("button", name=f"Move {third} up")
    expect(up).to_be_enabled()
    up.focus()
    chair.keyboard.press("Enter")
    for page in (chair, delegate):
        expect(queue_names(page)).to_have_text([first, third, second])
    expect(up).to_be_focused()
    # The room may show the new order before the server's answer frees the button.
    expect(up).to_be_enabled()
    chair.keyboard.press("Enter")
    for page in (chair, delegate):
        expect(queue_names(page)).to_have_text([third, first, second])
    expect(up).to_be_focused()
    expect(up).to_be_disabled()
    expect(chair.locator("#room-notice")).to_have_text(f"{third} is now number 1.")

    # Drag and drop: the last speaker onto the top of the list.
    items = chair.locator("#queue-list .queue-item")
    items.nth(2).drag_to(
        items.nth(0), source_position={"x": 20, "y": 12}, target_position={"x": 20, "y": 4}
    )
    for page in (chair, delegate):
        expect(queue_names(page)).to_have_text([second, third, first])

    # A chosen request, not the head, gets the floor.
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    chair.get_by_role("button", name=f"Give the floor to {first}").click()
    for page in (chair, delegate):
        expect(page.locator("#speaker .speaker-name")).to_have_text(first)
        expect(queue_names(page)).to_have_text([second, third])
    # The granted request left the list: the focus goes to the one that took its place.
    expect(chair.get_by_role("button", name=f"Give the floor to {third}")).to_be_focused()
    # Pause, extend, resume.
    chair.get_by_role("button", name="Pause").click()
    for page in (chair, delegate):
        expect(page.locator("#timer")).to_have_attribute("data-level", "paused")
        expect(page.locator("#timer-label")).to_have_text("Paused")
    paused = timer_seconds(chair)
    chair.get_by_role("button", name="+1 min").click()
    expect(delegate.locator("#timer-digits")).to_have_text(re.compile(rf"^{(paused + 60) // 60}:"))
    chair.get_by_role("button", name="Resume the timer").click()
    expect(delegate.locator("#timer")).to_have_attribute("data-level", "normal")
    assert pages.errors == []


def test_time_up_turns_the_timer_red_and_counts_over(pages, amina_diego):
    room = amina_diego(speaking_seconds=10)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    page = pages.open(room.delegates[1].user, f"/debates/{d}/")

    expect(page.locator("#timer")).to_have_attribute("data-level", "warning")
    expect(page.locator("#timer")).to_have_attribute("data-level", "over", timeout=15_000)
    expect(page.locator("#timer-label")).to_have_text("Time is up")
    expect(page.locator("#timer-digits")).to_have_text(re.compile(r"^\+0:0\d$"))
    # The server says so once, with floor.time_up, and the page has it.
    deadline = time.monotonic() + 5
    while not Debate.objects.get(pk=d).state["speaker"]["time_up"]:
        assert time.monotonic() < deadline, "no floor.time_up"
        time.sleep(0.1)
    debate = Debate.objects.get(pk=d)
    assert debate.events.last().type == "floor.time_up"
    expect(page.locator("#room")).to_have_attribute("data-seq", str(debate.seq))
    assert pages.errors == []


def test_chair_interrupts_a_speech_for_a_point_of_order_and_the_speech_resumes(pages, amina_diego):
    room = amina_diego(speaking_seconds=120)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    services.floor_request(actor=room.delegates[1].user, debate_id=d, kind="point_of_order")
    chair = pages.open(room.chair, f"/debates/{d}/")
    amina = pages.open(room.delegates[0].user, f"/debates/{d}/")
    point = chair.locator("#queue-list .queue-item", has_text="Diego Restrepo")

    expect(chair.locator("#grant-next-note")).to_have_text(
        "A point of order from Diego Restrepo: giving the floor interrupts the speech, "
        "which resumes after it."
    )
    point.get_by_role("button", name="Interrupt the speech").click()

    expect(chair.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
    left = math.ceil(Debate.objects.get(pk=d).state["interrupted"]["paused_remaining"])
    for page in (chair, amina):
        expect(page.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
        expect(page.locator("#speaker .speaker-interrupted")).to_have_text(
            f"Amina Diallo (Dakar) was interrupted with {left // 60}:{left % 60:02d} left "
            "and resumes after the point of order."
        )
    chair.locator("#end-floor").click()

    for page in (chair, amina):
        expect(page.locator("#speaker .speaker-name")).to_have_text("Amina Diallo")
        expect(page.locator("#speaker .speaker-interrupted")).to_have_count(0)
        expect(page.locator("#timer-label")).to_have_text("Time left")
    assert left - 30 < timer_seconds(amina) <= left
    expect(chair.locator("#room")).to_have_attribute("data-seq", str(Debate.objects.get(pk=d).seq))
    client_state_matches_server(chair, d)
    assert pages.errors == []
