"""Every change to a debate. Each public function is one transaction that locks the
debate row, checks the caller's right, changes the tables, appends the events to the
log with the next ``seq`` and updates the snapshot; the events are broadcast after
commit by ``debates.broadcast``. The consumer, the API and the admin call these.
"""

import datetime
import math

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from debates import broadcast, selectors, state
from debates.models import (
    Ballot,
    Debate,
    DebateEvent,
    FloorRequest,
    Message,
    Motion,
    Question,
    QuestionUpvote,
    Vote,
)
from debates.protocol import Command, wire
from debates.selectors import CHAIR, DELEGATE, OBSERVER
from plenary.access import is_secretariat
from plenary.errors import Conflict, NotAllowed, NotFound, RateLimited, ServiceError

Status = Debate.Status
FLOOR_PRIORITY = {"point_of_order": 0, "reply": 1, "speech": 2}
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


# --- the log -------------------------------------------------------------------------


def _lock(debate_id: int) -> Debate:
    try:
        return Debate.objects.select_for_update().select_related("forum").get(pk=debate_id)
    except Debate.DoesNotExist:
        raise NotFound(_("There is no such debate.")) from None


def _record(*, debate: Debate, type: str, actor: dict | None, data: dict) -> DebateEvent:
    """Append one event (the caller holds the lock on ``debate``) and fold it into the state."""
    debate.seq += 1
    event = DebateEvent.objects.create(
        debate=debate, seq=debate.seq, type=type, actor=actor, data=data
    )
    debate.state = state.apply(debate.state, wire(event))
    debate.save(update_fields=["seq", "state", "status"])
    broadcast.publish_event(debate.pk, event)
    return event


def _now() -> datetime.datetime:
    return timezone.now()


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _actor(user, role: str) -> dict:
    return selectors.public_person(user, role=role)


def _require(user, debate: Debate, roles: set[str]) -> str:
    role = selectors.role_for(user, debate)
    if role not in roles:
        raise NotAllowed(_("You may not do this in this debate."))
    return role


def _require_status(debate: Debate, allowed: set[str]) -> None:
    if debate.status not in allowed:
        raise Conflict(
            _("Not possible while the debate is %(status)s.")
            % {"status": debate.get_status_display().lower()}
        )


# --- debates -------------------------------------------------------------------------


def _config(debate: Debate) -> dict:
    return {
        "id": debate.pk,
        "forum": {"id": debate.forum_id, "title": debate.forum.title},
        "session": str(debate.session.uuid) if debate.session else None,
        "status": debate.status,
        **{field: getattr(debate, field) for field in CONFIG_FIELDS},
    }


@transaction.atomic
def debate_create(*, actor, forum, title: str, session=None, **config) -> Debate:
    """A new debate of ``forum`` (chairs of the forum and the secretariat), optionally
    the room of one of its sessions of kind debate. Its log starts with
    ``debate.created`` holding its configuration."""
    if not (is_secretariat(actor) or forum.chairs.filter(pk=actor.pk).exists()):
        raise NotAllowed(_("Only the forum's chairs and the secretariat create debates."))
    unknown = set(config) - set(CONFIG_FIELDS) - {"scheduled_start"}
    if unknown:
        raise ServiceError(_("Unknown setting: %(name)s.") % {"name": sorted(unknown)[0]})
    if session is not None:
        if session.forum_id != forum.pk or session.kind != "debate":
            raise ServiceError(
                _("A debate runs in a session of kind debate of the same forum."),
                code="invalid_session",
            )
        if Debate.objects.filter(session=session).exists():
            raise Conflict(_("This session already has a debate."))
        config.setdefault("scheduled_start", session.starts_at)
    debate = Debate(forum=forum, title=title, session=session, state=state.empty_state(), **config)
    debate.full_clean(exclude=["state"])
    debate.save()
    _record(debate=debate, type="debate.created", actor=None, data={"debate": _config(debate)})
    return debate


