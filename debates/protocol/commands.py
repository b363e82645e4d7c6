"""The commands of the live room: for each, the schema of its ``data``, the service it
calls and the ``ack`` it answers with (docs/protocol.md).

A command runs as the user it comes from, loaded afresh for each command; the service
resolves the user's role in the debate once and checks it. Anonymous observers only
watch, and every user has a budget of commands per debate (ballots excepted).
"""

import dataclasses
from collections.abc import Callable

from django.utils.translation import gettext as _

from debates import services
from debates.events import iso
from debates.models import Debate
from debates.protocol.frames import Command, Schema, parse_frame
from debates.services.log import rate_limit
from plenary.errors import NotAllowed

Status = Debate.Status


@dataclasses.dataclass(frozen=True)
class CommandSpec:
    schema: Schema
    # (user, debate id, validated data) -> ack data; None for commands the socket itself
    # answers (``sync``).
    run: Callable[..., dict] | None
    # Counted against the user's commands per debate (the services' limit).
    rate_limited: bool = True
    # Counted against the socket's frames per window (the consumer's budget).
    budgeted: bool = True


COMMANDS: dict[str, CommandSpec] = {"sync": CommandSpec({"since": ("since", True)}, None)}


def command(
    name: str, *, rate_limited: bool = True, budgeted: bool = True, **schema: tuple[str, bool]
):
    def register(run):
        COMMANDS[name] = CommandSpec(
            schema=schema, run=run, rate_limited=rate_limited, budgeted=budgeted
        )
        return run

    return register


def parse(text_data: str | None, bytes_data: bytes | None) -> Command:
    """A frame as a command of this table, or ``ProtocolError``."""
    return parse_frame(text_data, bytes_data, schemas=SCHEMAS)


def execute(*, user, debate_id: int, command: Command) -> dict:
    """Carry out a validated command; returns the ``ack`` data."""
    if not user.is_authenticated:
        raise NotAllowed(_("Sign in to take part."))
    spec = COMMANDS[command.type]
    if spec.rate_limited:
        rate_limit(user, debate_id, "command", limit=30, window=10)
    return spec.run(user, debate_id, command.data)


# --- the debate ------------------------------------------------------------------------

# Each lifecycle command names one move of the debate (from, to); "debate.close" any
# move to closed.
LIFECYCLE = {
    "debate.open": ((Status.SCHEDULED,), Status.OPEN),
    "debate.start": ((Status.OPEN,), Status.LIVE),
    "debate.suspend": ((Status.LIVE,), Status.SUSPENDED),
    "debate.resume": ((Status.SUSPENDED,), Status.LIVE),
    "debate.close": ((Status.OPEN, Status.LIVE, Status.SUSPENDED), Status.CLOSED),
}


def lifecycle_commands(status: str, targets: list[str]) -> list[str]:
    """The lifecycle commands that make the moves from ``status`` to one of ``targets``."""
    return [
        name
        for name, (sources, target) in LIFECYCLE.items()
        if status in sources and target in targets
    ]


def _lifecycle(sources: tuple[str, ...], target: str):
    def run(user, debate_id, data):
        debate = services.debate_transition(
            debate_id=debate_id, to=target, actor=user, sources=sources
        )
        return {"status": debate.status, "seq": debate.seq}

    return run


for _name, (_sources, _target) in LIFECYCLE.items():
    command(_name)(_lifecycle(_sources, _target))


# --- the floor ---------------------------------------------------------------------------


@command("floor.request", kind=("kind", False), language=("language", False))
def _floor_request(user, debate_id, data):
    request = services.floor_request(
        actor=user,
        debate_id=debate_id,
        kind=data.get("kind", "speech"),
        language=data.get("language"),
    )
    return {"request": request.pk, "position": request.position}


@command("floor.withdraw", request=("id", False))
def _floor_withdraw(user, debate_id, data):
    request = services.floor_withdraw(
        actor=user, debate_id=debate_id, request_id=data.get("request")
    )
    return {"request": request.pk}


