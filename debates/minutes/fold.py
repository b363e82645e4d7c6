"""The minutes of a debate as a fold of its log: speakers with times, motions, roll calls,
votes and elections with the roll they counted on and their results, questions answered,
and the log's fingerprint. ``minutes_build`` covers every event type of
``debates.events`` (a test checks it) and keeps the protocol's codes (the JSON form).
Secret votes appear with their tally and receipts only."""

from debates import events
from debates.minutes import texts
from debates.models import Debate, DebateEvent


class _Minutes:
    """What the fold has gathered so far."""

    def __init__(self):
        self.timeline: dict[str, str] = {}
        self.speakers: list[dict] = []
        self.speaking: dict[int, dict] = {}
        self.motions: dict[int, dict] = {}
        self.votes: dict[int, dict] = {}
        self.questions: dict[int, dict] = {}
        self.roll_calls: dict[int, dict] = {}
        self.elections: dict[int, dict] = {}
        self.agenda: dict[int, dict] = {}
        self.texts: dict[int, dict] = {}
        # The agenda item open when a speech, motion, vote, roll call or election began:
        # the minutes follow the agenda.
        self.current_item: int | None = None


def _ignore(minutes: _Minutes, data: dict, at: str) -> None:
    """Events that leave no trace in the minutes (the queue, timers, the chat...)."""


def _timeline(moment: str):
    def record(minutes: _Minutes, data: dict, at: str) -> None:
        minutes.timeline.setdefault(moment, at)

    return record


def _floor_granted(minutes, data, at):
    speaker = data["speaker"]
    entry = {
        "name": speaker["delegate"]["name"],
        "organization": speaker["delegate"]["organization"]["short_name"],
        "region": speaker["delegate"]["organization"]["region"],
        "kind": speaker["kind"],
        # Logs written before speeches had a language have none.
        "language": speaker.get("language"),
        "started_at": at,
        "ended_at": None,
        "spoken_seconds": None,
        "item": minutes.current_item,
    }
    minutes.speaking[data["request"]] = entry
    minutes.speakers.append(entry)


def _floor_interrupted(minutes, data, at):
    if data["request"] in minutes.speaking:
        speech = minutes.speaking[data["request"]]
        speech["interruptions"] = speech.get("interruptions", 0) + 1


def _floor_ended(minutes, data, at):
    if data["request"] in minutes.speaking:
        minutes.speaking[data["request"]].update(ended_at=at, spoken_seconds=data["spoken_seconds"])


def _motion_proposed(minutes, data, at):
    motion = data["motion"]
    minutes.motions[motion["id"]] = {
        "id": motion["id"],
        "text": motion["text"],
        "amends": motion["amends"],
        "proposer": f"{motion['proposer']['name']} ({motion['proposer']['organization']})",
        "seconder": None,
        "status": motion["status"],
        "item": minutes.current_item,
    }


def _motion_changed(minutes, data, at):
    motion = minutes.motions.get(data["motion"])
    if motion is not None:
        motion["status"] = data["status"]
        if data.get("seconder"):
            motion["seconder"] = data["seconder"]["name"]


def _roll_record(roll: list[dict]) -> dict:
    """What the minutes keep of a roll: the mandates and the proxies it counted on."""
    names = {line["organization"]["id"]: line["organization"]["short_name"] for line in roll}
    return {
        "mandates": [
            {
                "organization": line["organization"]["short_name"],
                "delegate": (line["delegate"] or {}).get("name", ""),
                "rank": line["mandate_rank"],
            }
            for line in roll
            if line.get("mandate_rank")
        ],
        "proxies": [
            {
                "organization": line["organization"]["short_name"],
                "holder": names.get(line["proxy_holder"], ""),
            }
            for line in roll
            if line.get("proxy_holder")
        ],
    }


TURNOUT_BASIS = ("eligible", "present", "represented", "members", "roll_call")


