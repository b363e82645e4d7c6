"""The vocabulary of a debate's log: every event type, declared once, with the builder of
its payload.

The services append only what these builders return. Every fold of the log covers
exactly the types declared here, and tests check it: the room state
(``debates.state``), the minutes (``debates.minutes``) and the room's JavaScript
(``static/js/room/state.js``). A type also says what it does to the speaker's timer, which
the room hub follows (``timer``: None when the type leaves the timer alone; otherwise a
function of the payload giving the speaker to watch, ``{"request", "ends_at"}``, or None to
stop watching).
"""

import dataclasses
from collections.abc import Callable

from debates.models import (
    Attendance,
    Candidate,
    Debate,
    Election,
    FloorRequest,
    Message,
    Motion,
    Question,
    RollCall,
    Vote,
)


@dataclasses.dataclass(frozen=True)
class EventType:
    name: str
    timer: Callable[[dict], dict | None] | None = None


@dataclasses.dataclass(frozen=True)
class NewEvent:
    """An event about to be logged: its type, who acted (as shown in the room) and data."""

    type: str
    data: dict
    actor: dict | None = None


TYPES: dict[str, EventType] = {}


def _declare(name: str, *, timer=None) -> str:
    TYPES[name] = EventType(name=name, timer=timer)
    return name


def _stop(_data) -> None:
    return None


def _watch_speaker(data) -> dict | None:
    speaker = data["speaker"]
    return {"request": speaker["request"], "ends_at": speaker["ends_at"]}


def _watch_timer(data) -> dict | None:
    return {"request": data["request"], "ends_at": data["ends_at"]}


DEBATE_CREATED = _declare("debate.created")
DEBATE_UPDATED = _declare("debate.updated")
DEBATE_OPENED = _declare("debate.opened")
DEBATE_STARTED = _declare("debate.started")
DEBATE_SUSPENDED = _declare("debate.suspended")
DEBATE_RESUMED = _declare("debate.resumed")
DEBATE_CLOSED = _declare("debate.closed", timer=_stop)
FLOOR_REQUESTED = _declare("floor.requested")
FLOOR_WITHDRAWN = _declare("floor.withdrawn")
FLOOR_REORDERED = _declare("floor.reordered")
FLOOR_GRANTED = _declare("floor.granted", timer=_watch_speaker)
FLOOR_ENDED = _declare("floor.ended", timer=_stop)
FLOOR_TIME_UP = _declare("floor.time_up", timer=_stop)
FLOOR_INTERRUPTED = _declare("floor.interrupted", timer=_stop)
FLOOR_RESUMED = _declare("floor.resumed", timer=_watch_speaker)
TIMER_PAUSED = _declare("timer.paused", timer=_stop)
TIMER_RESUMED = _declare("timer.resumed", timer=_watch_timer)
TIMER_EXTENDED = _declare("timer.extended", timer=_watch_timer)
MOTION_PROPOSED = _declare("motion.proposed")
MOTION_SECONDED = _declare("motion.seconded")
MOTION_WITHDRAWN = _declare("motion.withdrawn")
VOTE_OPENED = _declare("vote.opened")
VOTE_CLOSED = _declare("vote.closed")
ROLLCALL_OPENED = _declare("rollcall.opened")
ROLLCALL_ANSWERED = _declare("rollcall.answered")
ROLLCALL_MARKED = _declare("rollcall.marked")
ROLLCALL_CLOSED = _declare("rollcall.closed")
ELECTION_PREPARED = _declare("election.prepared")
ELECTION_OPENED = _declare("election.opened")
ELECTION_CLOSED = _declare("election.closed")
ELECTION_RESOLVED = _declare("election.resolved")
QUESTION_ASKED = _declare("question.asked")
QUESTION_UPVOTED = _declare("question.upvoted")
QUESTION_ANSWERED = _declare("question.answered")
QUESTION_HIDDEN = _declare("question.hidden")
MESSAGE_POSTED = _declare("message.posted")
MESSAGE_REMOVED = _declare("message.removed")
AGENDA_ITEM_OPENED = _declare("agenda.item_opened")
AGENDA_ITEM_CLOSED = _declare("agenda.item_closed")
TRANSLATION_SIGNED = _declare("translation.signed")
AMENDMENT_SUBMITTED = _declare("amendment.submitted")
AMENDMENT_WITHDRAWN = _declare("amendment.withdrawn")
AMENDMENT_MERGED = _declare("amendment.merged")
AMENDMENT_ACCEPTED_AS_CHANGE = _declare("amendment.accepted_as_change")
AMENDMENT_PUT_TO_VOTE = _declare("amendment.put_to_vote")
AMENDMENT_DECIDED = _declare("amendment.decided")
AMENDMENT_FELL = _declare("amendment.fell")
VOTING_ORDER_OVERRIDDEN = _declare("voting_order.overridden")
TEXT_PUT_TO_VOTE = _declare("text.put_to_vote")
TEXT_ADOPTED = _declare("text.adopted")
TEXT_REJECTED = _declare("text.rejected")

