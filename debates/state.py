"""The room state as a pure function of the event log.

``fold(events)`` replays a debate's log from nothing; ``apply(state, event)`` adds one
event. The services keep ``Debate.state`` equal to the fold of ``Debate.events`` (a
property test checks it), and the room's JavaScript folds the same way
(``static/js/room/state.js``; a browser test compares the two). Events use the wire format
of ``debates.protocol.wire``; their types are those of ``debates.events``.
Nothing secret is ever in the state: ballots are not events, and a vote's choices appear
only as the tally of ``vote.closed`` (with names for roll-call votes only).
"""

import copy

from debates import amending, events

MESSAGES_KEPT = 100


def empty_state() -> dict:
    return {
        "debate": {},
        "speaker": None,
        "interrupted": None,
        "queue": [],
        "balance": {"by_region": {}, "by_organization": {}},
        "motions": [],
        "votes": [],
        "questions": [],
        "messages": [],
        "rollcall": None,
        "elections": [],
        "agenda": {"current": None, "items": []},
        "texts": [],
    }


def fold(events) -> dict:
    state = empty_state()
    for event in events:
        state = apply(state, event)
    return state


def _by_id(items: list[dict], item_id: int) -> dict | None:
    return next((item for item in items if item["id"] == item_id), None)


def _ordered(queue: list[dict], order: list[int]) -> list[dict]:
    entries = {entry["request"]: entry for entry in queue}
    return [entries[request] for request in order if request in entries]


def apply(state: dict, event: dict) -> dict:
    """The state after ``event``. Does not modify ``state``."""
    state = copy.deepcopy(state)
    # Snapshots from before the agenda and its texts were folded lack their keys.
    state.setdefault("agenda", {"current": None, "items": []})
    state.setdefault("texts", [])
    state.setdefault("interrupted", None)
    kind = event["type"]
    data = event["data"]
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise ValueError(f"unknown event type {kind!r}")
    handler(state, data)
    return state


def _created(state, data):
    state["debate"] = dict(data["debate"])


def _updated(state, data):
    state["debate"].update(data["changes"])


def _status(state, data):
    state["debate"]["status"] = data["status"]


def _open_item(state) -> int | None:
    """The agenda item open now: the queue entries, motions, votes and elections made
    while it is open belong to it (None: made while no item is open)."""
    return state["agenda"]["current"]


def _floor_requested(state, data):
    state["queue"].append(dict(data["request"], item=_open_item(state)))
    state["queue"] = _ordered(state["queue"], data["order"])


def _floor_reordered(state, data):
    state["queue"] = _ordered(state["queue"], data["order"])


def _floor_granted(state, data):
    state["queue"] = _ordered(state["queue"], data["order"])
    state["speaker"] = dict(data["speaker"])


def _floor_interrupted(state, data):
    speech = state["speaker"]
    if speech and speech["request"] == data["request"]:
        state["interrupted"] = {
            **speech,
            "ends_at": None,
            "paused_remaining": data["paused_remaining"],
        }
    state["speaker"] = None


def _floor_resumed(state, data):
    state["interrupted"] = None
    state["speaker"] = dict(data["speaker"])


def _floor_ended(state, data):
    interrupted = state["interrupted"]
    if interrupted and interrupted["request"] == data["request"]:
        state["interrupted"] = None  # the debate closed while it waited
    else:
        state["speaker"] = None
    seconds = data["spoken_seconds"]
    region = data["region"]
    by_region = state["balance"]["by_region"].setdefault(region, {"seconds": 0, "speeches": 0})
    by_region["seconds"] = round(by_region["seconds"] + seconds, 1)
    by_region["speeches"] += 1
    organization = data["organization"]
    key = str(organization["id"])
    by_org = state["balance"]["by_organization"].setdefault(
        key, {"name": organization["short_name"], "seconds": 0, "speeches": 0}
    )
    by_org["seconds"] = round(by_org["seconds"] + seconds, 1)
    by_org["speeches"] += 1


def _time_up(state, data):
    if state["speaker"] and state["speaker"]["request"] == data["request"]:
        state["speaker"]["time_up"] = True


