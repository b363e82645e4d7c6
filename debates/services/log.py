"""The log of a debate, and what every change shares.

Each public service is one transaction that locks the debate row (``lock``), resolves
its caller once (``require``: role, delegate, how they appear in the room), changes the
tables, and appends the events its builders (``debates.events``) give with the next
``seq`` (``append``), folding each into the snapshot. Events leave through
``debates.broadcast`` after commit.
"""

import datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from debates import broadcast, selectors, state
from debates.chain import event_hash
from debates.events import NewEvent, iso
from debates.models import Debate, DebateEvent
from debates.protocol.wire import wire
from debates.selectors import Participant
from plenary.errors import Conflict, NotAllowed, NotFound, RateLimited

Status = Debate.Status


def lock(debate_id: int) -> Debate:
    """The debate row, locked until the transaction ends: every change of one debate
    happens one after the other."""
    try:
        return Debate.objects.select_for_update().select_related("forum").get(pk=debate_id)
    except Debate.DoesNotExist:
        raise NotFound(_("There is no such debate.")) from None


def append(debate: Debate, event: NewEvent) -> DebateEvent:
    """Append one event (the caller holds the lock on ``debate``), chain its hash to the
    previous one and fold it into the state."""
    debate.seq += 1
    row = DebateEvent(
        debate=debate,
        seq=debate.seq,
        type=event.type,
        actor=event.actor,
        data=event.data,
        created_at=timezone.now(),
        previous_hash=debate.log_hash,
    )
    row.hash = event_hash(
        previous=row.previous_hash,
        seq=row.seq,
        type=row.type,
        at=iso(row.created_at),
        actor=row.actor,
        data=row.data,
    )
    row.save(force_insert=True)
    debate.log_hash = row.hash
    debate.state = state.apply(debate.state, wire(row))
    debate.save(update_fields=["seq", "state", "status", "log_hash"])
    broadcast.publish_event(debate.pk, row)
    return row


def now() -> datetime.datetime:
    return timezone.now()


def require(user, debate: Debate, roles: set[str]) -> Participant:
    """The caller as a participant of ``debate``, refused unless their role is in ``roles``.

    A closed debate refuses everything: its log, and so its minutes, never change again.
    """
    participant = selectors.participant(user, debate)
    if participant.role not in roles:
        raise NotAllowed(_("You may not do this in this debate."))
    require_open(debate)
    return participant


def require_open(debate: Debate) -> None:
    if debate.status == Status.CLOSED:
        raise Conflict(_("The debate is closed."))


def require_status(debate: Debate, allowed: set[str]) -> None:
    if debate.status not in allowed:
        raise Conflict(
            _("Not possible while the debate is %(status)s.")
            % {"status": debate.get_status_display().lower()}
        )


def rate_limit(user, debate_id: int, bucket: str, limit: int, window: int) -> None:
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