@command("floor.grant", request=("id", False))
def _floor_grant(user, debate_id, data):
    request = services.floor_grant(actor=user, debate_id=debate_id, request_id=data.get("request"))
    return {"request": request.pk, "ends_at": iso(request.ends_at)}


@command("floor.end")
def _floor_end(user, debate_id, data):
    request = services.floor_end(actor=user, debate_id=debate_id)
    return {"request": request.pk, "spoken_seconds": round(request.spoken_seconds, 1)}


@command("floor.reorder", order=("order", True))
def _floor_reorder(user, debate_id, data):
    queue = services.floor_reorder(actor=user, debate_id=debate_id, order=data["order"])
    return {"order": [request.pk for request in queue]}


def _timer(action: str):
    def run(user, debate_id, data):
        speaker = services.timer_control(
            actor=user, debate_id=debate_id, action=action, seconds=data.get("seconds", 0)
        )
        return {
            "request": speaker.pk,
            "ends_at": iso(speaker.ends_at),
            "paused_remaining": speaker.paused_remaining,
        }

    return run


command("timer.pause")(_timer("pause"))
command("timer.resume")(_timer("resume"))
command("timer.extend", seconds=("seconds", True))(_timer("extend"))


# --- motions and votes -------------------------------------------------------------------


@command("motion.propose", text=("text", True), amends=("id", False))
def _motion_propose(user, debate_id, data):
    motion = services.motion_propose(
        actor=user, debate_id=debate_id, text=data["text"], amends=data.get("amends")
    )
    return {"motion": motion.pk}


@command("motion.second", motion=("id", True))
def _motion_second(user, debate_id, data):
    motion = services.motion_second(actor=user, debate_id=debate_id, motion_id=data["motion"])
    return {"motion": motion.pk}


@command("motion.withdraw", motion=("id", True))
def _motion_withdraw(user, debate_id, data):
    motion = services.motion_withdraw(actor=user, debate_id=debate_id, motion_id=data["motion"])
    return {"motion": motion.pk}


@command(
    "vote.open",
    motion=("id", True),
    secret=("bool", True),
    rule=("rule", False),
    majority=("majority", False),
)
def _vote_open(user, debate_id, data):
    vote = services.vote_open(
        actor=user,
        debate_id=debate_id,
        motion_id=data["motion"],
        secret=data["secret"],
        rule=data.get("rule"),
        majority=data.get("majority"),
    )
    return {"vote": vote.pk, "eligible": vote.eligible}


# Ballots are never refused for a limit: a delegate who chatted a lot still votes.
@command(
    "vote.cast",
    rate_limited=False,
    budgeted=False,
    vote=("id", True),
    choice=("choice", True),
    **{"for": ("id", False)},
)
def _vote_cast(user, debate_id, data):
    ballot = services.vote_cast(
        actor=user,
        debate_id=debate_id,
        vote_id=data["vote"],
        choice=data["choice"],
        organization_id=data.get("for"),
    )
    return vote_answer(ballot)


def vote_answer(ballot) -> dict:
    """The ``ack`` data of a ballot cast (``services.CastBallot``)."""
    answer = {"vote": ballot.vote, "choice": ballot.choice}
    if ballot.organization is not None:
        answer["for"] = ballot.organization
    if ballot.receipt is not None:
        answer["receipt"] = ballot.receipt
    return answer


@command("vote.close", vote=("id", False))
def _vote_close(user, debate_id, data):
    vote = services.vote_close(actor=user, debate_id=debate_id, vote_id=data.get("vote"))
    return {"vote": vote.pk, "result": vote.result}


# --- roll calls and elections ------------------------------------------------------------


@command("rollcall.open")
def _rollcall_open(user, debate_id, data):
    return {"rollcall": services.rollcall_open(actor=user, debate_id=debate_id).pk}