def _vote_opened(minutes, data, at):
    vote = data["vote"]
    minutes.votes[vote["id"]] = {
        "id": vote["id"],
        "motion": vote["motion"],
        "secret": vote["secret"],
        "rule": vote["rule"],
        "majority": vote["majority"],
        "opened_at": at,
        "item": minutes.current_item,
        **{key: vote.get(key) for key in TURNOUT_BASIS},
        **_roll_record(data.get("roll", [])),
    }


def _vote_closed(minutes, data, at):
    vote = minutes.votes.get(data["vote"])
    if vote is None:
        return
    vote.update(
        closed_at=at,
        tally=data["tally"],
        turnout=data["turnout"],
        eligible=data["eligible"],
        result=data["result"],
        in_person=data.get("in_person", data["turnout"]),
        by_proxy=data.get("by_proxy", 0),
        quorum=data.get("quorum"),
    )
    if "voters" in data:
        vote["voters"] = data["voters"]
    if "receipts" in data:
        vote["receipts"] = data["receipts"]
    if data["motion"] in minutes.motions:
        minutes.motions[data["motion"]]["status"] = data["result"]


def _question_asked(minutes, data, at):
    question = data["question"]
    minutes.questions[question["id"]] = {
        "text": question["text"],
        "author": question["author"]["name"],
        "upvotes": 0,
        "answered": False,
    }


def _question_upvoted(minutes, data, at):
    if data["question"] in minutes.questions:
        minutes.questions[data["question"]]["upvotes"] = data["upvotes"]


def _question_answered(minutes, data, at):
    if data["question"] in minutes.questions:
        minutes.questions[data["question"]]["answered"] = True


def _question_hidden(minutes, data, at):
    minutes.questions.pop(data["question"], None)


def _rollcall_opened(minutes, data, at):
    minutes.roll_calls[data["rollcall"]["id"]] = {
        "opened_at": at,
        "present": {},
        "item": minutes.current_item,
    }


def _rollcall_answered(minutes, data, at):
    roll_call = minutes.roll_calls.get(data["rollcall"])
    if roll_call is not None:
        roll_call["present"][data["present"]["delegate"]["id"]] = data["present"]


def _rollcall_marked(minutes, data, at):
    roll_call = minutes.roll_calls.get(data["rollcall"])
    if roll_call is not None:
        roll_call["present"].pop(data["delegate"], None)
        if data["present"] is not None:
            roll_call["present"][data["delegate"]] = data["present"]


def _rollcall_closed(minutes, data, at):
    roll_call = minutes.roll_calls.get(data["rollcall"])
    if roll_call is not None:
        roll_call.update(
            closed_at=at, **{key: value for key, value in data.items() if key != "rollcall"}
        )


def _election_prepared(minutes, data, at):
    election = data["election"]
    minutes.elections[election["id"]] = {
        "id": election["id"],
        "title": election["title"],
        "seats": election["seats"],
        "method": election["method"],
        "rule": election["rule"],
        "regional_minimum": election["regional_minimum"],
        "round": election["round"],
        "candidates": election["candidates"],
        "status": election["status"],
        "item": minutes.current_item,
    }


def _election_opened(minutes, data, at):
    election = minutes.elections.get(data["election"])
    if election is not None:
        election.update(
            opened_at=at,
            **{key: data[key] for key in TURNOUT_BASIS},
            **_roll_record(data.get("roll", [])),
        )


def _election_closed(minutes, data, at):
    election = minutes.elections.get(data["election"])
    if election is not None:
        election.update(
            closed_at=at,
            **{
                key: data[key]
                for key in (
                    "counts",
                    "turnout",
                    "in_person",
                    "by_proxy",
                    "quorum",
                    "status",
                    "elected",
                    "tied",
                    "tied_seats",
                    "receipts",
                )
            },
        )


