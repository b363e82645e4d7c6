"""The room's JavaScript fold (static/js/room/state.js) against the Python one
(debates/state.py), in Chromium: the same event types, and the same state after the same
logs. The logs are real: random debates played through the services
(``tests.debates.scenarios``) and a statutory sitting (roll calls, a vote of one ballot
per member with a mandate and a proxy, elections tied and resolved by lot and by a
further round) and a sitting amending and adopting a text, each log taken as clients see
it. The random debates open and close agenda items, so queue entries, motions and votes
carry their item; a sitting of two items closes one with requests still waiting.
"""

import collections
import json
import random

import pytest

from debates import services
from debates.events import EVENT_TYPES
from debates.models import Debate
from debates.state import fold
from tests.browser.room_support import (
    board_election,
    candidate_ids,
    seconded_motion,
    statutory_room,
)
from tests.debates.conftest import make_room
from tests.debates.scenarios import play, scenario, wire_log
from tests.debates.texts import amendment_sitting

pytestmark = pytest.mark.django_db(transaction=True)

STATE_JS = "/static/js/room/state.js"
DEBATES = 36


@pytest.fixture
def page_without_room(page):
    """A page of the site that is not a room: state.js imports anywhere."""
    page.goto("/")
    return page


def test_javascript_fold_handles_the_event_types_of_the_python_fold(page_without_room):
    types = page_without_room.evaluate(f"async () => (await import('{STATE_JS}')).EVENT_TYPES")

    assert len(types) == len(set(types))
    assert set(types) == EVENT_TYPES


def random_logs() -> list[list[dict]]:
    """The logs of a few dozen random debates (seeded), as clients see them."""
    rng = random.Random(20270512)
    logs = []
    for _ in range(DEBATES):
        room = play(scenario(rng, 30, 80), speaking_seconds=rng.choice([10, 20, 30]))
        logs.append(wire_log(room.debate.pk))
        assert fold(logs[-1]) == Debate.objects.get(pk=room.debate.pk).state
    return logs


STATUTORY_TYPES = {
    "rollcall.opened",
    "rollcall.answered",
    "rollcall.marked",
    "rollcall.closed",
    "election.prepared",
    "election.opened",
    "election.closed",
    "election.resolved",
}


def statutory_log() -> list[dict]:
    """A sitting with every statutory event type, played through the services."""
    assembly = statutory_room()
    d, chair = assembly.debate_id, assembly.room.chair
    amina, diego = assembly.people["Amina"], assembly.people["Diego"]
    services.rollcall_open(actor=chair, debate_id=d)
    services.rollcall_answer(actor=amina.user, debate_id=d)
    services.rollcall_mark(actor=chair, debate_id=d, delegate_id=diego.pk, present=True)
    services.rollcall_mark(actor=chair, debate_id=d, delegate_id=diego.pk, present=False)
    for name in ("Diego", "Jiwoo", "Hannah"):
        services.rollcall_answer(actor=assembly.user(name), debate_id=d)
    services.rollcall_close(actor=chair, debate_id=d)
    motion = seconded_motion(assembly, "Adopt the budget.")
    vote = services.vote_open(actor=chair, debate_id=d, motion_id=motion, secret=True).pk
    guangzhou = assembly.members["Guangzhou"].pk
    services.vote_cast(actor=amina.user, debate_id=d, vote_id=vote, choice="yes")
    services.vote_cast(
        actor=amina.user, debate_id=d, vote_id=vote, choice="no", organization_id=guangzhou
    )
    services.vote_cast(actor=diego.user, debate_id=d, vote_id=vote, choice="yes")
    services.vote_close(actor=chair, debate_id=d)
    # One seat, two candidates level: tied, and drawn by lot.
    by_lot = board_election(assembly, seats=1, regional_minimum=None)
    choose = candidate_ids(by_lot)
    services.election_open(actor=chair, debate_id=d, election_id=by_lot.pk)
    for name, city, member in (("Amina", "Dakar", None), ("Diego", "Bogotá", None)):
        services.election_cast(
            actor=assembly.user(name),
            debate_id=d,
            election_id=by_lot.pk,
            choices=[choose[city]],
            organization_id=member,
        )
    services.election_close(actor=chair, debate_id=d, election_id=by_lot.pk)
    services.election_resolve(actor=chair, debate_id=d, election_id=by_lot.pk, rule="lot")
    # Yes or no for each: tied again, and a further round, which nobody votes in.
    approve = board_election(assembly, seats=1, regional_minimum=None, method="approve")
    marks = candidate_ids(approve)
    services.election_open(actor=chair, debate_id=d, election_id=approve.pk)
    for name, city, member in (
        ("Amina", "Dakar", None),
        ("Amina", "Bogotá", guangzhou),
        ("Diego", "Bogotá", None),
        ("Jiwoo", "Dakar", None),
    ):
        services.election_cast(
            actor=assembly.user(name),
            debate_id=d,
            election_id=approve.pk,
            marks={marks[city]: "yes"},
            organization_id=member,
        )
    services.election_close(actor=chair, debate_id=d, election_id=approve.pk)
    round_two = services.election_resolve(
        actor=chair, debate_id=d, election_id=approve.pk, rule="round"
    )
    services.election_open(actor=chair, debate_id=d, election_id=round_two.pk)
    services.election_close(actor=chair, debate_id=d, election_id=round_two.pk)
    services.debate_transition(actor=chair, debate_id=d, to="closed")
    log = wire_log(d)
    assert fold(log) == Debate.objects.get(pk=d).state
    return log


