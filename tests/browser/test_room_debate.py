"""The live debate room in the browser: a whole debate, the ballot, questions, chat and
reactions, and the delegate's view on a phone.

They run in Chromium against daphne serving the test database; the helpers are in
``tests.browser.room_support``, the ``pages`` and ``amina_diego`` fixtures in conftest.
"""

import re

import pytest
from playwright.sync_api import expect

from debates import services
from tests.browser.room_support import (
    bot,
    client_state_matches_server,
    each,
    queue_names,
    timer_seconds,
)
from tests.debates.conftest import make_room

pytestmark = pytest.mark.django_db(transaction=True)


# --- a whole debate ---------------------------------------------------------------------


def test_chair_and_two_delegates_run_a_whole_debate(pages, amina_diego, screenshot):
    room = amina_diego()
    path = f"/debates/{room.debate.pk}/"
    chair = pages.open(room.chair, path)
    amina = pages.open(room.delegates[0].user, path)
    diego = pages.open(room.delegates[1].user, path)
    everyone = [chair, amina, diego]
    delegates = [amina, diego]

    def status_is(text):
        each(everyone, lambda page: expect(page.locator("#room-status")).to_have_text(text))

    status_is("Scheduled")
    each(everyone, lambda p: expect(p.locator("#room-connection")).to_contain_text("Connected"))
    expect(chair.get_by_role("heading", name="Chair's console")).to_be_visible()
    each(delegates, lambda p: expect(p.locator("#console")).to_be_hidden())
    each(delegates, lambda p: expect(p.get_by_role("button", name="Ask to speak")).to_be_disabled())

    # Open, then start.
    chair.get_by_role("button", name="Open the debate").click()
    status_is("Open")
    chair.get_by_role("button", name="Start the debate").click()
    status_is("Live")
    expect(chair.get_by_role("button", name="Start the debate")).to_be_hidden()

    # Two requests to speak, then a point of order that goes to the head of the queue.
    amina.get_by_role("button", name="Ask to speak").click()
    each(everyone, lambda p: expect(queue_names(p)).to_have_text(["Amina Diallo"]))
    expect(amina.locator("#my-requests")).to_contain_text("you are number 1")
    expect(amina.get_by_role("button", name="Ask to speak")).to_be_disabled()
    diego.get_by_role("button", name="Ask to speak").click()
    each(
        everyone,
        lambda p: expect(queue_names(p)).to_have_text(["Amina Diallo", "Diego Restrepo"]),
    )
    diego.get_by_label("I will speak in").select_option("es")
    diego.get_by_role("button", name="Point of order").click()
    each(
        everyone,
        lambda p: expect(queue_names(p)).to_have_text(
            ["Diego Restrepo", "Amina Diallo", "Diego Restrepo"]
        ),
    )
    # Interpreters read who speaks in which language.
    each(
        everyone,
        lambda p: expect(p.locator("#queue-list .badge-language")).to_have_text(
            ["Speaks Spanish", "Speaks English", "Speaks English"]
        ),
    )
    each(
        everyone,
        lambda p: expect(p.locator("#queue-list .badge-kind")).to_have_text(
            ["Point of order", "Speech", "Speech"]
        ),
    )
    expect(chair.locator("#grant-next-note")).to_have_text("Next: Diego Restrepo (Bogotá)")

    # Grant: the point of order has the floor; the countdown runs the same everywhere.
    chair.get_by_role("button", name="Give the floor to the next speaker").click()
    for page in everyone:
        expect(page.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
        expect(page.locator("#speaker .speaker-org")).to_have_text(
            "Bogotá · Americas & the Caribbean"
        )
        expect(page.locator("#speaker .badge-kind")).to_have_text("Point of order")
        expect(queue_names(page)).to_have_text(["Amina Diallo", "Diego Restrepo"])
        expect(page.locator("#timer")).to_have_attribute("data-level", "normal")
        expect(page.locator("#timer-digits")).to_have_text(re.compile(r"^0:3[1-5]$"))
    expect(diego.locator("#speaker .badge-you")).to_have_text("You")
    expect(diego.get_by_role("button", name="End my speech")).to_be_visible()
    expect(amina.get_by_role("button", name="End my speech")).to_be_hidden()
    started = [timer_seconds(page) for page in everyone]
    projector = pages.open(None, path + "?view=projector", viewport={"width": 1920, "height": 1080})
    expect(projector.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
    expect(projector.locator("#speaker .badge-language")).to_have_text("Speaks Spanish")
    expect(projector.locator("#room button")).to_have_count(0)
    expect(projector.locator(".site-header")).to_be_hidden()
    for page, before in zip(everyone, started, strict=True):
        expect(page.locator("#timer-digits")).not_to_have_text(f"0:{before:02d}")
        assert timer_seconds(page) < before
    # Amber in the last 30 seconds.
    each(
        [*everyone, projector],
        lambda p: expect(p.locator("#timer")).to_have_attribute(
            "data-level", "warning", timeout=10_000
        ),
    )
    screenshot(projector, "room-projector")

    chair.get_by_role("button", name="End the floor").click()
    for page in everyone:
        expect(page.locator("#speaker")).to_have_text("Nobody has the floor.")
        expect(page.locator("#timer")).to_have_attribute("data-level", "idle")
        expect(page.locator(".balance-row[data-region='americas'] .balance-value")).to_contain_text(
            "1 speech"
        )
        expect(page.locator(".balance-row[data-region='africa'] .balance-value")).to_contain_text(
            "0 speeches"
        )

    # A motion, seconded by the other delegate.
    amina.get_by_text("Propose a motion or an amendment").click()
    amina.get_by_label("Text of the motion").fill("Adopt the housing resolution.")
    amina.get_by_role("button", name="Propose", exact=True).click()
    for page in everyone:
        expect(page.locator(".motion .motion-text")).to_have_text("Adopt the housing resolution.")
        expect(page.locator(".motion .motion-status")).to_have_text("Proposed")
    expect(amina.get_by_role("button", name="Second")).to_be_hidden()
    # A motion on the table can be amended.
    expect(amina.get_by_label("Amends").locator("option")).to_have_text(
        ["Nothing: a new motion", "Motion 1: Adopt the housing resolution."]
    )
    diego.get_by_role("button", name="Second").click()
    for page in everyone:
        expect(page.locator(".motion .motion-status")).to_have_text("Seconded")
        expect(page.locator(".motion .motion-meta")).to_contain_text(
            "Proposed by Amina Diallo (Dakar) · seconded by Diego Restrepo"
        )

    # A secret vote.
    open_vote = chair.locator("form.open-vote")
    expect(open_vote.get_by_label("Secret ballot")).to_be_checked()
    open_vote.get_by_role("button", name="Open the vote").click()
    for page in everyone:
        card = page.locator("#open-votes .vote-card")
        expect(card).to_contain_text("Adopt the housing resolution.")
        expect(card.locator(".vote-meta")).to_contain_text("Secret ballot")
        expect(card.locator(".turnout-text")).to_have_text("0 of 2 have voted")
    each(delegates, lambda p: expect(p.locator("form.ballot")).to_be_visible())
    expect(chair.locator("form.ballot")).to_have_count(0)
    amina.locator("form.ballot").get_by_label("Yes").check()
    screenshot(amina, "room-delegate")
    screenshot(chair, "room-chair")
    amina.locator("form.ballot").get_by_role("button", name="Cast my vote").click()
    expect(amina.locator("#open-votes .ballot-done")).to_have_text("You voted: Yes.")
    each(everyone, lambda p: expect(p.locator(".turnout-text")).to_have_text("1 of 2 has voted"))
    diego.locator("form.ballot").get_by_label("Abstain").check()
    diego.locator("form.ballot").get_by_role("button", name="Cast my vote").click()
    expect(diego.locator("#open-votes .ballot-done")).to_have_text("You voted: Abstain.")
    each(everyone, lambda p: expect(p.locator(".turnout-text")).to_have_text("2 of 2 have voted"))

    chair.get_by_role("button", name="Close the vote and publish the result").click()
    for page in everyone:
        result = page.locator("#vote-results .result-card")
        expect(result.locator(".result-badge")).to_have_text("Carried")
        expect(result.locator(".tally-count")).to_have_text(["1", "0", "1"])
        expect(result.locator(".result-meta")).to_contain_text("Turnout 2 of 2 (100%)")
        expect(result.locator(".roll-call")).to_have_count(0)
        expect(page.locator("#open-votes .vote-card")).to_have_count(0)
        expect(page.locator(".motion .motion-status")).to_have_text("Carried")
    expect(amina.locator(".result-mine")).to_have_text("You voted: Yes.")
    expect(diego.locator(".result-mine")).to_have_text("You voted: Abstain.")
    expect(chair.locator(".result-mine")).to_be_hidden()
    expect(projector.locator("#vote-results .result-badge")).to_have_text("Carried")

    # Close, then the minutes.
    each(everyone, lambda p: expect(p.locator("#room-minutes-link")).to_be_hidden())
    chair.get_by_role("button", name="Close the debate…").click()
    chair.get_by_role("button", name="Close the debate now").click()
    status_is("Closed")
    for page in everyone:
        expect(page.get_by_role("link", name="Read the minutes").first).to_be_visible()
        client_state_matches_server(page, room.debate.pk)
    expect(chair.locator("#console-closed")).to_be_visible()
    amina.locator("#room-minutes-link").click()
    expect(amina.get_by_role("heading", level=1)).to_have_text("Minutes: Housing resolution")
    expect(amina.locator("table").first).to_contain_text("Diego Restrepo")
    assert pages.errors == []


# --- the ballot ------------------------------------------------------------------------------


def test_ballot_being_filled_survives_ten_incoming_events(pages, daphne_server):
    room = make_room(delegates=3, speaking_seconds=120)
    d = room.debate.pk
    amina, diego = (delegate.user for delegate in room.delegates[:2])
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    motion = services.motion_propose(actor=amina, debate_id=d, text="Adopt the report.").pk
    services.motion_second(actor=diego, debate_id=d, motion_id=motion)
    vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=motion, secret=True).pk
    page = pages.open(amina, f"/debates/{d}/")
    ballot = page.locator("form.ballot")
    expect(ballot.locator(".ballot-choice")).to_have_text(["Yes", "No", "Abstain"])
    no = ballot.get_by_label("No")
    no.check()
    no.focus()
    page.evaluate("window.ballotUnderTest = document.querySelector('form.ballot')")
    seq = int(page.locator("#room").get_attribute("data-seq"))

    with (
        bot(daphne_server, d, room.token(room.chair)) as chair,
        bot(daphne_server, d, room.token(diego)) as other,
    ):
        other.send("floor.request", kind="speech")
        other.send("floor.request", kind="point_of_order")
        chair.send("floor.grant")
        chair.send("timer.pause")
        chair.send("timer.extend", seconds=30)
        chair.send("timer.resume")
        for n in range(3):
            other.send("message.post", text=f"Incoming message {n}")
        chair.send("question.ask", text="Is the report costed?")
        other.send("vote.cast", vote=vote, choice="yes")

    expect(page.locator("#room")).to_have_attribute("data-seq", str(seq + 10))
    expect(page.locator(".turnout-text")).to_have_text("1 of 3 has voted")
    expect(page.locator("#chat-list")).to_contain_text("Incoming message 2")
    expect(page.locator("#speaker .speaker-name")).to_have_text(diego.get_full_name())
    assert page.evaluate(
        "window.ballotUnderTest.isConnected"
        " && document.querySelector('form.ballot') === window.ballotUnderTest"
    )
    expect(no).to_be_checked()
    expect(no).to_be_focused()
    expect(ballot.get_by_label("Yes")).not_to_be_checked()

    page.keyboard.press("Tab")
    expect(ballot.get_by_role("button", name="Cast my vote")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".ballot-done")).to_have_text("You voted: No.")
    expect(page.locator(".turnout-text")).to_have_text("2 of 3 have voted")
    # The server does not know a secret choice: the page remembers it for this tab.
    page.reload()
    expect(page.locator(".ballot-done")).to_have_text("You voted: No.")
    assert pages.errors == []