@transaction.atomic
def debate_update(*, actor, debate_id: int, **changes) -> Debate:
    """Change the settings of a debate that has not closed."""
    debate = _lock(debate_id)
    _require(actor, debate, {CHAIR})
    _require_status(debate, {Status.SCHEDULED, Status.OPEN, Status.LIVE, Status.SUSPENDED})
    unknown = set(changes) - set(CONFIG_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown setting: %(name)s.") % {"name": sorted(unknown)[0]})
    changed = {k: v for k, v in changes.items() if getattr(debate, k) != v}
    if not changed:
        return debate
    for field, value in changed.items():
        setattr(debate, field, value)
    debate.full_clean(exclude=["state"])
    debate.save(update_fields=list(changed))
    _record(debate=debate, type="debate.updated", actor=None, data={"changes": changed})
    return debate


DEBATE_TRANSITIONS = {
    "open": ({Status.SCHEDULED}, Status.OPEN, "debate.opened"),
    "start": ({Status.OPEN}, Status.LIVE, "debate.started"),
    "suspend": ({Status.LIVE}, Status.SUSPENDED, "debate.suspended"),
    "resume": ({Status.SUSPENDED}, Status.LIVE, "debate.resumed"),
    "close": ({Status.OPEN, Status.LIVE, Status.SUSPENDED}, Status.CLOSED, "debate.closed"),
}


@transaction.atomic
def debate_transition(*, actor, debate_id: int, action: str) -> Debate:
    """The debate's lifecycle: scheduled -> open -> live <-> suspended -> closed (chairs).

    Suspending pauses a running speaker's timer; closing ends the floor. A debate with
    an open vote cannot close.
    """
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    sources, target, event_type = DEBATE_TRANSITIONS[action]
    _require_status(debate, sources)
    who = _actor(actor, role)
    speaker = FloorRequest.objects.filter(debate=debate, status="speaking").first()
    if action == "close" and Vote.objects.filter(debate=debate, is_open=True).exists():
        raise Conflict(_("Close the open vote before closing the debate."))
    if action == "suspend" and speaker and speaker.running_since:
        _pause_timer(debate, speaker, who)
    if action == "close" and speaker:
        _end_floor(debate, speaker, who)
    debate.status = target
    _record(debate=debate, type=event_type, actor=who, data={"status": target})
    return debate


# --- the floor -----------------------------------------------------------------------


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


def _entry(request: FloorRequest) -> dict:
    delegate = request.delegate
    return {
        "request": request.pk,
        "kind": request.kind,
        "paper_author": request.is_paper_author,
        "requested_at": _iso(request.requested_at),
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


FLOOR_TRANSITIONS = {
    ("queued", "speaking"),
    ("queued", "withdrawn"),
    ("speaking", "done"),
}


def floor_transition(request: FloorRequest, to: str, now: datetime.datetime) -> None:
    """The one place where a floor request changes state (the caller holds the lock)."""
    if (request.status, to) not in FLOOR_TRANSITIONS:
        raise Conflict(_("This request to speak is no longer open."))
    if to == "speaking":
        request.granted_at = now
        request.running_since = now
        request.ends_at = now + datetime.timedelta(seconds=request.debate.speaking_seconds)
        request.paused_remaining = None
        request.spoken_seconds = 0
    elif to == "done":
        if request.running_since:
            request.spoken_seconds += (now - request.running_since).total_seconds()
        request.running_since = None
        request.ended_at = now
    request.status = to
    request.save()


@transaction.atomic
def floor_request(*, actor, debate_id: int, kind: str = "speech") -> dict:
    """Ask for the floor. Points of order go to the head of the queue (after earlier
    points of order), replies before speeches; one open request per delegate and kind."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {DELEGATE})
    _require_status(debate, {Status.OPEN, Status.LIVE, Status.SUSPENDED})
    delegate = selectors.delegate_for_user(actor)
    if FloorRequest.objects.filter(
        debate=debate, delegate=delegate, kind=kind, status="queued"
    ).exists():
        raise Conflict(_("You have already asked for the floor for this."))
    queue = _queue(debate)
    request = FloorRequest.objects.create(
        debate=debate,
        delegate=delegate,
        kind=kind,
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
    _record(
        debate=debate,
        type="floor.requested",
        actor=_actor(actor, role),
        data={"request": _entry(request), "order": order},
    )
    return {"request": request.pk, "position": at + 1}


@transaction.atomic
def floor_withdraw(*, actor, debate_id: int, request_id: int | None = None) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {DELEGATE, CHAIR})
    requests = FloorRequest.objects.filter(debate=debate, status="queued")
    if request_id is not None:
        request = requests.filter(pk=request_id).first()
        if request is None:
            raise NotFound(_("There is no such request in the queue."))
        if request.delegate.user_id != actor.pk and role != CHAIR:
            raise NotAllowed(_("You may only withdraw your own request."))
    else:
        request = requests.filter(delegate__user=actor).order_by("-id").first()
        if request is None:
            raise NotFound(_("You have no request in the queue."))
    floor_transition(request, "withdrawn", _now())
    order = _renumber(_queue(debate))
    _record(
        debate=debate,
        type="floor.withdrawn",
        actor=_actor(actor, role),
        data={"request": request.pk, "order": order},
    )
    return {"request": request.pk}


@transaction.atomic
def floor_reorder(*, actor, debate_id: int, order: list[int]) -> dict:
    """The chair sets the order of the queue; ``order`` must name every queued request."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    _require_status(debate, {Status.OPEN, Status.LIVE, Status.SUSPENDED})
    queue = {request.pk: request for request in _queue(debate)}
    if set(order) != set(queue):
        raise Conflict(_("The queue has changed: send the order of every queued request."))
    new_order = _renumber([queue[pk] for pk in order])
    _record(
        debate=debate,
        type="floor.reordered",
        actor=_actor(actor, role),
        data={"order": new_order},
    )
    return {"order": new_order}


@transaction.atomic
def floor_grant(*, actor, debate_id: int, request_id: int | None = None) -> dict:
    """Give the floor to a queued request (default: the head of the queue)."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    _require_status(debate, {Status.LIVE})
    if FloorRequest.objects.filter(debate=debate, status="speaking").exists():
        raise Conflict(_("Someone has the floor: end it first."))
    queue = _queue(debate)
    if not queue:
        raise Conflict(_("Nobody has asked for the floor."))
    if request_id is None:
        request = queue[0]
    else:
        request = next((r for r in queue if r.pk == request_id), None)
        if request is None:
            raise NotFound(_("There is no such request in the queue."))
    request.debate = debate
    floor_transition(request, "speaking", _now())
    queue.remove(request)
    order = _renumber(queue)
    speaker = {
        **_entry(request),
        "granted_at": _iso(request.granted_at),
        "ends_at": _iso(request.ends_at),
        "paused_remaining": None,
        "time_up": False,
    }
    _record(
        debate=debate,
        type="floor.granted",
        actor=_actor(actor, role),
        data={"request": request.pk, "order": order, "speaker": speaker},
    )
    return {"request": request.pk, "ends_at": speaker["ends_at"]}


def _end_floor(debate: Debate, speaker: FloorRequest, who: dict) -> float:
    floor_transition(speaker, "done", _now())
    organization = speaker.delegate.organization
    spoken = round(speaker.spoken_seconds, 1)
    _record(
        debate=debate,
        type="floor.ended",
        actor=who,
        data={
            "request": speaker.pk,
            "spoken_seconds": spoken,
            "delegate": {"id": speaker.delegate_id, "name": speaker.delegate.display_name},
            "region": organization.region,
            "organization": {"id": organization.pk, "short_name": organization.short_name},
        },
    )
    return spoken


def _current_speaker(debate: Debate) -> FloorRequest:
    speaker = (
        FloorRequest.objects.select_for_update()
        .select_related("delegate__organization", "delegate__user")
        .filter(debate=debate, status="speaking")
        .first()
    )
    if speaker is None:
        raise Conflict(_("Nobody has the floor."))
    return speaker


@transaction.atomic
def floor_end(*, actor, debate_id: int) -> dict:
    """End the current speech (the chair, or the speaker)."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR, DELEGATE})
    speaker = _current_speaker(debate)
    if role != CHAIR and speaker.delegate.user_id != actor.pk:
        raise NotAllowed(_("Only the chair or the speaker ends the floor."))
    spoken = _end_floor(debate, speaker, _actor(actor, role))
    return {"request": speaker.pk, "spoken_seconds": spoken}


@transaction.atomic
def floor_time_up(*, debate_id: int, request_id: int) -> bool:
    """Tell the room once that the speaker's time has run out. Idempotent: every worker
    that watches the timer may call it; only the first call after ``ends_at`` records."""
    debate = _lock(debate_id)
    speaker = (
        FloorRequest.objects.select_for_update()
        .filter(debate=debate, pk=request_id, status="speaking")
        .first()
    )
    if (
        speaker is None
        or speaker.time_up_announced
        or speaker.ends_at is None
        or speaker.ends_at > _now() + datetime.timedelta(milliseconds=500)
    ):
        return False
    speaker.time_up_announced = True
    speaker.save(update_fields=["time_up_announced"])
    _record(debate=debate, type="floor.time_up", actor=None, data={"request": speaker.pk})
    return True


def _timer_data(speaker: FloorRequest) -> dict:
    return {
        "request": speaker.pk,
        "ends_at": _iso(speaker.ends_at),
        "paused_remaining": speaker.paused_remaining,
    }


def _pause_timer(debate: Debate, speaker: FloorRequest, who: dict) -> None:
    now = _now()
    speaker.paused_remaining = round(max(0.0, (speaker.ends_at - now).total_seconds()), 1)
    speaker.spoken_seconds += (now - speaker.running_since).total_seconds()
    speaker.running_since = None
    speaker.ends_at = None
    speaker.save()
    _record(debate=debate, type="timer.paused", actor=who, data=_timer_data(speaker))


@transaction.atomic
def timer_control(*, actor, debate_id: int, action: str, seconds: int = 0) -> dict:
    """Pause, resume or extend the speaker's time (chairs). The server keeps the time:
    events carry ``ends_at`` (running) or ``paused_remaining`` (paused)."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    speaker = _current_speaker(debate)
    who = _actor(actor, role)
    now = _now()
    if action == "pause":
        if speaker.running_since is None:
            raise Conflict(_("The timer is already paused."))
        _pause_timer(debate, speaker, who)
    elif action == "resume":
        if speaker.running_since is not None:
            raise Conflict(_("The timer is already running."))
        _require_status(debate, {Status.LIVE})
        speaker.ends_at = now + datetime.timedelta(seconds=speaker.paused_remaining or 0)
        speaker.running_since = now
        speaker.paused_remaining = None
        speaker.save()
        _record(debate=debate, type="timer.resumed", actor=who, data=_timer_data(speaker))
    else:
        if speaker.running_since is not None:
            speaker.ends_at += datetime.timedelta(seconds=seconds)
        else:
            speaker.paused_remaining = (speaker.paused_remaining or 0) + seconds
        speaker.time_up_announced = False
        speaker.save()
        _record(
            debate=debate,
            type="timer.extended",
            actor=who,
            data={**_timer_data(speaker), "seconds": seconds, "time_up": False},
        )
    return _timer_data(speaker)


# --- motions and votes -----------------------------------------------------------------


def _motion_entry(motion: Motion) -> dict:
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


def _get_motion(debate: Debate, motion_id: int) -> Motion:
    motion = (
        Motion.objects.select_for_update()
        .select_related("proposer__user", "proposer__organization")
        .filter(debate=debate, pk=motion_id)
        .first()
    )
    if motion is None:
        raise NotFound(_("There is no such motion in this debate."))
    return motion


MOTION_TRANSITIONS = {
    ("proposed", "seconded"),
    ("proposed", "withdrawn"),
    ("seconded", "withdrawn"),
    ("seconded", "voting"),
    ("voting", "carried"),
    ("voting", "failed"),
    ("voting", "no_quorum"),
}


def motion_transition(motion: Motion, to: str) -> None:
    """The one place where a motion changes state (the caller holds the lock)."""
    if (motion.status, to) not in MOTION_TRANSITIONS:
        raise Conflict(
            _("This motion is %(status)s.") % {"status": motion.get_status_display().lower()}
        )
    motion.status = to
    motion.save(update_fields=["status", "seconder"])


@transaction.atomic
def motion_propose(*, actor, debate_id: int, text: str, amends: int | None = None) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {DELEGATE})
    _require_status(debate, {Status.OPEN, Status.LIVE})
    amended = None
    if amends is not None:
        amended = _get_motion(debate, amends)
        if amended.status not in {"proposed", "seconded"}:
            raise Conflict(_("Only a motion still on the table can be amended."))
    delegate = selectors.delegate_for_user(actor)
    motion = Motion.objects.create(debate=debate, text=text, amends=amended, proposer=delegate)
    motion.proposer = delegate
    _record(
        debate=debate,
        type="motion.proposed",
        actor=_actor(actor, role),
        data={"motion": _motion_entry(motion)},
    )
    return {"motion": motion.pk}


@transaction.atomic
def motion_second(*, actor, debate_id: int, motion_id: int) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {DELEGATE})
    motion = _get_motion(debate, motion_id)
    delegate = selectors.delegate_for_user(actor)
    if motion.proposer_id == delegate.pk:
        raise Conflict(_("A motion is seconded by someone other than its proposer."))
    motion.seconder = delegate
    motion_transition(motion, "seconded")
    _record(
        debate=debate,
        type="motion.seconded",
        actor=_actor(actor, role),
        data={
            "motion": motion.pk,
            "status": "seconded",
            "seconder": {"id": delegate.pk, "name": delegate.display_name},
        },
    )
    return {"motion": motion.pk}


@transaction.atomic
def motion_withdraw(*, actor, debate_id: int, motion_id: int) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {DELEGATE, CHAIR})
    motion = _get_motion(debate, motion_id)
    if role != CHAIR and motion.proposer.user_id != actor.pk:
        raise NotAllowed(_("Only the proposer or the chair withdraws a motion."))
    motion_transition(motion, "withdrawn")
    _record(
        debate=debate,
        type="motion.withdrawn",
        actor=_actor(actor, role),
        data={"motion": motion.pk, "status": "withdrawn"},
    )
    return {"motion": motion.pk}


@transaction.atomic
def vote_open(
    *,
    actor,
    debate_id: int,
    motion_id: int,
    secret: bool,
    rule: str | None = None,
    majority: str | None = None,
) -> dict:
    """Open a vote on a seconded motion (chairs). Eligible voters are counted now:
    delegates of member organizations with a confirmed seat (or their organizations)."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    _require_status(debate, {Status.LIVE})
    if Vote.objects.filter(debate=debate, is_open=True).exists():
        raise Conflict(_("Another vote is open."))
    motion = _get_motion(debate, motion_id)
    motion_transition(motion, "voting")
    rule = rule or debate.voting_rule
    vote = Vote.objects.create(
        motion=motion,
        debate=debate,
        secret=secret,
        rule=rule,
        majority=majority or debate.majority,
        quorum_percent=debate.quorum_percent,
        eligible=selectors.eligible_voter_count(debate, rule),
    )
    entry = {
        "id": vote.pk,
        "motion": motion.pk,
        "secret": secret,
        "rule": vote.rule,
        "majority": vote.majority,
        "quorum_percent": vote.quorum_percent,
        "eligible": vote.eligible,
        "status": "open",
        "result": None,
    }
    _record(
        debate=debate,
        type="vote.opened",
        actor=_actor(actor, role),
        data={"vote": entry},
    )
    return {"vote": vote.pk, "eligible": vote.eligible}


def vote_cast(*, actor, debate_id: int, vote_id: int, choice: str) -> dict:
    """Cast a ballot once. Secret ballots leave no link between voter and choice: the
    ballot row records that the voter voted, the choice goes to the vote's counters."""
    try:
        with transaction.atomic():
            vote = (
                Vote.objects.select_for_update()
                .select_related("debate__forum")
                .filter(pk=vote_id, debate_id=debate_id)
                .first()
            )
            if vote is None:
                raise NotFound(_("There is no such vote in this debate."))
            debate = vote.debate
            if selectors.role_for(actor, debate) != DELEGATE:
                raise NotAllowed(_("Only delegates with a seat in this forum vote."))
            if not vote.is_open:
                raise Conflict(_("This vote is closed."))
            delegate = selectors.delegate_for_user(actor)
            if not delegate.organization.is_member:
                raise NotAllowed(_("Only delegates of member organizations vote."))
            key = (
                f"o{delegate.organization_id}"
                if vote.rule == "per_organization"
                else f"d{delegate.pk}"
            )
            Ballot.objects.create(
                vote=vote,
                voter_key=key,
                delegate=delegate,
                organization=delegate.organization,
                choice="" if vote.secret else choice,
            )
            Vote.objects.filter(pk=vote.pk).update(**{choice: F(choice) + 1})
            cast = Ballot.objects.filter(vote=vote).count()
            broadcast.publish_ephemeral(
                debate_id,
                {"type": "vote.progress", "vote": vote.pk, "cast": cast, "eligible": vote.eligible},
            )
    except IntegrityError:
        raise Conflict(_("This ballot has already been cast.")) from None
    return {"vote": vote_id, "choice": choice}


def _tally(vote: Vote) -> tuple[dict, int, str]:
    tally = {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain}
    turnout = vote.yes + vote.no + vote.abstain
    needed = math.ceil(vote.eligible * vote.quorum_percent / 100)
    if turnout == 0 or turnout < needed:
        return tally, turnout, "no_quorum"
    if vote.majority == "two_thirds":
        carried = vote.yes > 0 and 3 * vote.yes >= 2 * (vote.yes + vote.no)
    else:
        carried = vote.yes > vote.no
    return tally, turnout, "carried" if carried else "failed"


@transaction.atomic
def vote_close(*, actor, debate_id: int, vote_id: int | None = None) -> dict:
    """Close the open vote and publish the result: tally, turnout, eligible and carried /
    failed / no_quorum. Roll-call results name the voters; secret ones never do."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    votes = Vote.objects.select_for_update().filter(debate=debate, is_open=True)
    if vote_id is not None:
        votes = votes.filter(pk=vote_id)
    vote = votes.first()
    if vote is None:
        raise Conflict(_("There is no open vote."))
    tally, turnout, result = _tally(vote)
    vote.is_open = False
    vote.result = result
    vote.closed_at = _now()
    vote.save(update_fields=["is_open", "result", "closed_at"])
    motion = _get_motion(debate, vote.motion_id)
    motion_transition(motion, result)
    data = {
        "vote": vote.pk,
        "motion": motion.pk,
        "tally": tally,
        "turnout": turnout,
        "eligible": vote.eligible,
        "result": result,
    }
    if not vote.secret:
        data["voters"] = [
            {
                "name": ballot.delegate.display_name if ballot.delegate else "",
                "organization": ballot.organization.short_name if ballot.organization else "",
                "choice": ballot.choice,
            }
            for ballot in vote.ballots.select_related("delegate__user", "organization").order_by(
                "organization__short_name", "id"
            )
        ]
    _record(debate=debate, type="vote.closed", actor=_actor(actor, role), data=data)
    return {"vote": vote.pk, "result": result}


# --- questions, chat, reactions ----------------------------------------------------------


def _rate_limit(user, debate_id: int, bucket: str, limit: int, window: int) -> None:
    """At most ``limit`` actions of ``bucket`` per ``window`` seconds per user and debate."""
    slot = int(timezone.now().timestamp() // window)
    key = f"ratelimit:{bucket}:{debate_id}:{user.pk}:{slot}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window * 2)
        count = 1
    if count > limit:
        raise RateLimited(_("Slow down: too many messages. Try again in a few seconds."))


def _text_author(user, role: str) -> dict:
    person = selectors.public_person(user, role=role)
    return {"name": person["name"], "organization": person["organization"], "role": role}


@transaction.atomic
def question_ask(*, actor, debate_id: int, text: str) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR, DELEGATE, OBSERVER})
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to ask a question."))
    if role == OBSERVER and not debate.observers_may_ask:
        raise NotAllowed(_("Observers do not ask questions in this debate."))
    _require_status(debate, {Status.OPEN, Status.LIVE, Status.SUSPENDED})
    _rate_limit(actor, debate.pk, "text", limit=5, window=10)
    question = Question.objects.create(debate=debate, author=actor, text=text)
    _record(
        debate=debate,
        type="question.asked",
        actor=_actor(actor, role),
        data={
            "question": {
                "id": question.pk,
                "text": text,
                "author": _text_author(actor, role),
                "upvotes": 0,
                "status": "open",
            }
        },
    )
    return {"question": question.pk}


def _get_question(debate: Debate, question_id: int) -> Question:
    question = (
        Question.objects.select_for_update()
        .filter(debate=debate, pk=question_id)
        .exclude(status="hidden")
        .first()
    )
    if question is None:
        raise NotFound(_("There is no such question."))
    return question


@transaction.atomic
def question_upvote(*, actor, debate_id: int, question_id: int) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR, DELEGATE, OBSERVER})
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to upvote."))
    question = _get_question(debate, question_id)
    try:
        with transaction.atomic():
            QuestionUpvote.objects.create(question=question, user=actor)
    except IntegrityError:
        raise Conflict(_("You have already upvoted this question.")) from None
    question.upvotes += 1
    question.save(update_fields=["upvotes"])
    _record(
        debate=debate,
        type="question.upvoted",
        actor=_actor(actor, role),
        data={"question": question.pk, "upvotes": question.upvotes},
    )
    return {"question": question.pk, "upvotes": question.upvotes}


@transaction.atomic
def question_moderate(*, actor, debate_id: int, question_id: int, action: str) -> dict:
    """Hide a question or mark it answered (chairs)."""
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    question = _get_question(debate, question_id)
    if action == "answer" and question.status == "answered":
        raise Conflict(_("This question is already answered."))
    question.status = "hidden" if action == "hide" else "answered"
    question.save(update_fields=["status"])
    _record(
        debate=debate,
        type="question.hidden" if action == "hide" else "question.answered",
        actor=_actor(actor, role),
        data={"question": question.pk},
    )
    return {"question": question.pk}


@transaction.atomic
def message_post(*, actor, debate_id: int, text: str) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR, DELEGATE, OBSERVER})
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to take part in the chat."))
    _require_status(debate, {Status.OPEN, Status.LIVE, Status.SUSPENDED})
    _rate_limit(actor, debate.pk, "text", limit=5, window=10)
    message = Message.objects.create(debate=debate, author=actor, text=text)
    _record(
        debate=debate,
        type="message.posted",
        actor=_actor(actor, role),
        data={
            "message": {
                "id": message.pk,
                "text": text,
                "author": _text_author(actor, role),
                "at": _iso(message.created_at),
            }
        },
    )
    return {"message": message.pk}


@transaction.atomic
def message_remove(*, actor, debate_id: int, message_id: int) -> dict:
    debate = _lock(debate_id)
    role = _require(actor, debate, {CHAIR})
    message = Message.objects.select_for_update().filter(debate=debate, pk=message_id).first()
    if message is None or message.removed:
        raise NotFound(_("There is no such message."))
    message.removed = True
    message.save(update_fields=["removed"])
    _record(
        debate=debate,
        type="message.removed",
        actor=_actor(actor, role),
        data={"message": message.pk},
    )
    return {"message": message.pk}


def reaction_send(*, actor, debate_id: int, emoji: str) -> dict:
    """A reaction is not recorded: it is counted by the rooms and shown, aggregated."""
    debate = Debate.objects.select_related("forum").filter(pk=debate_id).first()
    if debate is None:
        raise NotFound(_("There is no such debate."))
    _require(actor, debate, {CHAIR, DELEGATE, OBSERVER})
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to react."))
    if debate.status == Status.CLOSED:
        raise Conflict(_("The debate is closed."))
    _rate_limit(actor, debate.pk, "reaction", limit=10, window=10)
    broadcast.publish_ephemeral(debate.pk, {"type": "reaction", "emoji": emoji})
    return {"emoji": emoji}


# --- the protocol's commands -------------------------------------------------------------

_COMMANDS = {
    "debate.open": lambda a, d, x: debate_transition(actor=a, debate_id=d, action="open"),
    "debate.start": lambda a, d, x: debate_transition(actor=a, debate_id=d, action="start"),
    "debate.suspend": lambda a, d, x: debate_transition(actor=a, debate_id=d, action="suspend"),
    "debate.resume": lambda a, d, x: debate_transition(actor=a, debate_id=d, action="resume"),
    "debate.close": lambda a, d, x: debate_transition(actor=a, debate_id=d, action="close"),
    "floor.request": lambda a, d, x: floor_request(
        actor=a, debate_id=d, kind=x.get("kind", "speech")
    ),
    "floor.withdraw": lambda a, d, x: floor_withdraw(
        actor=a, debate_id=d, request_id=x.get("request")
    ),
    "floor.grant": lambda a, d, x: floor_grant(actor=a, debate_id=d, request_id=x.get("request")),
    "floor.end": lambda a, d, x: floor_end(actor=a, debate_id=d),
    "floor.reorder": lambda a, d, x: floor_reorder(actor=a, debate_id=d, order=x["order"]),
    "timer.pause": lambda a, d, x: timer_control(actor=a, debate_id=d, action="pause"),
    "timer.resume": lambda a, d, x: timer_control(actor=a, debate_id=d, action="resume"),
    "timer.extend": lambda a, d, x: timer_control(
        actor=a, debate_id=d, action="extend", seconds=x["seconds"]
    ),
    "motion.propose": lambda a, d, x: motion_propose(
        actor=a, debate_id=d, text=x["text"], amends=x.get("amends")
    ),
    "motion.second": lambda a, d, x: motion_second(actor=a, debate_id=d, motion_id=x["motion"]),
    "motion.withdraw": lambda a, d, x: motion_withdraw(actor=a, debate_id=d, motion_id=x["motion"]),
    "vote.open": lambda a, d, x: vote_open(
        actor=a,
        debate_id=d,
        motion_id=x["motion"],
        secret=x["secret"],
        rule=x.get("rule"),
        majority=x.get("majority"),
    ),
    "vote.cast": lambda a, d, x: vote_cast(
        actor=a, debate_id=d, vote_id=x["vote"], choice=x["choice"]
    ),
    "vote.close": lambda a, d, x: vote_close(actor=a, debate_id=d, vote_id=x.get("vote")),
    "question.ask": lambda a, d, x: question_ask(actor=a, debate_id=d, text=x["text"]),
    "question.upvote": lambda a, d, x: question_upvote(
        actor=a, debate_id=d, question_id=x["question"]
    ),
    "question.hide": lambda a, d, x: question_moderate(
        actor=a, debate_id=d, question_id=x["question"], action="hide"
    ),
    "question.answer": lambda a, d, x: question_moderate(
        actor=a, debate_id=d, question_id=x["question"], action="answer"
    ),
    "message.post": lambda a, d, x: message_post(actor=a, debate_id=d, text=x["text"]),
    "message.remove": lambda a, d, x: message_remove(actor=a, debate_id=d, message_id=x["message"]),
    "reaction.send": lambda a, d, x: reaction_send(actor=a, debate_id=d, emoji=x["emoji"]),
}


def command_handle(*, actor, debate_id: int, command: Command) -> dict:
    """Carry out a validated protocol command; returns the ``ack`` data.

    Anonymous observers may only watch. Every user has a budget of commands per debate.
    """
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to take part."))
    if command.type != "vote.cast":
        _rate_limit(actor, debate_id, "command", limit=30, window=10)
    result = _COMMANDS[command.type](actor, debate_id, command.data)
    if isinstance(result, Debate):
        return {"status": result.status, "seq": result.seq}
    return result