def _election_resolved(minutes, data, at):
    election = minutes.elections.get(data["election"])
    if election is not None:
        election.update(
            status=data["status"],
            elected=data["elected"],
            tied=data["tied"],
            tied_seats=data["tied_seats"],
            resolution={"rule": data["rule"], "drawn": data["drawn"], "at": at},
        )
    if data["next_round"] is not None:
        _election_prepared(minutes, {"election": data["next_round"]}, at)


_HANDLERS = {
    events.DEBATE_CREATED: _ignore,
    events.DEBATE_UPDATED: _ignore,
    events.DEBATE_OPENED: _timeline("opened"),
    events.DEBATE_STARTED: _timeline("started"),
    events.DEBATE_SUSPENDED: _ignore,
    events.DEBATE_RESUMED: _ignore,
    events.DEBATE_CLOSED: _timeline("closed"),
    events.FLOOR_REQUESTED: _ignore,
    events.FLOOR_WITHDRAWN: _ignore,
    events.FLOOR_REORDERED: _ignore,
    events.FLOOR_GRANTED: _floor_granted,
    events.FLOOR_ENDED: _floor_ended,
    events.FLOOR_TIME_UP: _ignore,
    events.FLOOR_INTERRUPTED: _floor_interrupted,
    events.FLOOR_RESUMED: _ignore,
    events.TIMER_PAUSED: _ignore,
    events.TIMER_RESUMED: _ignore,
    events.TIMER_EXTENDED: _ignore,
    events.MOTION_PROPOSED: _motion_proposed,
    events.MOTION_SECONDED: _motion_changed,
    events.MOTION_WITHDRAWN: _motion_changed,
    events.VOTE_OPENED: _vote_opened,
    events.VOTE_CLOSED: _vote_closed,
    events.QUESTION_ASKED: _question_asked,
    events.QUESTION_UPVOTED: _question_upvoted,
    events.QUESTION_ANSWERED: _question_answered,
    events.QUESTION_HIDDEN: _question_hidden,
    events.MESSAGE_POSTED: _ignore,
    events.MESSAGE_REMOVED: _ignore,
    events.ROLLCALL_OPENED: _rollcall_opened,
    events.ROLLCALL_ANSWERED: _rollcall_answered,
    events.ROLLCALL_MARKED: _rollcall_marked,
    events.ROLLCALL_CLOSED: _rollcall_closed,
    events.ELECTION_PREPARED: _election_prepared,
    events.ELECTION_OPENED: _election_opened,
    events.ELECTION_CLOSED: _election_closed,
    events.ELECTION_RESOLVED: _election_resolved,
    **texts.HANDLERS,
}

# The event types this fold covers (a test checks they are all of ``debates.events``).
HANDLED_TYPES = frozenset(_HANDLERS)


def minutes_build(debate: Debate) -> dict:
    """The minutes of ``debate`` from its log, with the protocol's codes (the JSON form)."""
    minutes = _Minutes()
    for event in DebateEvent.objects.filter(debate=debate).order_by("seq"):
        at = events.iso(event.created_at)
        _HANDLERS[event.type](minutes, event.data, at)
    for vote in minutes.votes.values():
        vote["motion_text"] = minutes.motions.get(vote["motion"], {}).get("text", "")
    return {
        "debate": {
            "id": debate.pk,
            "title": debate.title,
            "motion": debate.motion,
            "forum": debate.forum.title,
            "event": debate.forum.event.title,
            "time_zone": debate.forum.event.time_zone,
            **minutes.timeline,
        },
        "speakers": minutes.speakers,
        "balance": debate.state.get("balance", {}),
        "motions": list(minutes.motions.values()),
        "votes": list(minutes.votes.values()),
        "roll_calls": [
            {**roll_call, "present": list(roll_call["present"].values())}
            for roll_call in minutes.roll_calls.values()
        ],
        "elections": list(minutes.elections.values()),
        **texts.texts_record(minutes),
        "log": {"events": debate.seq, "hash": debate.log_hash},
        "questions_answered": [
            {k: v for k, v in question.items() if k != "answered"}
            for question in minutes.questions.values()
            if question["answered"]
        ],
    }
