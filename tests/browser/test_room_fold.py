"""The room's JavaScript fold (static/js/room/state.js) against the Python one
(debates/state.py), in Chromium: the same event types, and the same state after the same
logs. The logs are real: random debates played through the services
(``tests.debates.scenarios``), each log taken as clients see it.
"""

import collections
import json
import random

import pytest

from debates.events import EVENT_TYPES
from debates.models import Debate
from debates.state import fold
from tests.debates.scenarios import play, scenario, wire_log

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


def test_javascript_fold_gives_the_state_of_the_python_fold(page_without_room):
    logs = random_logs()
    occurring = collections.Counter(event["type"] for log in logs for event in log)
    closed = [event["data"] for log in logs for event in log if event["type"] == "vote.closed"]

    answer = json.loads(page_without_room.evaluate(FOLD_ALL, [STATE_JS, logs]))

    # The logs hold every event type, and votes of both kinds, so all of them are compared.
    assert set(occurring) == EVENT_TYPES, EVENT_TYPES - set(occurring)
    assert any("voters" in data for data in closed), "no roll-call vote was closed"
    assert any("voters" not in data for data in closed), "no secret vote was closed"
    assert answer["mutated"] == 0
    assert answer["stepwiseDiffers"] == 0
    assert len(answer["folded"]) == len(logs)
    for log, folded in zip(logs, answer["folded"], strict=True):
        assert folded == json.loads(json.dumps(fold(log)))