# Each log folded with fold(), and again event by event with apply(), checking that apply()
# returns a new state and leaves the one it is given as it was.
FOLD_ALL = """async ([url, logs]) => {
  const { apply, emptyState, fold } = await import(url);
  const folded = [];
  let mutated = 0;
  let stepwiseDiffers = 0;
  for (const log of logs) {
    let state = emptyState();
    for (const event of log) {
      const before = JSON.stringify(state);
      const next = apply(state, event);
      if (next === state || JSON.stringify(state) !== before) { mutated += 1; }
      state = next;
    }
    const whole = fold(log);
    if (JSON.stringify(state) !== JSON.stringify(whole)) { stepwiseDiffers += 1; }
    folded.push(whole);
  }
  return JSON.stringify({ folded, mutated, stepwiseDiffers });
}"""


def test_javascript_fold_of_a_statutory_sitting(page_without_room):
    log = statutory_log()

    answer = json.loads(page_without_room.evaluate(FOLD_ALL, [STATE_JS, [log]]))

    assert {event["type"] for event in log} >= STATUTORY_TYPES
    assert {e["data"]["rule"] for e in log if e["type"] == "election.resolved"} == {"lot", "round"}
    assert answer["mutated"] == 0
    assert answer["stepwiseDiffers"] == 0
    folded = answer["folded"][0]
    assert folded == json.loads(json.dumps(fold(log)))
    assert folded["rollcall"]["summary"] == {
        "delegates_present": 4,
        "members_present": 4,
        "members_represented": 1,
        "members_in_standing": 5,
    }
    assert [e["status"] for e in folded["elections"]] == ["closed", "closed", "no_quorum"]
    vote = folded["votes"][0]
    assert "receipts" not in vote["result"]
    assert (vote["result"]["in_person"], vote["result"]["by_proxy"]) == (2, 1)


def amendment_log() -> list[dict]:
    """A declaration amended (carried, failed, fallen, merged, accepted as a change, an
    amendment to an amendment) and adopted, and a report rejected."""
    return wire_log(amendment_sitting().debate.pk)