@command("rollcall.answer")
def _rollcall_answer(user, debate_id, data):
    attendance = services.rollcall_answer(actor=user, debate_id=debate_id)
    return {"rollcall": attendance.roll_call_id}


@command("rollcall.mark", delegate=("id", True), present=("bool", True))
def _rollcall_mark(user, debate_id, data):
    roll_call = services.rollcall_mark(
        actor=user, debate_id=debate_id, delegate_id=data["delegate"], present=data["present"]
    )
    return {"rollcall": roll_call.pk}


@command("rollcall.close")
def _rollcall_close(user, debate_id, data):
    return {"rollcall": services.rollcall_close(actor=user, debate_id=debate_id).pk}


@command("election.open", election=("id", True))
def _election_open(user, debate_id, data):
    election = services.election_open(actor=user, debate_id=debate_id, election_id=data["election"])
    return {"election": election.pk, "eligible": election.eligible}


@command(
    "election.cast",
    rate_limited=False,
    budgeted=False,
    election=("id", True),
    choices=("ids", False),
    marks=("marks", False),
    **{"for": ("id", False)},
)
def _election_cast(user, debate_id, data):
    ballot = services.election_cast(
        actor=user,
        debate_id=debate_id,
        election_id=data["election"],
        choices=data.get("choices"),
        marks=data.get("marks"),
        organization_id=data.get("for"),
    )
    return election_answer(ballot)


def election_answer(ballot) -> dict:
    """The ``ack`` data of an election ballot cast (``services.ElectionBallotCast``)."""
    answer = {"election": ballot.election, "receipt": ballot.receipt}
    if ballot.organization is not None:
        answer["for"] = ballot.organization
    return answer


@command("election.close", election=("id", True))
def _election_close(user, debate_id, data):
    election = services.election_close(
        actor=user, debate_id=debate_id, election_id=data["election"]
    )
    return {"election": election.pk, "status": election.status}


@command("election.resolve", election=("id", True), rule=("tie_rule", True))
def _election_resolve(user, debate_id, data):
    election = services.election_resolve(
        actor=user, debate_id=debate_id, election_id=data["election"], rule=data["rule"]
    )
    return {"election": election.pk, "status": election.status}


# --- questions, chat, reactions ------------------------------------------------------------


@command("question.ask", text=("text", True))
def _question_ask(user, debate_id, data):
    question = services.question_ask(actor=user, debate_id=debate_id, text=data["text"])
    return {"question": question.pk}


@command("question.upvote", question=("id", True))
def _question_upvote(user, debate_id, data):
    question = services.question_upvote(
        actor=user, debate_id=debate_id, question_id=data["question"]
    )
    return {"question": question.pk, "upvotes": question.upvotes}


def _moderate(action: str):
    def run(user, debate_id, data):
        question = services.question_moderate(
            actor=user, debate_id=debate_id, question_id=data["question"], action=action
        )
        return {"question": question.pk}

    return run


command("question.hide", question=("id", True))(_moderate("hide"))
command("question.answer", question=("id", True))(_moderate("answer"))


@command("message.post", text=("text", True))
def _message_post(user, debate_id, data):
    message = services.message_post(actor=user, debate_id=debate_id, text=data["text"])
    return {"message": message.pk}


@command("message.remove", message=("id", True))
def _message_remove(user, debate_id, data):
    message = services.message_remove(actor=user, debate_id=debate_id, message_id=data["message"])
    return {"message": message.pk}


@command("reaction.send", emoji=("emoji", True))
def _reaction_send(user, debate_id, data):
    return {"emoji": services.reaction_send(actor=user, debate_id=debate_id, emoji=data["emoji"])}


# --- the agenda, texts and amendments -------------------------------------------------------


@command("agenda.open", item=("id", True))
def _agenda_open(user, debate_id, data):
    item = services.agenda_item_open(actor=user, debate_id=debate_id, item_id=data["item"])
    return {"item": item.pk, "status": item.status}