def _timer(state, data):
    if state["speaker"]:
        state["speaker"]["ends_at"] = data["ends_at"]
        state["speaker"]["paused_remaining"] = data["paused_remaining"]
        if data.get("time_up") is False:
            state["speaker"]["time_up"] = False


def _motion_proposed(state, data):
    state["motions"].append(dict(data["motion"], item=_open_item(state)))


def _motion_changed(state, data):
    motion = _by_id(state["motions"], data["motion"])
    if motion is not None:
        motion["status"] = data["status"]
        if "seconder" in data:
            motion["seconder"] = data["seconder"]


def _vote_opened(state, data):
    state["votes"].append(dict(data["vote"], item=_open_item(state)))
    _motion_changed(state, {"motion": data["vote"]["motion"], "status": "voting"})


# What the state keeps of a result (the roll and the receipts stay in the log).
VOTE_RESULT_KEYS = (
    "tally",
    "turnout",
    "in_person",
    "by_proxy",
    "eligible",
    "present",
    "represented",
    "members",
    "quorum",
    "result",
    "voters",
)
ELECTION_RESULT_KEYS = (
    "counts",
    "turnout",
    "in_person",
    "by_proxy",
    "eligible",
    "present",
    "represented",
    "members",
    "quorum",
    "elected",
    "tied",
    "tied_seats",
)


def _vote_closed(state, data):
    vote = _by_id(state["votes"], data["vote"])
    if vote is not None:
        vote["status"] = "closed"
        vote["result"] = {key: data[key] for key in VOTE_RESULT_KEYS if key in data}
        _motion_changed(state, {"motion": vote["motion"], "status": data["result"]})


def _rollcall_opened(state, data):
    state["rollcall"] = {**data["rollcall"], "present": []}


def _rollcall_answered(state, data):
    rollcall = state["rollcall"]
    if rollcall is not None and rollcall["id"] == data["rollcall"]:
        rollcall["present"].append(dict(data["present"]))


def _rollcall_marked(state, data):
    rollcall = state["rollcall"]
    if rollcall is not None and rollcall["id"] == data["rollcall"]:
        rollcall["present"] = [
            entry for entry in rollcall["present"] if entry["delegate"]["id"] != data["delegate"]
        ]
        if data["present"] is not None:
            rollcall["present"].append(dict(data["present"]))


def _rollcall_closed(state, data):
    rollcall = state["rollcall"]
    if rollcall is not None and rollcall["id"] == data["rollcall"]:
        rollcall["status"] = "closed"
        rollcall["summary"] = {key: value for key, value in data.items() if key != "rollcall"}


def _election_prepared(state, data):
    state["elections"].append(dict(data["election"], item=_open_item(state)))


def _election_opened(state, data):
    election = _by_id(state["elections"], data["election"])
    if election is not None:
        election["status"] = "open"
        for key in ("eligible", "present", "represented", "members", "roll_call"):
            election[key] = data[key]


def _election_closed(state, data):
    election = _by_id(state["elections"], data["election"])
    if election is not None:
        election["status"] = data["status"]
        election["result"] = {key: data[key] for key in ELECTION_RESULT_KEYS if key in data}


def _election_resolved(state, data):
    election = _by_id(state["elections"], data["election"])
    if election is not None:
        election["status"] = data["status"]
        result = dict(election["result"] or {})
        result.update(elected=data["elected"], tied=data["tied"], tied_seats=data["tied_seats"])
        result["resolution"] = {"rule": data["rule"], "drawn": data["drawn"]}
        election["result"] = result
    if data["next_round"] is not None:
        state["elections"].append(dict(data["next_round"], item=_open_item(state)))


def _question_asked(state, data):
    state["questions"].append(dict(data["question"]))


def _question_upvoted(state, data):
    question = _by_id(state["questions"], data["question"])
    if question is not None:
        question["upvotes"] = data["upvotes"]


def _question_answered(state, data):
    question = _by_id(state["questions"], data["question"])
    if question is not None:
        question["status"] = "answered"


def _question_hidden(state, data):
    state["questions"] = [q for q in state["questions"] if q["id"] != data["question"]]


