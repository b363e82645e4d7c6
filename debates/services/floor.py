"""The floor: the speakers' list, who speaks, and the speaker's timer.

The server keeps the time: events carry ``ends_at`` (running) or ``paused_remaining``
(paused); ``spoken_seconds`` adds up the time the floor was held across pauses.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from debates import events, selectors
from debates.models import (
    Debate,
    DebateEvent,
    FloorKind,
    FloorRequest,
    FloorStatus,
    TextLanguage,
)
from debates.selectors import CHAIR, DELEGATE
from debates.services.log import append, lock, now, require, require_status
from plenary.access import SYSTEM
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
from plenary.transitions import SYSTEM_ROLE, TransitionTable

Status = Debate.Status
FLOOR_PRIORITY = {"point_of_order": 0, "reply": 1, "speech": 2}
ACTIVE = {Status.OPEN, Status.LIVE, Status.SUSPENDED}

# The requester ("owner") withdraws their request or ends their speech; the chair grants,
# withdraws and ends, and interrupts a speech for a point of order; Plenary gives the
# floor back to the interrupted speech once the point is dealt with, and ends the floor
# when the debate closes.
FLOOR_TRANSITIONS = TransitionTable(
    {
        ("queued", "speaking"): {CHAIR},
        ("queued", "withdrawn"): {"owner", CHAIR},
        ("speaking", "done"): {"owner", CHAIR, SYSTEM_ROLE},
        ("speaking", "interrupted"): {CHAIR},
        ("interrupted", "speaking"): {SYSTEM_ROLE},
        ("interrupted", "done"): {SYSTEM_ROLE},
    }
)


def _floor_roles(request: FloorRequest, participant) -> set[str]:
    if participant is SYSTEM:
        return {SYSTEM_ROLE}
    roles = {participant.role}
    if participant.delegate is not None and request.delegate_id == participant.delegate.pk:
        roles.add("owner")
    return roles


def floor_transition(*, request: FloorRequest, to: str, actor, at: datetime.datetime) -> None:
    """The one place where a floor request changes state (the caller holds the lock).

    ``actor`` is the ``Participant`` making the move, or ``SYSTEM``."""
    if not FLOOR_TRANSITIONS.exists(request.status, to):
        raise Conflict(_("This request to speak is no longer open."))
    if not FLOOR_TRANSITIONS.permits(request.status, to, _floor_roles(request, actor)):
        if to == "done":
            raise NotAllowed(_("Only the chair or the speaker ends the floor."))
        if to == "withdrawn":
            raise NotAllowed(_("You may only withdraw your own request."))
        raise NotAllowed(_("You may not do this in this debate."))
    if to == "speaking" and request.status == "queued":
        request.granted_at = at
        request.running_since = at
        request.ends_at = at + datetime.timedelta(seconds=request.debate.speaking_seconds)
        request.paused_remaining = None
        request.spoken_seconds = 0
    elif to == "interrupted":
        _stop_clock(request, at)
    elif to == "done":
        if request.running_since:
            request.spoken_seconds += (at - request.running_since).total_seconds()
        request.running_since = None
        request.ended_at = at
    request.status = to
    request.save()


def _queue(debate: Debate) -> list[FloorRequest]:
    return list(
        FloorRequest.objects.filter(debate=debate, status="queued")
        .select_related("delegate__organization", "delegate__user")
        .order_by("position", "id")
    )


def _renumber(queue: list[FloorRequest]) -> list[int]:
    for index, request in enumerate(queue, start=1):
        request.position = index
    FloorRequest.objects.bulk_update(queue, ["position"])
    return [request.pk for request in queue]


@transaction.atomic
def floor_request(
    *, actor, debate_id: int, kind: str = "speech", language: str | None = None
) -> FloorRequest:
    """Ask for the floor, to speak in ``language`` (by default the delegate's first
    language of the association's). Points of order go to the head of the queue (after
    earlier points of order), replies before speeches; one open request per delegate and
    kind. The request comes back with its ``position`` in the queue."""
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE})
    require_status(debate, ACTIVE)
    delegate = participant.delegate
    if language is not None and language not in TextLanguage.values:
        raise ServiceError(_("Speak in English, French or Spanish."), code="unknown_language")
    if FloorRequest.objects.filter(
        debate=debate, delegate=delegate, kind=kind, status="queued"
    ).exists():
        raise Conflict(_("You have already asked for the floor for this."))
    queue = _queue(debate)
    request = FloorRequest.objects.create(
        debate=debate,
        delegate=delegate,
        kind=kind,
        language=language or delegate.preferred_language,
        position=0,
        is_paper_author=delegate.pk in selectors.paper_authors(debate.forum_id),
    )
    request.delegate = delegate
    priority = FLOOR_PRIORITY[kind]
    at = 0
    for index, queued in enumerate(queue):
        if FLOOR_PRIORITY[queued.kind] <= priority:
            at = index + 1
    queue.insert(at, request)
    order = _renumber(queue)
    append(debate, events.floor_requested(request, order, participant.person))
    request.position = at + 1
    return request


@transaction.atomic
def floor_withdraw(*, actor, debate_id: int, request_id: int | None = None) -> FloorRequest:
    """Take back a request to speak: the requester's own (by default their latest), or
    any request for the chair."""
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE, CHAIR})
    requests = FloorRequest.objects.filter(debate=debate, status="queued")
    if request_id is not None:
        request = requests.filter(pk=request_id).first()
        if request is None:
            raise NotFound(_("There is no such request in the queue."))
        if request.delegate.user_id != actor.pk and participant.role != CHAIR:
            raise NotAllowed(_("You may only withdraw your own request."))
    else:
        request = requests.filter(delegate__user=actor).order_by("-id").first()
        if request is None:
            raise NotFound(_("You have no request in the queue."))
    floor_transition(request=request, to="withdrawn", actor=participant, at=now())
    order = _renumber(_queue(debate))
    append(debate, events.floor_withdrawn(request, order, participant.person))
    return request


@transaction.atomic
def floor_reorder(*, actor, debate_id: int, order: list[int]) -> list[FloorRequest]:
    """The chair sets the order of the queue; ``order`` must name every queued request.
    Returns the queue in its new order."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    require_status(debate, ACTIVE)
    queue = {request.pk: request for request in _queue(debate)}
    if set(order) != set(queue):
        raise Conflict(_("The queue has changed: send the order of every queued request."))
    reordered = [queue[pk] for pk in order]
    new_order = _renumber(reordered)
    append(debate, events.floor_reordered(new_order, participant.person))
    return reordered