@command("agenda.close", item=("id", True))
def _agenda_close(user, debate_id, data):
    item = services.agenda_item_close(actor=user, debate_id=debate_id, item_id=data["item"])
    return {"item": item.pk, "status": item.status}


@command(
    "amendment.submit",
    text=("id", True),
    version=("id", True),
    language=("language", True),
    reason=("text", True),
    operations=("operations", True),
    amends=("id", False),
)
def _amendment_submit(user, debate_id, data):
    amendment = services.amendment_submit(
        actor=user,
        debate_id=debate_id,
        text_id=data["text"],
        version=data["version"],
        language=data["language"],
        reason=data["reason"],
        operations=data["operations"],
        amends=data.get("amends"),
    )
    return {"amendment": amendment.pk}


def _amendment_move(service):
    def run(user, debate_id, data):
        amendment = service(
            actor=user, debate_id=debate_id, text_id=data["text"], amendment_id=data["amendment"]
        )
        return {"amendment": amendment.pk, "status": amendment.status}

    return run


command("amendment.withdraw", text=("id", True), amendment=("id", True))(
    _amendment_move(services.amendment_withdraw)
)
command("amendment.accept", text=("id", True), amendment=("id", True))(
    _amendment_move(services.amendment_accept)
)


@command(
    "amendment.merge",
    text=("id", True),
    amendments=("ids", True),
    language=("language", True),
    reason=("text", True),
    operations=("operations", True),
)
def _amendment_merge(user, debate_id, data):
    into = services.amendment_merge(
        actor=user,
        debate_id=debate_id,
        text_id=data["text"],
        **{key: data[key] for key in ("amendments", "language", "reason", "operations")},
    )
    return {"amendment": into.pk}


@command(
    "amendment.put_to_vote",
    text=("id", True),
    amendment=("id", True),
    secret=("bool", True),
    override_translation=("bool", False),
)
def _amendment_put_to_vote(user, debate_id, data):
    vote = services.amendment_put_to_vote(
        actor=user,
        debate_id=debate_id,
        text_id=data["text"],
        amendment_id=data["amendment"],
        secret=data["secret"],
        override_translation=data.get("override_translation", False),
    )
    return {"vote": vote.pk, "eligible": vote.eligible}


@command("voting_order.override", text=("id", True), order=("ids", True))
def _voting_order_override(user, debate_id, data):
    draft = services.voting_order_override(
        actor=user, debate_id=debate_id, text_id=data["text"], order=data["order"]
    )
    return {"text": draft.pk, "order": draft.order_override}


@command(
    "text.put_to_vote",
    text=("id", True),
    secret=("bool", True),
    override_translation=("bool", False),
)
def _text_put_to_vote(user, debate_id, data):
    vote = services.text_put_to_vote(
        actor=user,
        debate_id=debate_id,
        text_id=data["text"],
        secret=data["secret"],
        override_translation=data.get("override_translation", False),
    )
    return {"vote": vote.pk, "eligible": vote.eligible}


@command(
    "translation.sign",
    text=("id", True),
    amendment=("id", False),
    language=("language", True),
    texts=("texts", True),
)
def _translation_sign(user, debate_id, data):
    signoff = services.translation_sign(
        actor=user,
        debate_id=debate_id,
        text_id=data["text"],
        amendment_id=data.get("amendment"),
        language=data["language"],
        texts=data["texts"],
    )
    return {"text": data["text"], "amendment": signoff.amendment_id, "language": signoff.language}


# The ballots, which the room casts in batches, and the answer to each.
BALLOT_ANSWERS = {"vote.cast": vote_answer, "election.cast": election_answer}

SCHEMAS = {name: spec.schema for name, spec in COMMANDS.items()}
COMMAND_TYPES = frozenset(COMMANDS)
