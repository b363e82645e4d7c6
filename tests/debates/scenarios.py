"""Random debates played through the services, for tests that need real event logs.

A scenario is a list of steps ``(actor, action, index, pause)`` drawn from a seeded
``random.Random``: who tries what (the chair, a delegate by number, the observer), which
item it picks (``index``), and how many seconds pass before it (``pause``, on a test
clock, so that speeches have lengths and speakers run out of time). Now and then someone
without the right tries: refusals (``ServiceError``) are part of the game and are simply
skipped. Between them the actions produce every event type of ``debates.events``, the
statutes' included: roll calls, seats given up and taken again, mandates, votes of one
ballot per member with a proxy held, elections and their ties; and agenda items opened
and closed, each with the speakers' list, motions and votes made while it is open.
"""

import contextlib
import datetime
from unittest import mock

from django.utils import timezone

from assembly.services import mandate_set
from debates import services
from debates.models import (
    AgendaItem,
    Candidate,
    DebateEvent,
    Election,
    FloorRequest,
    Message,
    Motion,
    Question,
    Vote,
)
from debates.protocol import wire
from debates.protocol.commands import LIFECYCLE
from forums.models import Seat
from forums.services import seat_cancel, seat_take
from plenary.errors import ServiceError
from tests.debates.conftest import Room, make_room
from tests.factories import OrganizationFactory, ProxyFactory, VotingRightFactory

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
    # The statutes: presence, seats that change hands, mandates, proxies, elections.
    "rollcall_open": (CHAIR, 1),
    "rollcall_answer": (DELEGATE, 2),
    "rollcall_mark": (CHAIR, 1),
    "rollcall_close": (CHAIR, 1),
    "seat_cancel": (DELEGATE, 1),
    "seat_take": (DELEGATE, 1),
    "mandate_set": (DELEGATE, 1),
    "open_per_member": (CHAIR, 2),
    "cast_for_proxy": (DELEGATE, 2),
    "election_prepare": (CHAIR, 1),
    "election_open": (CHAIR, 1),
    "election_cast": (DELEGATE, 3),
    "election_cast_proxy": (DELEGATE, 1),
    "election_close": (CHAIR, 1),
    "election_resolve_lot": (CHAIR, 1),
    "election_resolve_round": (CHAIR, 1),
    # The agenda: an item added and opened, its own speakers' list, motions and votes.
    "item_open": (CHAIR, 1),
    "item_close": (CHAIR, 1),
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
    "pause": ["extend", "resume_timer", "resume_timer", "resume_timer"],
    "extend": ["resume_timer", "time_up"],
    "propose": ["second", "second", "amend", "withdraw_motion"],
    "amend": ["second"],
    "second": ["open_secret", "open_roll_call"],
    "open_secret": CASTS,
    "open_roll_call": CASTS,
    **{cast: [*CASTS, "close_vote"] for cast in CASTS},
    "ask": ["upvote", "answer", "hide_question"],
    "post": ["remove_message", "post"],
    "rollcall_open": ["rollcall_answer", "rollcall_answer", "rollcall_mark", "rollcall_close"],
    "rollcall_answer": ["rollcall_answer", "rollcall_close"],
    "open_per_member": [*CASTS, "cast_for_proxy"],
    "cast_for_proxy": [*CASTS, "close_vote"],
    "seat_cancel": ["seat_take", "cast_yes"],
    "election_prepare": ["election_open"],
    "election_open": ["election_cast", "election_cast", "election_cast_proxy"],
    "election_cast": ["election_cast", "election_cast", "election_close"],
    "election_close": ["election_resolve_lot", "election_resolve_round"],
    "item_open": ["request_speech", "request_reply", "propose"],
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


def _turn(rng) -> list[tuple]:
    """A statutory turn of a sitting, as assemblies have them: a roll call, then a vote of
    one ballot per member (a proxy cast with it) or an election (often ending in a tie the
    chair settles); each step by the one who normally takes it, on a few seconds' clock."""

    def by(actor, action, index=None):
        return (actor, action, rng.randrange(7) if index is None else index, rng.uniform(0, 3))

    vote = rng.randrange(2)
    steps = [by("chair", "rollcall_open")]
    here = range(DELEGATES) if not vote else rng.sample(range(DELEGATES), rng.randint(1, DELEGATES))
    steps += [by(delegate, "rollcall_answer") for delegate in here]
    steps += [by("chair", "rollcall_mark", rng.choice([1, 2, 3, 4])), by("chair", "rollcall_close")]
    if vote:
        steps += [by(2, "propose"), by(2, "withdraw_motion", 0)]
        steps += [by(0, "propose"), by(1, "second", 0), by("chair", "open_per_member", 0)]
        steps += [by(delegate, rng.choice(CASTS), 0) for delegate in range(DELEGATES)]
        steps += [by(0, "cast_for_proxy", 0), by("chair", "close_vote")]
    else:
        # One seat, "choose" (index 4); two voters choose two candidates (indexes 1 and 4),
        # the others nobody (0 and 3): a tie, settled by lot or by a further round.
        steps += [by("chair", "election_prepare", 4), by("chair", "election_open", 0)]
        steps += [
            by(delegate, "election_cast", index) for delegate, index in enumerate([1, 4, 0, 3])
        ]
        steps += [by(0, "election_cast_proxy", 0), by("chair", "election_close", 0)]
        steps += [by("chair", rng.choice(["election_resolve_lot", "election_resolve_round"]), 0)]
    return steps