EVENT_TYPES = frozenset(TYPES)

# The events of the debate's lifecycle, by the status each leads to (and from).
STATUS_EVENTS = {
    ("scheduled", "open"): DEBATE_OPENED,
    ("open", "live"): DEBATE_STARTED,
    ("live", "suspended"): DEBATE_SUSPENDED,
    ("suspended", "live"): DEBATE_RESUMED,
    ("open", "closed"): DEBATE_CLOSED,
    ("live", "closed"): DEBATE_CLOSED,
    ("suspended", "closed"): DEBATE_CLOSED,
}


def timer_effect(event_type: str, data: dict) -> tuple[bool, dict | None]:
    """Whether an event of ``event_type`` changes which timer the room watches, and the
    speaker to watch then (None: none)."""
    declared = TYPES[event_type].timer
    if declared is None:
        return False, None
    return True, declared(data)


def iso(moment) -> str | None:
    """A time as the protocol writes it: ISO 8601 in UTC with a ``Z``."""
    return moment.isoformat().replace("+00:00", "Z") if moment else None


# --- the debate ------------------------------------------------------------------------

CONFIG_FIELDS = (
    "title",
    "motion",
    "visibility",
    "observers_may_ask",
    "speaking_seconds",
    "voting_rule",
    "majority",
    "quorum_percent",
)


def debate_config(debate: Debate) -> dict:
    return {
        "id": debate.pk,
        "forum": {"id": debate.forum_id, "title": debate.forum.title},
        "session": str(debate.session.uuid) if debate.session else None,
        "status": debate.status,
        **{field: getattr(debate, field) for field in CONFIG_FIELDS},
    }


def debate_created(debate: Debate) -> NewEvent:
    return NewEvent(DEBATE_CREATED, {"debate": debate_config(debate)})


def debate_updated(changes: dict) -> NewEvent:
    return NewEvent(DEBATE_UPDATED, {"changes": changes})


def debate_status_changed(
    *, source: str, target: str, actor: dict, paused_request: int | None = None
) -> NewEvent:
    """``paused_request``: the speech whose clock a suspension stopped (its resumption
    starts it again)."""
    data = {"status": target}
    if paused_request is not None:
        data["paused_request"] = paused_request
    return NewEvent(STATUS_EVENTS[(source, target)], data, actor)


# --- the floor ---------------------------------------------------------------------------


def queue_entry(request: FloorRequest) -> dict:
    """A request in the speakers' list, as the room shows it."""
    delegate = request.delegate
    return {
        "request": request.pk,
        "kind": request.kind,
        "language": request.language,
        "paper_author": request.is_paper_author,
        "requested_at": iso(request.requested_at),
        "delegate": {
            "id": delegate.pk,
            "name": delegate.display_name,
            "organization": {
                "id": delegate.organization_id,
                "short_name": delegate.organization.short_name,
                "region": delegate.organization.region,
            },
        },
    }