def interrupts(point: FloorRequest, current: FloorRequest) -> bool:
    """Whether ``point``, given the floor, interrupts ``current`` rather than waiting for
    its end: a point of order interrupts a speech or a reply, never another point."""
    return point.kind == FloorKind.POINT_OF_ORDER and current.kind != FloorKind.POINT_OF_ORDER


@transaction.atomic
def floor_grant(*, actor, debate_id: int, request_id: int | None = None) -> FloorRequest:
    """Give the floor to a queued request (default: the head of the queue). A point of
    order may be given the floor while a speech is under way: the speech is interrupted,
    its clock stopped with the time it has left, and it resumes when the point ends."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    require_status(debate, {Status.LIVE})
    current = _speaker(debate)
    queue = _queue(debate)
    if not queue:
        raise Conflict(_("Nobody has asked for the floor."))
    if request_id is None:
        request = queue[0]
    else:
        request = next((r for r in queue if r.pk == request_id), None)
        if request is None:
            raise NotFound(_("There is no such request in the queue."))
    if current is not None and not interrupts(request, current):
        raise Conflict(_("Someone has the floor: end it first."))
    at = now()
    if current is not None:
        running = current.running_since is not None
        floor_transition(request=current, to="interrupted", actor=participant, at=at)
        append(debate, events.floor_interrupted(current, request, running, participant.person))
    request.debate = debate
    floor_transition(request=request, to="speaking", actor=participant, at=at)
    queue.remove(request)
    order = _renumber(queue)
    append(debate, events.floor_granted(request, order, participant.person))
    return request


def end_floor(
    debate: Debate, speaker: FloorRequest, who: dict, *, actor=SYSTEM, resume: bool = True
) -> float:
    """End the speech under way (the caller holds the lock); returns the seconds spoken.
    The end of a point of order gives the floor back to the speech it interrupted (unless
    ``resume`` is off: the debate is closing)."""
    floor_transition(request=speaker, to="done", actor=actor, at=now())
    spoken = round(speaker.spoken_seconds, 1)
    append(debate, events.floor_ended(speaker, spoken, who))
    interrupted = _speaker(debate, status=FloorStatus.INTERRUPTED)
    if interrupted is not None:
        if resume:
            _resume_interrupted(debate, interrupted)
        else:
            end_floor(debate, interrupted, who, actor=SYSTEM, resume=False)
    return spoken


def _resume_interrupted(debate: Debate, speech: FloorRequest) -> None:
    """The interrupted speech has the floor again; its clock runs on with the time it had
    left if it was running when the point of order came, and if the debate is live."""
    at = now()
    interruption = _last_event_data(debate, events.FLOOR_INTERRUPTED)
    floor_transition(request=speech, to="speaking", actor=SYSTEM, at=at)
    if interruption["running"] and debate.status == Status.LIVE:
        _start_clock(speech, at)
        speech.save()
    append(debate, events.floor_resumed(speech))


def _speaker(debate: Debate, status: str = FloorStatus.SPEAKING) -> FloorRequest | None:
    return (
        FloorRequest.objects.select_for_update()
        .select_related("delegate__organization", "delegate__user")
        .filter(debate=debate, status=status)
        .first()
    )


def _current_speaker(debate: Debate) -> FloorRequest:
    speaker = _speaker(debate)
    if speaker is None:
        raise Conflict(_("Nobody has the floor."))
    return speaker


@transaction.atomic
def floor_end(*, actor, debate_id: int) -> FloorRequest:
    """End the current speech (the chair, or the speaker)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR, DELEGATE})
    speaker = _current_speaker(debate)
    end_floor(debate, speaker, participant.person, actor=participant)
    return speaker


