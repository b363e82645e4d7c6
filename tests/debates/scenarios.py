"""Random debates played through the services, for tests that need real event logs.

A scenario is a list of steps ``(actor, action, index, pause)`` drawn from a seeded
``random.Random``: who tries what (the chair, a delegate by number, the observer), which
item it picks (``index``), and how many seconds pass before it (``pause``, on a test
clock, so that speeches have lengths and speakers run out of time). Now and then someone
without the right tries: refusals (``ServiceError``) are part of the game and are simply
skipped. Between them the actions produce every event type of ``debates.state``.
"""

import contextlib
import datetime
from unittest import mock

from django.utils import timezone

from debates import services
from debates.models import DebateEvent, FloorRequest, Message, Motion, Question, Vote
from debates.protocol import wire
from debates.protocol.commands import LIFECYCLE
from plenary.errors import ServiceError
from tests.debates.conftest import Room, make_room

CHAIR, DELEGATE, ANYONE, CLOCK = "chair", "delegate", "anyone", "clock"
DELEGATES = 4
ACTORS = ["chair", 0, 1, 2, 3, "observer"]
MISSING = 424242  # an id that names nothing

# action -> (who normally does it, weight).
ACTIONS = {
    "open": (CHAIR, 1),
    "start": (CHAIR, 2),
    "suspend": (CHAIR, 1),
    "resume": (CHAIR, 1),
    "close": (CHAIR, 0),  # see scenario()
    "update": (CHAIR, 2),
    "request_speech": (DELEGATE, 5),
    "request_order": (DELEGATE, 2),
    "request_reply": (DELEGATE, 2),
    "withdraw": (DELEGATE, 1),
    "withdraw_pick": (CHAIR, 1),
    "reorder": (CHAIR, 2),
    "grant_next": (CHAIR, 3),
    "grant_pick": (CHAIR, 2),
    "end": (DELEGATE, 1),
    "end_chair": (CHAIR, 2),
    "pause": (CHAIR, 2),
    "resume_timer": (CHAIR, 1),
    "extend": (CHAIR, 1),
    "time_up": (CLOCK, 2),
    "propose": (DELEGATE, 4),
    "amend": (DELEGATE, 1),
    "second": (DELEGATE, 3),
    "withdraw_motion": (DELEGATE, 1),
    "open_secret": (CHAIR, 2),
    "open_roll_call": (CHAIR, 2),
    "cast_yes": (DELEGATE, 2),
    "cast_no": (DELEGATE, 2),
    "cast_abstain": (DELEGATE, 1),
    "close_vote": (CHAIR, 2),
    "ask": (ANYONE, 2),
    "upvote": (ANYONE, 2),
    "answer": (CHAIR, 1),
    "hide_question": (CHAIR, 1),
    "post": (ANYONE, 2),
    "remove_message": (CHAIR, 1),
}
CASTS = ["cast_yes", "cast_no", "cast_abstain"]
# What often comes next: after an action, half the time one of these follows at once, so
# that a short debate still gets through whole turns (a motion seconded and voted on, a
# speech paused and resumed).
FOLLOW_UPS = {
    "suspend": ["resume"],
    "request_speech": ["grant_next", "withdraw", "reorder"],
    "request_order": ["grant_next", "reorder"],
    "request_reply": ["grant_pick", "withdraw_pick"],
    "grant_next": ["pause", "extend", "time_up", "end", "end_chair"],
    "grant_pick": ["pause", "time_up", "end_chair"],
    "pause": ["extend", "resume_timer", "resume_timer"],
    "extend": ["resume_timer", "time_up"],
    "propose": ["second", "second", "amend", "withdraw_motion"],
    "amend": ["second"],
    "second": ["open_secret", "open_roll_call"],
    "open_secret": CASTS,
    "open_roll_call": CASTS,
    **{cast: [*CASTS, "close_vote"] for cast in CASTS},
    "ask": ["upvote", "answer", "hide_question"],
    "post": ["remove_message", "post"],
}