def _message_posted(state, data):
    state["messages"].append(dict(data["message"]))
    state["messages"] = state["messages"][-MESSAGES_KEPT:]


def _message_removed(state, data):
    state["messages"] = [m for m in state["messages"] if m["id"] != data["message"]]


def _item_opened(state, data):
    item = dict(data["item"], status="open")
    agenda = state["agenda"]
    agenda["items"] = [entry for entry in agenda["items"] if entry["id"] != item["id"]] + [item]
    agenda["current"] = item["id"]
    if data["text"] is not None:
        text = copy.deepcopy(data["text"])
        state["texts"] = [t for t in state["texts"] if t["id"] != text["id"]] + [text]
        _consolidate(text)


def _item_closed(state, data):
    item = _by_id(state["agenda"]["items"], data["item"])
    if item is not None:
        item["status"] = "closed"
    # The speakers' list ends with its item (logs from before this lack ``withdrawn``).
    withdrawn = set(data.get("withdrawn", ()))
    state["queue"] = [entry for entry in state["queue"] if entry["request"] not in withdrawn]
    if state["agenda"]["current"] == data["item"]:
        state["agenda"]["current"] = None


def _consolidate(text):
    """The text as it stands: the draft and the carried amendments' operations, in order."""
    operations = {a["id"]: a["operations"] for a in text["amendments"]}
    text["paragraphs"] = amending.consolidate(
        text["draft"], [operations[amendment] for amendment in text["carried"]]
    )


def _text(state, data):
    return _by_id(state["texts"], data["text"])


def _pending(text, data):
    text["order"] = list(data["order"])
    text["conflicts"] = [list(pair) for pair in data["conflicts"]]


def _translation_signed(state, data):
    text = _text(state, data)
    if text is None:
        return
    language = data["language"]
    if data["amendment"] is None:
        for paragraph in text["draft"]:
            if paragraph["key"] in data["texts"]:
                paragraph["text"][language] = data["texts"][paragraph["key"]]
        text["signed"][language] = True
    else:
        amendment = _by_id(text["amendments"], data["amendment"])
        for operation, words in zip(amendment["operations"], data["texts"], strict=False):
            if words is not None and "text" in operation:
                operation["text"][language] = words
        amendment["signed"][language] = True
    _consolidate(text)


def _amendment_submitted(state, data):
    text = _by_id(state["texts"], data["amendment"]["text"])
    if text is not None:
        text["amendments"].append(copy.deepcopy(data["amendment"]))
        _pending(text, data)


def _amendment_status(status):
    def handle(state, data):
        text = _text(state, data)
        if text is None:
            return
        amendment = _by_id(text["amendments"], data["amendment"])
        amendment["status"] = status
        if status == "accepted":
            text["carried"].append(amendment["id"])
            text["version"] = data["version"]
            _consolidate(text)
        _pending(text, data)

    return handle


def _amendment_merged(state, data):
    into = copy.deepcopy(data["into"])
    text = _by_id(state["texts"], into["text"])
    if text is None:
        return
    for amendment in text["amendments"]:
        if amendment["id"] in data["amendments"]:
            amendment["status"] = "merged"
    text["amendments"].append(into)
    _pending(text, data)


def _amendment_put_to_vote(state, data):
    text = _text(state, data)
    if text is None:
        return
    amendment = _by_id(text["amendments"], data["amendment"])
    amendment["status"] = "voting"
    amendment["motion"] = data["motion"]
    if data["translation_override"]:
        text["provisional"] = True


def _amendment_decided(state, data):
    text = _text(state, data)
    if text is None:
        return
    amendment = _by_id(text["amendments"], data["amendment"])
    amendment["status"] = data["result"]
    if data["revised"] is not None:
        revised = _by_id(text["amendments"], data["revised"]["amendment"])
        revised["operations"] = copy.deepcopy(data["revised"]["operations"])
    if data["result"] == "carried" and amendment["amends"] is None:
        text["carried"].append(amendment["id"])
    text["version"] = data["version"]
    _consolidate(text)
    _pending(text, data)


def _amendment_fell(state, data):
    text = _text(state, data)
    if text is None:
        return
    amendment = _by_id(text["amendments"], data["amendment"])
    amendment["status"] = "fell"
    amendment["fell"] = dict(data["reason"])
    _pending(text, data)