def interruption_log() -> list[dict]:
    """Points of order interrupting speeches: one heard and the speech resumed, one under
    way when the debate closes."""
    room = make_room(delegates=3, speaking_seconds=60)
    d, chair = room.debate.pk, room.chair
    services.debate_transition(actor=chair, debate_id=d, to="open")
    services.debate_transition(actor=chair, debate_id=d, to="live")
    for closing in (False, True):
        services.floor_request(actor=room.delegates[0].user, debate_id=d)
        services.floor_grant(actor=chair, debate_id=d)
        services.floor_request(actor=room.delegates[1].user, debate_id=d, kind="point_of_order")
        services.floor_grant(actor=chair, debate_id=d)
        if closing:
            services.debate_transition(actor=chair, debate_id=d, to="closed")
        else:
            services.floor_end(actor=chair, debate_id=d)
            services.floor_end(actor=chair, debate_id=d)
    return wire_log(d)


def agenda_log() -> list[dict]:
    """Requests and a motion before any item; an item with its own requests, a motion and
    its vote, closed with requests still waiting; the next item's request."""
    room = make_room(delegates=3)
    d, chair = room.debate.pk, room.chair
    amina, diego, mei = (delegate.user for delegate in room.delegates)
    services.debate_transition(actor=chair, debate_id=d, to="open")
    services.debate_transition(actor=chair, debate_id=d, to="live")
    services.floor_request(actor=mei, debate_id=d)
    services.motion_propose(actor=mei, debate_id=d, text="Adopt the agenda")
    items = [
        services.agenda_item_add(actor=chair, debate_id=d, title={"en": title})
        for title in ("Annual report", "Accounts")
    ]
    services.agenda_item_open(actor=chair, debate_id=d, item_id=items[0].pk)
    services.floor_request(actor=amina, debate_id=d, kind="reply")
    services.floor_request(actor=diego, debate_id=d)
    motion = services.motion_propose(actor=amina, debate_id=d, text="Approve the report")
    services.motion_second(actor=diego, debate_id=d, motion_id=motion.pk)
    vote = services.vote_open(actor=chair, debate_id=d, motion_id=motion.pk, secret=False)
    services.vote_cast(actor=mei, debate_id=d, vote_id=vote.pk, choice="yes")
    services.vote_close(actor=chair, debate_id=d)
    services.agenda_item_close(actor=chair, debate_id=d, item_id=items[0].pk)
    services.agenda_item_open(actor=chair, debate_id=d, item_id=items[1].pk)
    services.floor_request(actor=diego, debate_id=d)
    log = wire_log(d)
    assert fold(log) == Debate.objects.get(pk=d).state
    return log


def occurring_events(logs, kind):
    return [event for log in logs for event in log if event["type"] == kind]


def test_javascript_fold_gives_the_state_of_the_python_fold(page_without_room):
    logs = [*random_logs(), statutory_log(), amendment_log(), interruption_log(), agenda_log()]
    occurring = collections.Counter(event["type"] for log in logs for event in log)
    closed = [event["data"] for log in logs for event in log if event["type"] == "vote.closed"]

    answer = json.loads(page_without_room.evaluate(FOLD_ALL, [STATE_JS, logs]))

    # The logs hold every event type, and votes of both kinds, so all of them are compared.
    assert set(occurring) == EVENT_TYPES, EVENT_TYPES - set(occurring)
    assert any("voters" in data for data in closed), "no roll-call vote was closed"
    assert any("voters" not in data for data in closed), "no secret vote was closed"
    # Items closed with requests still waiting, and motions made while an item was open.
    assert any(e["data"].get("withdrawn") for e in occurring_events(logs, "agenda.item_closed"))
    assert any(
        fold(log[: log.index(e) + 1])["motions"][-1]["item"] is not None
        for log in logs
        for e in log
        if e["type"] == "motion.proposed"
    )
    assert answer["mutated"] == 0
    assert answer["stepwiseDiffers"] == 0
    assert len(answer["folded"]) == len(logs)
    for log, folded in zip(logs, answer["folded"], strict=True):
        assert folded == json.loads(json.dumps(fold(log)))