def floor_requested(request: FloorRequest, order: list[int], actor: dict) -> NewEvent:
    return NewEvent(FLOOR_REQUESTED, {"request": queue_entry(request), "order": order}, actor)


def floor_withdrawn(request: FloorRequest, order: list[int], actor: dict) -> NewEvent:
    return NewEvent(FLOOR_WITHDRAWN, {"request": request.pk, "order": order}, actor)


def floor_reordered(order: list[int], actor: dict) -> NewEvent:
    return NewEvent(FLOOR_REORDERED, {"order": order}, actor)


def speaker_entry(request: FloorRequest) -> dict:
    """The request that has the floor, with its timer, as the room shows it."""
    return {
        **queue_entry(request),
        "granted_at": iso(request.granted_at),
        "ends_at": iso(request.ends_at),
        "paused_remaining": request.paused_remaining,
        "time_up": request.time_up_announced,
    }


def floor_granted(request: FloorRequest, order: list[int], actor: dict) -> NewEvent:
    data = {"request": request.pk, "order": order, "speaker": speaker_entry(request)}
    return NewEvent(FLOOR_GRANTED, data, actor)


def floor_interrupted(
    speech: FloorRequest, point: FloorRequest, running: bool, actor: dict
) -> NewEvent:
    """``running``: whether the speech's clock was running (it runs on at the resumption)."""
    data = {
        "request": speech.pk,
        "by": point.pk,
        "paused_remaining": speech.paused_remaining,
        "running": running,
    }
    return NewEvent(FLOOR_INTERRUPTED, data, actor)


def floor_resumed(speech: FloorRequest) -> NewEvent:
    return NewEvent(FLOOR_RESUMED, {"request": speech.pk, "speaker": speaker_entry(speech)})


def floor_ended(request: FloorRequest, spoken: float, actor: dict | None) -> NewEvent:
    organization = request.delegate.organization
    return NewEvent(
        FLOOR_ENDED,
        {
            "request": request.pk,
            "spoken_seconds": spoken,
            "delegate": {"id": request.delegate_id, "name": request.delegate.display_name},
            "region": organization.region,
            "organization": {"id": organization.pk, "short_name": organization.short_name},
        },
        actor,
    )


def floor_time_up(request: FloorRequest) -> NewEvent:
    return NewEvent(FLOOR_TIME_UP, {"request": request.pk})


def timer_data(speaker: FloorRequest) -> dict:
    return {
        "request": speaker.pk,
        "ends_at": iso(speaker.ends_at),
        "paused_remaining": speaker.paused_remaining,
    }


def timer_paused(speaker: FloorRequest, actor: dict) -> NewEvent:
    return NewEvent(TIMER_PAUSED, timer_data(speaker), actor)


def timer_resumed(speaker: FloorRequest, actor: dict) -> NewEvent:
    return NewEvent(TIMER_RESUMED, timer_data(speaker), actor)


def timer_extended(speaker: FloorRequest, seconds: int, actor: dict) -> NewEvent:
    return NewEvent(
        TIMER_EXTENDED, {**timer_data(speaker), "seconds": seconds, "time_up": False}, actor
    )


# --- motions and votes -------------------------------------------------------------------


def motion_entry(motion: Motion) -> dict:
    return {
        "id": motion.pk,
        "text": motion.text,
        "amends": motion.amends_id,
        "status": motion.status,
        "proposer": {
            "id": motion.proposer_id,
            "name": motion.proposer.display_name,
            "organization": motion.proposer.organization.short_name,
        },
        "seconder": None,
    }


def motion_proposed(motion: Motion, actor: dict) -> NewEvent:
    return NewEvent(MOTION_PROPOSED, {"motion": motion_entry(motion)}, actor)