# Settings the chair changes (debate.updated), chosen by the step's index.
UPDATES = [
    {"title": "Housing resolution, second reading"},
    {"motion": "That the assembly adopts the housing resolution."},
    {"speaking_seconds": 20},
    {"observers_may_ask": False},
    {"majority": "two_thirds", "quorum_percent": 60},
    {"voting_rule": "per_organization"},
    {"speaking_seconds": 45, "visibility": "members"},
]


def _step(rng, action: str) -> tuple:
    role = ACTIONS[action][0]
    if role == CLOCK:
        actor = None
    elif rng.randrange(10) == 0:
        actor = rng.choice(ACTORS)  # somebody without the right tries it
    elif role == CHAIR:
        actor = "chair"
    elif role == ANYONE:
        actor = rng.choice([*range(DELEGATES), "observer", "chair"])
    else:
        actor = rng.randrange(DELEGATES)
    # Mostly a few seconds between two steps, now and then a long speech.
    pause = rng.uniform(5, 40) if rng.randrange(8) == 0 else rng.uniform(0, 3)
    return (actor, action, rng.randrange(7), round(pause, 3))


def random_steps(rng, count: int) -> list[tuple]:
    """``count`` random steps."""
    names = list(ACTIONS)
    weights = [ACTIONS[name][1] for name in names]
    steps = []
    while len(steps) < count:
        action = rng.choices(names, weights)[0]
        steps.append(_step(rng, action))
        while action in FOLLOW_UPS and rng.randrange(2) and len(steps) < count:
            action = rng.choice(FOLLOW_UPS[action])
            steps.append(_step(rng, action))
    return steps


def scenario(rng, min_steps: int = 20, max_steps: int = 60) -> list[tuple]:
    """A debate's ``min_steps`` to ``max_steps`` steps. Most debates are opened and started
    first (the others get there, or not, by chance); some are closed near the end, and a
    few steps more try what is left to do then."""
    count = rng.randint(min_steps, max_steps)
    opening = [_step(rng, "open"), _step(rng, "start")][: rng.choice([0, 1, 2, 2, 2, 2])]
    closing = []
    if rng.randrange(5) < 2:
        closing = [_step(rng, "close_vote"), _step(rng, "close")]
        closing += random_steps(rng, rng.randint(0, 4))
    body = random_steps(rng, count - len(opening) - len(closing))
    return opening + body + closing


class Clock:
    """``timezone.now`` for a scenario: starts at the next full minute and moves only when
    told (so that the rate limits' ten-second windows fall the same way on every run)."""

    def __init__(self):
        now = timezone.now()
        self.now = now.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += datetime.timedelta(seconds=seconds)


def pick(items: list[int], index: int) -> int:
    """The index-th item from the newest (the newest most often); a missing id if none."""
    if not items:
        return MISSING
    return items[-1 - (index % 3) % len(items)] if index < 5 else items[index % len(items)]


def _ids(model, debate_id: int, **filters) -> list[int]:
    rows = model.objects.filter(debate_id=debate_id, **filters).order_by("pk")
    return list(rows.values_list("pk", flat=True))