def _voting_order_overridden(state, data):
    text = _text(state, data)
    if text is not None:
        text["order"] = list(data["order"])
        text["overridden"] = True


def _text_put_to_vote(state, data):
    text = _text(state, data)
    if text is not None:
        text["status"] = "voting"
        text["motion"] = data["motion"]
        if data["translation_override"]:
            text["provisional"] = True


def _text_adopted(state, data):
    text = _text(state, data)
    if text is not None:
        text["status"] = "adopted"
        text["result"] = {"vote": data["vote"], "version": data["version"]}
        text["paragraphs"] = copy.deepcopy(data["paragraphs"])


def _text_rejected(state, data):
    text = _text(state, data)
    if text is not None:
        text["status"] = "rejected"
        text["result"] = {"vote": data["vote"]}


_HANDLERS = {
    events.DEBATE_CREATED: _created,
    events.DEBATE_UPDATED: _updated,
    events.DEBATE_OPENED: _status,
    events.DEBATE_STARTED: _status,
    events.DEBATE_SUSPENDED: _status,
    events.DEBATE_RESUMED: _status,
    events.DEBATE_CLOSED: _status,
    events.FLOOR_REQUESTED: _floor_requested,
    events.FLOOR_WITHDRAWN: _floor_reordered,
    events.FLOOR_REORDERED: _floor_reordered,
    events.FLOOR_GRANTED: _floor_granted,
    events.FLOOR_ENDED: _floor_ended,
    events.FLOOR_TIME_UP: _time_up,
    events.FLOOR_INTERRUPTED: _floor_interrupted,
    events.FLOOR_RESUMED: _floor_resumed,
    events.TIMER_PAUSED: _timer,
    events.TIMER_RESUMED: _timer,
    events.TIMER_EXTENDED: _timer,
    events.MOTION_PROPOSED: _motion_proposed,
    events.MOTION_SECONDED: _motion_changed,
    events.MOTION_WITHDRAWN: _motion_changed,
    events.VOTE_OPENED: _vote_opened,
    events.VOTE_CLOSED: _vote_closed,
    events.QUESTION_ASKED: _question_asked,
    events.QUESTION_UPVOTED: _question_upvoted,
    events.QUESTION_ANSWERED: _question_answered,
    events.QUESTION_HIDDEN: _question_hidden,
    events.MESSAGE_POSTED: _message_posted,
    events.MESSAGE_REMOVED: _message_removed,
    events.ROLLCALL_OPENED: _rollcall_opened,
    events.ROLLCALL_ANSWERED: _rollcall_answered,
    events.ROLLCALL_MARKED: _rollcall_marked,
    events.ROLLCALL_CLOSED: _rollcall_closed,
    events.ELECTION_PREPARED: _election_prepared,
    events.ELECTION_OPENED: _election_opened,
    events.ELECTION_CLOSED: _election_closed,
    events.ELECTION_RESOLVED: _election_resolved,
    events.AGENDA_ITEM_OPENED: _item_opened,
    events.AGENDA_ITEM_CLOSED: _item_closed,
    events.TRANSLATION_SIGNED: _translation_signed,
    events.AMENDMENT_SUBMITTED: _amendment_submitted,
    events.AMENDMENT_WITHDRAWN: _amendment_status("withdrawn"),
    events.AMENDMENT_MERGED: _amendment_merged,
    events.AMENDMENT_ACCEPTED_AS_CHANGE: _amendment_status("accepted"),
    events.AMENDMENT_PUT_TO_VOTE: _amendment_put_to_vote,
    events.AMENDMENT_DECIDED: _amendment_decided,
    events.AMENDMENT_FELL: _amendment_fell,
    events.VOTING_ORDER_OVERRIDDEN: _voting_order_overridden,
    events.TEXT_PUT_TO_VOTE: _text_put_to_vote,
    events.TEXT_ADOPTED: _text_adopted,
    events.TEXT_REJECTED: _text_rejected,
}

# The event types this fold covers (a test checks they are all of ``debates.events``).
HANDLED_TYPES = frozenset(_HANDLERS)