def motion_seconded(motion: Motion, actor: dict) -> NewEvent:
    seconder = motion.seconder
    return NewEvent(
        MOTION_SECONDED,
        {
            "motion": motion.pk,
            "status": motion.status,
            "seconder": {"id": seconder.pk, "name": seconder.display_name},
        },
        actor,
    )


def motion_withdrawn(motion: Motion, actor: dict) -> NewEvent:
    return NewEvent(MOTION_WITHDRAWN, {"motion": motion.pk, "status": motion.status}, actor)


def _turnout_basis(box) -> dict:
    """Who a vote or an election counts on: its roll (present or represented), the base of
    its quorum (``members``), the roll call it took presence from."""
    return {
        "eligible": box.eligible,
        "present": box.present,
        "represented": box.represented,
        "members": box.members,
        "roll_call": box.roll_call_id,
    }


def vote_opened(vote: Vote, roll: list[dict], actor: dict) -> NewEvent:
    """A vote opens, with its roll frozen: every ballot that may be cast, for whom and by
    whom (``debates.services.roll``)."""
    entry = {
        "id": vote.pk,
        "motion": vote.motion_id,
        "secret": vote.secret,
        "rule": vote.rule,
        "majority": vote.majority,
        "quorum_percent": vote.quorum_percent,
        **_turnout_basis(vote),
        "status": "open",
        "result": None,
    }
    return NewEvent(VOTE_OPENED, {"vote": entry, "roll": roll}, actor)


def vote_closed(
    vote: Vote,
    *,
    tally: dict,
    turnout: int,
    quorum: int,
    by_proxy: int,
    voters: list[dict] | None,
    receipts: list[str] | None,
    actor: dict,
) -> NewEvent:
    """The result. ``voters`` (roll-call votes only) names who chose what; a secret vote's
    result never does, and publishes the receipts of the ballots it counted instead."""
    data = {
        "vote": vote.pk,
        "motion": vote.motion_id,
        "tally": tally,
        "turnout": turnout,
        "in_person": turnout - by_proxy,
        "by_proxy": by_proxy,
        **_turnout_basis(vote),
        "quorum": quorum,
        "result": vote.result,
    }
    if voters is not None:
        data["voters"] = voters
    if receipts is not None:
        data["receipts"] = receipts
    return NewEvent(VOTE_CLOSED, data, actor)


# --- roll calls ------------------------------------------------------------------------------


def present_entry(attendance: Attendance) -> dict:
    delegate = attendance.delegate
    return {
        "delegate": {"id": delegate.pk, "name": delegate.display_name},
        "organization": {
            "id": attendance.organization_id,
            "short_name": attendance.organization.short_name,
            "region": attendance.organization.region,
        },
        "how": attendance.how,
    }


def rollcall_opened(roll_call: RollCall, actor: dict) -> NewEvent:
    return NewEvent(
        ROLLCALL_OPENED, {"rollcall": {"id": roll_call.pk, "status": roll_call.status}}, actor
    )


def rollcall_answered(roll_call: RollCall, attendance: Attendance, actor: dict) -> NewEvent:
    return NewEvent(
        ROLLCALL_ANSWERED,
        {"rollcall": roll_call.pk, "present": present_entry(attendance)},
        actor,
    )


def rollcall_marked(
    roll_call: RollCall, delegate, *, attendance: Attendance | None, actor: dict
) -> NewEvent:
    """The chair marks a delegate present (``attendance``) or absent (None)."""
    return NewEvent(
        ROLLCALL_MARKED,
        {
            "rollcall": roll_call.pk,
            "delegate": delegate.pk,
            "present": present_entry(attendance) if attendance else None,
        },
        actor,
    )


def rollcall_closed(roll_call: RollCall, summary: dict, actor: dict) -> NewEvent:
    """Presence is fixed: ``summary`` counts the delegates and members present, the
    members represented by proxy and the members in good standing."""
    return NewEvent(ROLLCALL_CLOSED, {"rollcall": roll_call.pk, **summary}, actor)


