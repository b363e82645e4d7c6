"""Debates: creating one, changing its settings, and its lifecycle."""

from django.db import transaction
from django.utils.translation import gettext as _

from debates import broadcast, events
from debates.events import CONFIG_FIELDS
from debates.models import Debate, FloorRequest, Vote
from debates.selectors import CHAIR, role_for
from debates.services.floor import end_floor, pause_timer, paused_by_suspension, resume_timer
from debates.services.log import append, lock, require, require_status
from debates.state import empty_state
from forums.selectors import user_is_chair
from plenary.errors import Conflict, NotAllowed, ServiceError
from plenary.transitions import TransitionTable

Status = Debate.Status

# scheduled -> open -> live <-> suspended -> closed; the chairs move it.
DEBATE_TRANSITIONS = TransitionTable(
    {(source, target): {CHAIR} for source, target in events.STATUS_EVENTS}
)


@transaction.atomic
def debate_create(*, actor, forum, title: str, session=None, **config) -> Debate:
    """A new debate of ``forum`` (chairs of the forum and the secretariat), optionally
    the room of one of its sessions of kind debate. Its log starts with
    ``debate.created`` holding its configuration."""
    if not user_is_chair(actor, forum):
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
    debate = Debate(forum=forum, title=title, session=session, state=empty_state(), **config)
    debate.full_clean(exclude=["state"])
    debate.save()
    append(debate, events.debate_created(debate))
    return debate


@transaction.atomic
def debate_update(*, actor, debate_id: int, **changes) -> Debate:
    """Change the settings of a debate that has not closed."""
    debate = lock(debate_id)
    require(actor, debate, {CHAIR})
    require_status(debate, {Status.SCHEDULED, Status.OPEN, Status.LIVE, Status.SUSPENDED})
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
    append(debate, events.debate_updated(changed))
    if "visibility" in changed:
        # Who may watch changed: every open socket looks again.
        broadcast.publish_rights(debate.pk, None)
    return debate


def debate_allowed_transitions(*, debate: Debate, actor) -> list[str]:
    """The statuses ``actor`` may move the debate to now."""
    return DEBATE_TRANSITIONS.allowed(debate.status, {role_for(actor, debate)})


@transaction.atomic
def debate_transition(
    *, debate_id: int, to: str, actor, sources: tuple[str, ...] | None = None
) -> Debate:
    """The debate's lifecycle: scheduled -> open -> live <-> suspended -> closed (chairs).

    Suspending pauses a running speaker's timer and resuming starts it again (unless a
    chair had paused it before); closing ends the floor. A debate with
    an open vote cannot close. ``sources``: the statuses the caller means to move from
    (a command names a move: "start" goes from open to live, "resume" from suspended).
    """
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    source = debate.status
    if not DEBATE_TRANSITIONS.exists(source, to) or (sources and source not in sources):
        raise Conflict(
            _("Not possible while the debate is %(status)s.")
            % {"status": debate.get_status_display().lower()}
        )
    who = participant.person
    speaker = FloorRequest.objects.filter(debate=debate, status="speaking").first()
    if to == Status.CLOSED and Vote.objects.filter(debate=debate, is_open=True).exists():
        raise Conflict(_("Close the open vote before closing the debate."))
    paused_request = None
    if to == Status.SUSPENDED and speaker and speaker.running_since:
        pause_timer(debate, speaker, who)
        paused_request = speaker.pk
    if to == Status.CLOSED and speaker:
        end_floor(debate, speaker, who, resume=False)
    resumes_speech = (
        source == Status.SUSPENDED
        and to == Status.LIVE
        and speaker is not None
        and paused_by_suspension(debate, speaker)
    )
    debate.status = to
    append(
        debate,
        events.debate_status_changed(
            source=source, target=to, actor=who, paused_request=paused_request
        ),
    )
    if resumes_speech:
        resume_timer(debate, speaker, who)
    return debate
