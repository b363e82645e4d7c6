"""Roll calls, and the roll of a vote or an election: who may cast a ballot, for whom.

A roll call fixes who is present (delegates answer, the chair marks those in the hall;
remote participants answer like anyone else). When a vote or an election opens, its roll
is frozen from the last closed roll call (or, without one, every delegate with a seat)
and from the statutes' records (``assembly``): members in good standing, their voting
mandates and the proxies approved for the event. A ballot counts only for a line of that
roll, once.

- One vote per delegate: a line per present delegate with a seat, of a member in good
  standing.
- One vote per member (the statutory votes): a line per member in good standing that is
  present, cast by its highest-ranked mandate holder present (by any of its delegates
  present when it designated no mandate); and a line per member absent but represented
  by an approved proxy, cast by the voter of the member holding it.
"""

import contextlib
import dataclasses

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from assembly.selectors import approved_proxies, mandates_by_organization, standing_ids
from debates import events, selectors
from debates.models import Attendance, Debate, RollCall, RollEntry, VotingRule
from debates.selectors import CHAIR, DELEGATE
from debates.services.log import append, lock, now, require
from events.models import Delegate, Organization
from forums.models import Seat
from onsite.selectors import presence
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError

Status = Debate.Status


# --- roll calls ----------------------------------------------------------------------------


def _open_roll_call(debate: Debate) -> RollCall:
    roll_call = RollCall.objects.select_for_update().filter(debate=debate, status="open").first()
    if roll_call is None:
        raise Conflict(_("No roll call is open."))
    return roll_call


@transaction.atomic
def rollcall_open(*, actor, debate_id: int) -> RollCall:
    """The chair opens a roll call; it replaces the presence of the one before once closed."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    if RollCall.objects.filter(debate=debate, status="open").exists():
        raise Conflict(_("A roll call is already open."))
    roll_call = RollCall.objects.create(debate=debate)
    append(debate, events.rollcall_opened(roll_call, participant.person))
    return roll_call


@transaction.atomic
def rollcall_answer(*, actor, debate_id: int) -> Attendance:
    """A delegate with a seat answers "present" (in the hall or by videoconference)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE})
    roll_call = _open_roll_call(debate)
    if Attendance.objects.filter(roll_call=roll_call, delegate=participant.delegate).exists():
        raise Conflict(_("You have already answered this roll call."))
    attendance = Attendance.objects.create(
        roll_call=roll_call,
        delegate=participant.delegate,
        organization_id=participant.delegate.organization_id,
        how=Attendance.How.ANSWERED,
    )
    attendance.delegate = participant.delegate
    append(debate, events.rollcall_answered(roll_call, attendance, participant.person))
    return attendance


@transaction.atomic
def rollcall_mark(*, actor, debate_id: int, delegate_id: int, present: bool) -> RollCall:
    """The chair (or the secretariat) marks a delegate with a seat present from the floor,
    or takes a presence back."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    roll_call = _open_roll_call(debate)
    delegate = (
        Delegate.objects.select_related("user", "organization")
        .filter(
            pk=delegate_id,
            seats__forum_id=debate.forum_id,
            seats__status=Seat.Status.CONFIRMED,
        )
        .first()
    )
    if delegate is None:
        raise NotFound(_("There is no delegate with a seat in this forum by that id."))
    attendance = Attendance.objects.filter(roll_call=roll_call, delegate=delegate).first()
    if present and attendance is None:
        attendance = Attendance.objects.create(
            roll_call=roll_call,
            delegate=delegate,
            organization_id=delegate.organization_id,
            how=Attendance.How.MARKED,
        )
        attendance.delegate = delegate
    elif not present and attendance is not None:
        attendance.delete()
        attendance = None
    else:
        message = (
            _("%(name)s is already marked present.")
            if present
            else _("%(name)s is not marked present.")
        )
        raise Conflict(message % {"name": delegate.display_name})
    append(
        debate,
        events.rollcall_marked(
            roll_call, delegate, attendance=attendance, actor=participant.person
        ),
    )
    return roll_call


@transaction.atomic
def rollcall_close(*, actor, debate_id: int) -> RollCall:
    """The chair closes the roll call: who is present is fixed for the votes that follow."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    roll_call = _open_roll_call(debate)
    roll_call.status = RollCall.Status.CLOSED
    roll_call.closed_at = now()
    roll_call.save(update_fields=["status", "closed_at"])
    members = roll_of(debate, VotingRule.PER_ORGANIZATION, roll_call=roll_call)
    answered = list(
        Attendance.objects.filter(roll_call=roll_call).values_list("delegate_id", flat=True)
    )
    summary = {
        "delegates_present": len(answered),
        "members_present": members.present,
        "members_represented": members.represented,
        "members_in_standing": members.members,
    }
    room = presence(forum_id=debate.forum_id, present_delegate_ids=answered)
    if room.tracked:
        # The doors of the forum's room say who is in it; who answered otherwise is remote.
        summary |= {"in_room": room.in_room, "remote": room.remote}
    append(debate, events.rollcall_closed(roll_call, summary, participant.person))
    return roll_call