@transaction.atomic
def floor_time_up(*, debate_id: int, request_id: int) -> bool:
    """Tell the room once that the speaker's time has run out. Idempotent: every worker
    that watches the timer may call it; only the first call after ``ends_at`` records."""
    debate = lock(debate_id)
    speaker = (
        FloorRequest.objects.select_for_update()
        .filter(debate=debate, pk=request_id, status="speaking")
        .first()
    )
    if (
        speaker is None
        or speaker.time_up_announced
        or speaker.ends_at is None
        or speaker.ends_at > now() + datetime.timedelta(milliseconds=500)
    ):
        return False
    speaker.time_up_announced = True
    speaker.save(update_fields=["time_up_announced"])
    append(debate, events.floor_time_up(speaker))
    return True


def _stop_clock(speaker: FloorRequest, at: datetime.datetime) -> None:
    """Stop a running clock, keeping the time left and adding the time spoken."""
    if speaker.running_since is None:
        return
    speaker.paused_remaining = round(max(0.0, (speaker.ends_at - at).total_seconds()), 1)
    speaker.spoken_seconds += (at - speaker.running_since).total_seconds()
    speaker.running_since = None
    speaker.ends_at = None


def _start_clock(speaker: FloorRequest, at: datetime.datetime) -> None:
    """Start a stopped clock with the time it had left."""
    speaker.ends_at = at + datetime.timedelta(seconds=speaker.paused_remaining or 0)
    speaker.running_since = at
    speaker.paused_remaining = None


def pause_timer(debate: Debate, speaker: FloorRequest, who: dict) -> None:
    """Stop the speaker's clock, keeping what is left (the caller holds the lock)."""
    _stop_clock(speaker, now())
    speaker.save()
    append(debate, events.timer_paused(speaker, who))


def resume_timer(debate: Debate, speaker: FloorRequest, who: dict) -> None:
    """Start the speaker's clock again with what was left (the caller holds the lock)."""
    _start_clock(speaker, now())
    speaker.save()
    append(debate, events.timer_resumed(speaker, who))


def paused_by_suspension(debate: Debate, speaker: FloorRequest) -> bool:
    """Whether the speaker's clock stopped because the debate was suspended, not because
    a chair paused it before (the last suspension names the speech it paused)."""
    suspension = _last_event_data(debate, events.DEBATE_SUSPENDED)
    return bool(suspension) and suspension.get("paused_request") == speaker.pk


def _last_event_data(debate: Debate, event_type: str) -> dict | None:
    """The data of the debate's latest event of ``event_type`` (None: there is none)."""
    return (
        DebateEvent.objects.filter(debate=debate, type=event_type)
        .order_by("-seq")
        .values_list("data", flat=True)
        .first()
    )


@transaction.atomic
def timer_control(*, actor, debate_id: int, action: str, seconds: int = 0) -> FloorRequest:
    """Pause, resume or extend the speaker's time (chairs); the speaker's request comes
    back with its timer (``ends_at`` while running, ``paused_remaining`` while paused)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    speaker = _current_speaker(debate)
    who = participant.person
    if action == "pause":
        if speaker.running_since is None:
            raise Conflict(_("The timer is already paused."))
        pause_timer(debate, speaker, who)
    elif action == "resume":
        if speaker.running_since is not None:
            raise Conflict(_("The timer is already running."))
        require_status(debate, {Status.LIVE})
        resume_timer(debate, speaker, who)
    else:
        if speaker.running_since is not None:
            speaker.ends_at += datetime.timedelta(seconds=seconds)
        else:
            speaker.paused_remaining = (speaker.paused_remaining or 0) + seconds
        speaker.time_up_announced = False
        speaker.save()
        append(debate, events.timer_extended(speaker, seconds, who))
    return speaker