def run_step(room: Room, step: tuple) -> None:
    """Try one step (after its pause, if a clock is running); a refusal is skipped."""
    actor_key, action, index, _pause = step
    if actor_key == "chair":
        actor = room.chair
    elif actor_key == "observer":
        actor = room.observer
    elif actor_key is None:
        actor = None
    else:
        actor = room.delegates[actor_key].user
    d = room.debate.pk
    queued = list(
        FloorRequest.objects.filter(debate_id=d, status="queued")
        .order_by("position")
        .values_list("pk", flat=True)
    )
    speaking = _ids(FloorRequest, d, status="speaking")
    motions = _ids(Motion, d)
    votes = _ids(Vote, d)
    questions = list(
        Question.objects.filter(debate_id=d).exclude(status="hidden").values_list("pk", flat=True)
    )
    messages = _ids(Message, d, removed=False)

    def transition(name):
        sources, target = LIFECYCLE[f"debate.{name}"]
        return lambda: services.debate_transition(
            actor=actor, debate_id=d, to=target, sources=sources
        )

    def request(kind):
        return lambda: services.floor_request(actor=actor, debate_id=d, kind=kind)

    def vote_open(secret):
        return lambda: services.vote_open(
            actor=actor,
            debate_id=d,
            motion_id=pick(motions, index),
            secret=secret,
            rule=[None, "per_delegate", "per_organization"][index % 3],
            majority=[None, "simple", "two_thirds"][index % 3],
        )

    def cast(choice):
        return lambda: services.vote_cast(
            actor=actor, debate_id=d, vote_id=pick(votes, index), choice=choice
        )

    def moderate(name):
        return lambda: services.question_moderate(
            actor=actor, debate_id=d, question_id=pick(questions, index), action=name
        )

    call = {
        "open": transition("open"),
        "start": transition("start"),
        "suspend": transition("suspend"),
        "resume": transition("resume"),
        "close": transition("close"),
        "update": lambda: services.debate_update(
            actor=actor, debate_id=d, **UPDATES[index % len(UPDATES)]
        ),
        "request_speech": request("speech"),
        "request_order": request("point_of_order"),
        "request_reply": request("reply"),
        "withdraw": lambda: services.floor_withdraw(actor=actor, debate_id=d),
        "withdraw_pick": lambda: services.floor_withdraw(
            actor=actor, debate_id=d, request_id=pick(queued, index)
        ),
        "reorder": lambda: services.floor_reorder(
            actor=actor, debate_id=d, order=queued[index:] + queued[:index]
        ),
        "grant_next": lambda: services.floor_grant(actor=actor, debate_id=d),
        "grant_pick": lambda: services.floor_grant(
            actor=actor, debate_id=d, request_id=pick(queued, index)
        ),
        "end": lambda: services.floor_end(actor=actor, debate_id=d),
        "end_chair": lambda: services.floor_end(actor=actor, debate_id=d),
        "pause": lambda: services.timer_control(actor=actor, debate_id=d, action="pause"),
        "resume_timer": lambda: services.timer_control(actor=actor, debate_id=d, action="resume"),
        "extend": lambda: services.timer_control(
            actor=actor, debate_id=d, action="extend", seconds=5 * (index + 1)
        ),
        # What the room's timer watcher does when the speaker's time is out.
        "time_up": lambda: services.floor_time_up(debate_id=d, request_id=pick(speaking, 0)),
        "propose": lambda: services.motion_propose(
            actor=actor, debate_id=d, text=f"Motion {index}"
        ),
        "amend": lambda: services.motion_propose(
            actor=actor, debate_id=d, text=f"Amendment {index}", amends=pick(motions, index)
        ),
        "second": lambda: services.motion_second(
            actor=actor, debate_id=d, motion_id=pick(motions, index)
        ),
        "withdraw_motion": lambda: services.motion_withdraw(
            actor=actor, debate_id=d, motion_id=pick(motions, index)
        ),
        "open_secret": vote_open(secret=True),
        "open_roll_call": vote_open(secret=False),
        "cast_yes": cast("yes"),
        "cast_no": cast("no"),
        "cast_abstain": cast("abstain"),
        "close_vote": lambda: services.vote_close(actor=actor, debate_id=d),
        "ask": lambda: services.question_ask(actor=actor, debate_id=d, text=f"Why {index}?"),
        "upvote": lambda: services.question_upvote(
            actor=actor, debate_id=d, question_id=pick(questions, index)
        ),
        "answer": moderate("answer"),
        "hide_question": moderate("hide"),
        "post": lambda: services.message_post(actor=actor, debate_id=d, text=f"Hello {index}"),
        "remove_message": lambda: services.message_remove(
            actor=actor, debate_id=d, message_id=pick(messages, index)
        ),
    }[action]
    with contextlib.suppress(ServiceError):
        call()


def play(steps: list[tuple], **debate_config) -> Room:
    """A new room (four delegates of member cities, a chair, an observer) after ``steps``,
    played on a test clock."""
    room = make_room(delegates=DELEGATES, **debate_config)
    clock = Clock()
    with mock.patch.object(timezone, "now", clock):
        for step in steps:
            clock.advance(step[3])
            run_step(room, step)
    return room


def wire_log(debate_id: int) -> list[dict]:
    """The debate's log, each event as clients see it."""
    events = DebateEvent.objects.filter(debate_id=debate_id).order_by("seq")
    return [wire(event) for event in events]