def scenario(rng, min_steps: int = 20, max_steps: int = 60) -> list[tuple]:
    """A debate's ``min_steps`` to ``max_steps`` steps. Most debates are opened and started
    first (the others get there, or not, by chance); half hold a statutory turn (a roll
    call, then a vote of one ballot per member or an election); some are closed near the
    end, and a few steps more try what is left to do then."""
    count = rng.randint(min_steps, max_steps)
    opening = [_step(rng, "open"), _step(rng, "start")][: rng.choice([0, 1, 2, 2, 2, 2])]
    closing = []
    if rng.randrange(5) < 2:
        closing = [_step(rng, "close_vote"), _step(rng, "close")]
        closing += random_steps(rng, rng.randint(0, 4))
    turn = _turn(rng) if rng.randrange(2) else []
    body = random_steps(rng, max(count - len(opening) - len(closing) - len(turn), 0))
    at = rng.randint(0, len(body))
    return opening + body[:at] + turn + body[at:] + closing


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


def _seat(room: Room, delegate) -> Seat | None:
    return Seat.objects.filter(delegate=delegate, forum=room.forum, status__in=Seat.ACTIVE).first()


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
    elections = _ids(Election, d)
    member = room.delegates[actor_key] if isinstance(actor_key, int) else None

    def item_open():
        item = services.agenda_item_add(
            actor=actor, debate_id=d, title={"en": f"Item {index}", "fr": f"Point {index}"}
        )
        return services.agenda_item_open(actor=actor, debate_id=d, item_id=item.pk)

    def item_close():
        item = AgendaItem.objects.filter(debate_id=d, status="open").first()
        item_id = item.pk if item else MISSING
        return services.agenda_item_close(actor=actor, debate_id=d, item_id=item_id)

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
        "rollcall_open": lambda: services.rollcall_open(actor=actor, debate_id=d),
        "rollcall_answer": lambda: services.rollcall_answer(actor=actor, debate_id=d),
        "rollcall_mark": lambda: services.rollcall_mark(
            actor=actor,
            debate_id=d,
            delegate_id=room.delegates[index % DELEGATES].pk,
            present=index % 3 != 0,
        ),
        "rollcall_close": lambda: services.rollcall_close(actor=actor, debate_id=d),
        "seat_cancel": lambda: (
            seat_cancel(actor=actor, seat=seat) if (seat := _seat(room, member)) else None
        ),
        "seat_take": lambda: seat_take(actor=actor, forum=room.forum) if member else None,
        "mandate_set": lambda: (
            mandate_set(
                actor=actor,
                event=room.forum.event,
                organization=member.organization,
                delegates=[member],
            )
            if member
            else None
        ),
        "open_per_member": lambda: services.vote_open(
            actor=actor,
            debate_id=d,
            motion_id=pick(motions, index),
            secret=index % 2 == 0,
            rule="per_organization",
        ),
        "cast_for_proxy": lambda: services.vote_cast(
            actor=actor,
            debate_id=d,
            vote_id=pick(votes, index),
            choice=CHOICES[index % 3],
            organization_id=room.absent_member.pk,
        ),
        "election_prepare": lambda: services.election_create(
            actor=actor,
            debate_id=d,
            title=f"Board {index}",
            seats=1 + index % 2,
            method=("choose", "approve")[index % 2],
            regional_minimum={"africa": 1} if index % 3 == 0 else {},
            quorum_percent=20,
            candidates=[("organization", delegate.organization_id) for delegate in room.delegates],
        ),
        "election_open": lambda: services.election_open(
            actor=actor, debate_id=d, election_id=pick(elections, index)
        ),
        "election_cast": lambda: _election_cast(actor, d, pick(elections, index), index),
        "election_cast_proxy": lambda: _election_cast(
            actor, d, pick(elections, index), index, organization_id=room.absent_member.pk
        ),
        "election_close": lambda: services.election_close(
            actor=actor, debate_id=d, election_id=pick(elections, index)
        ),
        "election_resolve_lot": lambda: services.election_resolve(
            actor=actor, debate_id=d, election_id=pick(elections, index), rule="lot"
        ),
        "election_resolve_round": lambda: services.election_resolve(
            actor=actor, debate_id=d, election_id=pick(elections, index), rule="round"
        ),
        "item_open": item_open,
        "item_close": item_close,
    }[action]
    with contextlib.suppress(ServiceError):
        call()


CHOICES = ("yes", "no", "abstain")


def _election_cast(actor, debate_id, election_id, index, organization_id=None):
    election = Election.objects.filter(pk=election_id).first()
    candidates = list(
        Candidate.objects.filter(election_id=election_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if election is None or not candidates:
        choices, marks = [MISSING], None
    elif election.method == "choose":
        count = index % (election.seats + 2)  # now and then one too many
        choices, marks = candidates[index % len(candidates) :][:count], None
    else:
        choices, marks = None, {c: CHOICES[(c + index) % 3] for c in candidates}
    return services.election_cast(
        actor=actor,
        debate_id=debate_id,
        election_id=election_id,
        choices=choices,
        marks=marks,
        organization_id=organization_id,
    )


def statutory_room(**debate_config) -> Room:
    """``make_room`` plus a member in good standing with no delegate here, whose approved
    proxy the first delegate's member holds (``room.absent_member``)."""
    room = make_room(delegates=DELEGATES, **debate_config)
    event = room.forum.event
    absent = OrganizationFactory(short_name="Absentville", region="africa")
    VotingRightFactory(event=event, organization=absent)
    ProxyFactory(event=event, grantor=absent, holder=room.delegates[0].organization)
    room.absent_member = absent
    return room


def play(steps: list[tuple], **debate_config) -> Room:
    """A new room (four delegates of member cities, a chair, an observer, a member present
    by proxy only) after ``steps``, played on a test clock."""
    room = statutory_room(**debate_config)
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