# --- the roll of a vote or an election ---------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Line:
    key: str
    organization: int
    delegate: int | None = None
    proxy_holder: int | None = None
    mandate_rank: int | None = None


@dataclasses.dataclass(frozen=True)
class Roll:
    lines: list[Line]
    members: int  # the quorum's base: members in good standing, or delegates with a seat
    roll_call: RollCall | None

    @property
    def present(self) -> int:
        return sum(1 for line in self.lines if line.proxy_holder is None)

    @property
    def represented(self) -> int:
        return sum(1 for line in self.lines if line.proxy_holder is not None)


def last_closed_roll_call(debate: Debate) -> RollCall | None:
    return (
        RollCall.objects.filter(debate=debate, status=RollCall.Status.CLOSED)
        .order_by("-closed_at", "-id")
        .first()
    )


def roll_of(debate: Debate, rule: str, *, roll_call: RollCall | None = None) -> Roll:
    """Who may vote in ``debate`` now, by ``rule`` (see the module's docstring)."""
    event_id = debate.forum.event_id
    standing = standing_ids(event_id=event_id)
    seated = list(
        Seat.objects.filter(
            forum_id=debate.forum_id,
            status=Seat.Status.CONFIRMED,
            delegate__organization_id__in=standing,
        )
        .order_by("delegate__organization_id", "delegate_id")
        .values_list("delegate_id", "delegate__organization_id")
    )
    roll_call = roll_call or last_closed_roll_call(debate)
    if roll_call is not None:
        here = set(
            Attendance.objects.filter(roll_call=roll_call).values_list("delegate_id", flat=True)
        )
        present = [
            (delegate, organization) for delegate, organization in seated if delegate in here
        ]
    else:
        present = seated
    if rule == VotingRule.PER_DELEGATE:
        lines = [
            Line(key=f"d{delegate}", organization=organization, delegate=delegate)
            for delegate, organization in present
        ]
        return Roll(lines=lines, members=len(seated), roll_call=roll_call)

    present_by_member: dict[int, list[int]] = {}
    for delegate, organization in present:
        present_by_member.setdefault(organization, []).append(delegate)
    mandates = mandates_by_organization(event_id=event_id)
    lines = []
    for organization in sorted(present_by_member):
        here = present_by_member[organization]
        designated = mandates.get(organization)
        if designated:
            voter = next((delegate for delegate in designated if delegate in here), None)
            if voter is None:
                continue  # none of its mandate holders is here: the member cannot vote
            lines.append(
                Line(
                    key=f"o{organization}",
                    organization=organization,
                    delegate=voter,
                    mandate_rank=designated.index(voter) + 1,
                )
            )
        else:
            lines.append(Line(key=f"o{organization}", organization=organization))
    voting = {line.organization: line for line in lines}
    for grantor, holder in sorted(approved_proxies(event_id=event_id).items()):
        if grantor in standing and grantor not in voting and holder in voting:
            lines.append(
                Line(
                    key=f"o{grantor}",
                    organization=grantor,
                    delegate=voting[holder].delegate,
                    proxy_holder=holder,
                )
            )
    return Roll(lines=lines, members=len(standing), roll_call=roll_call)


def roll_freeze(roll: Roll, *, vote=None, election=None) -> list[dict]:
    """Store ``roll`` as the roll of ``vote`` (or ``election``); returns it as the log
    shows it. Voters are named where the statutes make it a matter of record (who holds
    a member's mandate or proxy); a line of one vote per delegate names nobody."""
    RollEntry.objects.bulk_create(
        RollEntry(
            vote=vote,
            election=election,
            key=line.key,
            organization_id=line.organization,
            delegate_id=line.delegate,
            proxy_holder_id=line.proxy_holder,
            mandate_rank=line.mandate_rank,
        )
        for line in roll.lines
    )
    named = {
        line.delegate
        for line in roll.lines
        if line.delegate and (line.mandate_rank is not None or line.proxy_holder is not None)
    }
    voters = {
        delegate.pk: delegate.display_name
        for delegate in Delegate.objects.filter(pk__in=named).select_related("user")
    }
    organizations = {
        organization.pk: organization
        for organization in Organization.objects.filter(
            pk__in={line.organization for line in roll.lines}
        )
    }

    def voter(line: Line) -> dict | None:
        if line.delegate is None:
            return None
        if line.delegate in voters:
            return {"id": line.delegate, "name": voters[line.delegate]}
        return {"id": line.delegate}

    return [
        {
            "key": line.key,
            "organization": {
                "id": line.organization,
                "short_name": organizations[line.organization].short_name,
                "region": organizations[line.organization].region,
            },
            "delegate": voter(line),
            "proxy_holder": line.proxy_holder,
            "mandate_rank": line.mandate_rank,
        }
        for line in roll.lines
    ]