def test_questions_chat_and_reactions(pages, amina_diego):
    room = amina_diego()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    path = f"/debates/{d}/"
    chair = pages.open(room.chair, path)
    amina = pages.open(room.delegates[0].user, path)
    observer = pages.open(room.observer, path)
    anonymous = pages.open(None, path)
    everyone = [chair, amina, observer, anonymous]

    expect(observer.locator("#my-floor")).to_be_hidden()
    expect(observer.locator("#room-role")).to_have_text("You are watching")
    observer.get_by_label("Your question").fill("Who pays for social housing?")
    observer.get_by_role("button", name="Ask", exact=True).click()
    amina.get_by_label("Your question").fill("What counts as affordable?")
    amina.get_by_role("button", name="Ask", exact=True).click()
    each(everyone, lambda p: expect(p.locator(".question-text")).to_have_count(2))
    amina.get_by_role("button", name=re.compile("Upvote")).first.click()
    # Most upvoted first.
    for page in everyone:
        expect(page.locator(".question-text")).to_have_text(
            ["Who pays for social housing?", "What counts as affordable?"]
        )
        expect(page.locator(".upvote-count")).to_have_text(["1", "0"])
    expect(amina.locator(".upvote").first).to_have_attribute("aria-pressed", "true")
    chair.get_by_role("button", name="Answered", exact=True).first.click()
    each(everyone, lambda p: expect(p.locator(".question").last).to_contain_text("answered"))
    chair.get_by_role("button", name="Hide", exact=True).first.click()
    each(everyone, lambda p: expect(p.locator(".question-text")).to_have_count(1))
    expect(anonymous.locator("#ask-form")).to_be_hidden()
    expect(anonymous.get_by_role("link", name="Log in to chat")).to_be_visible()

    amina.get_by_label("Message", exact=True).fill("<b>Not bold</b> & plain")
    amina.keyboard.press("Enter")
    for page in everyone:
        expect(page.locator(".chat-text")).to_have_text(["<b>Not bold</b> & plain"])
        expect(page.locator(".chat-text b")).to_have_count(0)
    chair.get_by_role("button", name="Remove the message from Amina Diallo").click()
    each(everyone, lambda p: expect(p.locator(".chat-text")).to_have_count(0))

    amina.get_by_role("button", name="Applause").click()
    each(everyone, lambda p: expect(p.locator("#reaction-stream")).to_contain_text("👏"))
    each(everyone, lambda p: expect(p.locator("#room-presence-count")).to_have_text("4"))
    assert pages.errors == []


def test_delegate_view_fits_a_phone(pages, amina_diego, screenshot):
    room = amina_diego()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    services.floor_request(actor=room.delegates[1].user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    page = pages.open(
        room.delegates[0].user, f"/debates/{d}/", viewport={"width": 390, "height": 844}
    )

    expect(page.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
    expect(page.locator("#room-presence-count")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # On a phone the floor comes first, the balance last.
    stage = page.locator(".stage").bounding_box()
    balance = page.locator(".balance").bounding_box()
    assert stage["y"] < balance["y"]
    screenshot(page, "room-delegate-phone")
    assert pages.errors == []