# --- elections -----------------------------------------------------------------------------


def candidate_entry(candidate: Candidate) -> dict:
    return {
        "id": candidate.pk,
        "name": candidate.name,
        "region": candidate.region,
        "delegate": candidate.delegate_id,
        "organization": candidate.organization_id,
    }


def election_entry(election: Election, candidates) -> dict:
    return {
        "id": election.pk,
        "title": election.title,
        "seats": election.seats,
        "method": election.method,
        "rule": election.rule,
        "regional_minimum": election.regional_minimum,
        "quorum_percent": election.quorum_percent,
        "round": election.round,
        "previous": election.previous_id,
        "status": election.status,
        "candidates": [candidate_entry(candidate) for candidate in candidates],
        "result": None,
    }


def election_prepared(election: Election, candidates, actor: dict | None) -> NewEvent:
    return NewEvent(ELECTION_PREPARED, {"election": election_entry(election, candidates)}, actor)


def election_opened(election: Election, roll: list[dict], actor: dict) -> NewEvent:
    return NewEvent(
        ELECTION_OPENED,
        {"election": election.pk, **_turnout_basis(election), "roll": roll},
        actor,
    )


def election_closed(
    election: Election, *, counts: dict, turnout: int, by_proxy: int, receipts, actor: dict
) -> NewEvent:
    """The result: counts per candidate, who is elected, who is tied for what is left."""
    return NewEvent(
        ELECTION_CLOSED,
        {
            "election": election.pk,
            "counts": counts,
            "turnout": turnout,
            "in_person": turnout - by_proxy,
            "by_proxy": by_proxy,
            **_turnout_basis(election),
            "status": election.status,
            "elected": election.result.get("elected", []),
            "tied": election.result.get("tied", []),
            "tied_seats": election.result.get("tied_seats", 0),
            "quorum": election.result.get("quorum", 0),
            "receipts": receipts,
        },
        actor,
    )


def election_resolved(
    election: Election, *, rule: str, drawn: list[int], next_round: dict | None, actor: dict
) -> NewEvent:
    """The chair settles a tie: by lot (``drawn``), or by a further round (``next_round``,
    an election prepared with the tied candidates)."""
    return NewEvent(
        ELECTION_RESOLVED,
        {
            "election": election.pk,
            "rule": rule,
            "drawn": drawn,
            "status": election.status,
            "elected": election.result.get("elected", []),
            "tied": election.result.get("tied", []),
            "tied_seats": election.result.get("tied_seats", 0),
            "next_round": next_round,
        },
        actor,
    )


# --- questions and chat --------------------------------------------------------------------


def question_asked(question: Question, author: dict, actor: dict) -> NewEvent:
    return NewEvent(
        QUESTION_ASKED,
        {
            "question": {
                "id": question.pk,
                "text": question.text,
                "author": author,
                "upvotes": question.upvotes,
                "status": question.status,
            }
        },
        actor,
    )


def question_upvoted(question: Question, actor: dict) -> NewEvent:
    return NewEvent(QUESTION_UPVOTED, {"question": question.pk, "upvotes": question.upvotes}, actor)


def question_moderated(question: Question, actor: dict) -> NewEvent:
    kind = QUESTION_HIDDEN if question.status == Question.Status.HIDDEN else QUESTION_ANSWERED
    return NewEvent(kind, {"question": question.pk}, actor)


def message_posted(message: Message, author: dict, actor: dict) -> NewEvent:
    return NewEvent(
        MESSAGE_POSTED,
        {
            "message": {
                "id": message.pk,
                "text": message.text,
                "author": author,
                "at": iso(message.created_at),
            }
        },
        actor,
    )


def message_removed(message: Message, actor: dict) -> NewEvent:
    return NewEvent(MESSAGE_REMOVED, {"message": message.pk}, actor)