@dataclasses.dataclass(frozen=True)
class BallotLine:
    """The roll line a ballot is cast for: its key, the member it counts for, by proxy."""

    key: str
    organization: int
    by_proxy: bool


def ballot_key(*, participant, rule: str, for_organization: int | None) -> str | None:
    """The key of the roll's line that ``participant`` asks to cast a ballot for (None when
    they cast none), so that a batch of ballots reads its lines in one query."""
    delegate = participant.delegate
    if participant.role != DELEGATE or delegate is None:
        return None
    if rule == VotingRule.PER_DELEGATE:
        return f"d{delegate.pk}"
    return f"o{for_organization or delegate.organization_id}"


def ballot_line(*, participant, rule: str, line_for, for_organization: int | None) -> BallotLine:
    """The line of the roll that ``participant`` may cast a ballot for: their own, or, with
    ``for_organization``, a member they hold the proxy of (``line_for``: key -> the
    ``RollEntry`` of that key, or None). Refused when there is none (not on the roll, not
    the mandate holder...)."""
    delegate = participant.delegate
    if participant.role != DELEGATE or delegate is None:
        raise NotAllowed(_("Only delegates with a seat in this forum vote."))
    key = ballot_key(participant=participant, rule=rule, for_organization=for_organization)
    if rule == VotingRule.PER_DELEGATE:
        if for_organization is not None:
            raise Conflict(_("In a vote of one ballot per delegate, nobody votes for another."))
        line = line_for(key)
        if line is None:
            raise NotAllowed(_("You are not on the roll of this vote."))
        return BallotLine(key=line.key, organization=line.organization_id, by_proxy=False)
    line = line_for(key)
    if line is None:
        raise NotAllowed(_("This member is not on the roll of this vote."))
    caster_member = line.proxy_holder_id or line.organization_id
    if line.delegate_id is not None and line.delegate_id != delegate.pk:
        raise NotAllowed(
            _("Only the holder of the mandate present casts this ballot.")
            if line.proxy_holder_id is None
            else _("Only the voter of the member holding this proxy casts it.")
        )
    if line.delegate_id is None and delegate.organization_id != caster_member:
        raise NotAllowed(_("This ballot is cast by a delegate of another member."))
    return BallotLine(
        key=line.key, organization=line.organization_id, by_proxy=line.proxy_holder_id is not None
    )


def in_language(request):
    """Refusals of a ballot in the language of the one who asked (``request.language``;
    a batch mixes sockets of every language)."""
    language = getattr(request, "language", None)
    return translation.override(language) if language else contextlib.nullcontext()


@dataclasses.dataclass
class BallotLines:
    """What a batch of ballot requests asks for, checked before the ballot box's lock:
    who each voter is, the line of the roll each may cast (``lines``, by request index),
    and the refusals (``refused``, by index)."""

    participants: list
    lines: dict[int, BallotLine]
    refused: dict[int, ServiceError]


def ballot_lines(*, debate: Debate, rule: str, roll, requests, check=None) -> BallotLines:
    """The lines of ``roll`` (a vote's or election's ``RollEntry`` rows) that ``requests``
    (each with ``actor``: a user or a ``Participant``; ``organization_id``; ``language``)
    may cast, in three queries whatever their number: the lines asked for, and whether
    the voters' accounts are active. ``check(request)`` refuses a request's content."""
    participants = [
        request.actor
        if isinstance(request.actor, selectors.Participant)
        else selectors.participant(request.actor, debate)
        for request in requests
    ]
    keys = {
        ballot_key(participant=p, rule=rule, for_organization=r.organization_id)
        for p, r in zip(participants, requests, strict=True)
    }
    entries = {entry.key: entry for entry in roll.filter(key__in=keys - {None})}
    active = set(
        get_user_model()
        .objects.filter(pk__in={p.user.pk for p in participants}, is_active=True)
        .values_list("pk", flat=True)
    )
    found = BallotLines(participants=participants, lines={}, refused={})
    for index, (participant, request) in enumerate(zip(participants, requests, strict=True)):
        with in_language(request):
            try:
                if participant.user.pk not in active:
                    raise NotAllowed(_("Sign in to take part."))
                if check is not None:
                    check(request)
                found.lines[index] = ballot_line(
                    participant=participant,
                    rule=rule,
                    line_for=entries.get,
                    for_organization=request.organization_id,
                )
            except ServiceError as refusal:
                found.refused[index] = refusal
    return found


def already_cast(request) -> Conflict:
    with in_language(request):
        return Conflict(_("This ballot has already been cast."))
