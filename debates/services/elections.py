"""Elections of a sitting: prepared with their candidates, opened on a frozen roll, cast in
secret (counters per candidate, a receipt per ballot), closed with a result that honours
the seats per region, and ties settled by the chair, by lot or by a further round.

The result. Candidates are ranked by ballots for them ("choose") or, with yes/no/abstain
for each, those with more yes than no are ranked by yes ("approve"). The regional
minimums are filled first, each by the region's best, then the other seats by rank.
Where equal counts straddle the last seats to fill, those candidates are tied: the
election reports them, with the seats left, for the chair to resolve.
"""

import dataclasses
import secrets
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debates import broadcast, events
from debates.models import Candidate, Debate, Election, ElectionBallot, Receipt
from debates.selectors import CHAIR
from debates.services.log import append, lock, now, require, require_status
from debates.services.roll import (
    already_cast,
    ballot_lines,
    roll_freeze,
    roll_of,
)
from debates.services.votes import ballot_box_is_open
from debates.statutes import quorum_needed
from events.models import Delegate, Organization, Region
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
from plenary.transitions import SYSTEM_ROLE, TransitionTable

Status = Debate.Status
ES = Election.Status
ELECTION_TRANSITIONS = TransitionTable(
    {
        (ES.PREPARED, ES.OPEN): {CHAIR},
        (ES.OPEN, ES.CLOSED): {SYSTEM_ROLE},
        (ES.OPEN, ES.TIED): {SYSTEM_ROLE},
        (ES.OPEN, ES.NO_QUORUM): {SYSTEM_ROLE},
        (ES.TIED, ES.CLOSED): {CHAIR},
        (ES.TIED, ES.TIED): {CHAIR},
    }
)
MAX_CANDIDATES = 200
MARKS = ("yes", "no", "abstain")


def _election(debate: Debate, election_id: int) -> Election:
    election = Election.objects.select_for_update().filter(debate=debate, pk=election_id).first()
    if election is None:
        raise NotFound(_("There is no such election in this debate."))
    return election


def election_transition(*, election: Election, to: str, roles: set[str]) -> Election:
    """The one place where an election changes state (the caller holds the locks)."""
    if not ELECTION_TRANSITIONS.exists(election.status, to):
        raise Conflict(
            _("This election is %(status)s.") % {"status": election.get_status_display().lower()}
        )
    if not ELECTION_TRANSITIONS.permits(election.status, to, roles):
        raise NotAllowed(_("You may not do this in this debate."))
    election.status = to
    return election


def _check_regions(regional_minimum: dict, seats: int) -> dict:
    if not isinstance(regional_minimum, dict):
        raise ServiceError(_("Seats per region must name regions."), code="invalid_regions")
    clean = {}
    for region, count in regional_minimum.items():
        if region not in Region.values:
            raise ServiceError(
                _("%(region)s is not a region.") % {"region": region}, code="invalid_regions"
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ServiceError(_("Seats per region are whole numbers."), code="invalid_regions")
        if count:
            clean[region] = count
    if sum(clean.values()) > seats:
        raise ServiceError(
            _("The seats per region add up to more than the seats."), code="invalid_regions"
        )
    return clean


def _candidate(value) -> Candidate:
    """A candidate from ``("delegate", id)`` or ``("organization", id)``."""
    kind, pk = value
    if kind == "delegate":
        delegate = Delegate.objects.select_related("user", "organization").filter(pk=pk).first()
        if delegate is None:
            raise NotFound(_("There is no such delegate."))
        return Candidate(
            delegate=delegate, name=delegate.display_name, region=delegate.organization.region
        )
    organization = Organization.objects.filter(pk=pk, is_member=True).first()
    if organization is None:
        raise NotFound(_("There is no such member organization."))
    return Candidate(organization=organization, name=organization.name, region=organization.region)


@transaction.atomic
def election_create(
    *,
    actor,
    debate_id: int,
    title: str,
    seats: int,
    candidates: list[tuple[str, int]],
    method: str = Election.Method.CHOOSE,
    regional_minimum: dict | None = None,
    rule: str = "per_organization",
    quorum_percent: int = 50,
    previous: Election | None = None,
    round_number: int = 1,
) -> Election:
    """Prepare an election of ``debate`` (its chairs and the secretariat) with its
    candidates, ``("delegate", id)`` or ``("organization", id)``; logged as
    ``election.prepared`` so that the room shows it before it opens."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    title = " ".join((title or "").split())
    if not title:
        raise ServiceError(_("An election needs a title."), code="title_required")
    if method not in Election.Method.values:
        raise ServiceError(_("The method is choose or approve."), code="invalid_method")
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ServiceError(_("An election has at least one seat."), code="invalid_seats")
    if not candidates or len(candidates) > MAX_CANDIDATES:
        raise ServiceError(
            _("An election has from 1 to %(count)d candidates.") % {"count": MAX_CANDIDATES},
            code="invalid_candidates",
        )
    if len(set(candidates)) != len(candidates):
        raise ServiceError(_("A candidate appears twice."), code="invalid_candidates")
    regions = _check_regions(regional_minimum or {}, seats)
    election = Election.objects.create(
        debate=debate,
        title=title,
        seats=seats,
        method=method,
        rule=rule,
        regional_minimum=regions,
        quorum_percent=quorum_percent,
        previous=previous,
        round=round_number,
    )
    made = []
    for position, value in enumerate(candidates):
        candidate = _candidate(value)
        candidate.election = election
        candidate.position = position
        made.append(candidate)
    Candidate.objects.bulk_create(made)
    append(debate, events.election_prepared(election, made, participant.person))
    return election


@transaction.atomic
def election_open(*, actor, debate_id: int, election_id: int) -> Election:
    """Open a prepared election (chairs), with its roll frozen now."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    require_status(debate, {Status.LIVE})
    election = _election(debate, election_id)
    if ballot_box_is_open(debate):
        raise Conflict(_("A vote or an election is open: close it first."))
    election_transition(election=election, to=ES.OPEN, roles={CHAIR})
    roll = roll_of(debate, election.rule)
    election.eligible = len(roll.lines)
    election.present = roll.present
    election.represented = roll.represented
    election.members = roll.members
    election.roll_call = roll.roll_call
    election.opened_at = now()
    election.save()
    lines = roll_freeze(roll, election=election)
    append(debate, events.election_opened(election, lines, participant.person))
    return election


def _marks(election: Election, *, choices, marks, known: set[int] | None = None) -> dict[int, str]:
    """The ballot as ``{candidate id: "yes" | "no" | "abstain"}``, checked against the
    election's method, seats and candidates (``known``: their ids, when already read)."""
    if known is None:
        known = set(election.candidates.values_list("pk", flat=True))
    if election.method == Election.Method.CHOOSE:
        if marks is not None or choices is None:
            raise ServiceError(
                _("Choose candidates (choices) in this election."), code="bad_ballot"
            )
        if len(set(choices)) != len(choices):
            raise ServiceError(_("A candidate is chosen twice."), code="bad_ballot")
        if len(choices) > election.seats:
            raise ServiceError(
                ngettext(
                    "Choose at most %(seats)d candidate.",
                    "Choose at most %(seats)d candidates.",
                    election.seats,
                )
                % {"seats": election.seats},
                code="too_many_choices",
            )
        if not set(choices) <= known:
            raise ServiceError(
                _("A choice is not a candidate of this election."), code="bad_ballot"
            )
        return dict.fromkeys(choices, "yes")
    if choices is not None or marks is None:
        raise ServiceError(
            _("Mark each candidate yes, no or abstain (marks) in this election."),
            code="bad_ballot",
        )
    if not set(marks) <= known:
        raise ServiceError(_("A mark is not for a candidate of this election."), code="bad_ballot")
    if any(mark not in MARKS for mark in marks.values()):
        raise ServiceError(_("Each mark is yes, no or abstain."), code="bad_ballot")
    return {candidate: marks.get(candidate, "abstain") for candidate in known}


@dataclasses.dataclass(frozen=True)
class ElectionBallotCast:
    """A ballot counted in an election: for which member, and its receipt (told to the
    voter only)."""

    election: int
    organization: int | None
    receipt: str


@dataclasses.dataclass(frozen=True)
class ElectionBallotRequest:
    """One election ballot asked for (see ``votes.BallotRequest``): ``choices`` or
    ``marks``, for the member ``organization_id`` (None: the voter's own line)."""

    actor: object
    choices: list[int] | None = None
    marks: dict[int, str] | None = None
    organization_id: int | None = None
    language: str | None = None


def election_cast(
    *,
    actor,
    debate_id: int,
    election_id: int,
    choices: list[int] | None = None,
    marks: dict[int, str] | None = None,
    organization_id: int | None = None,
):
    """Cast a ballot in an open election, once per line of its roll (the voter's own, or a
    member they hold the proxy of). Secret: the choices go to the candidates' counters
    only; the voter gets a receipt."""
    request = ElectionBallotRequest(
        actor=actor, choices=choices, marks=marks, organization_id=organization_id
    )
    (outcome,) = election_cast_many(
        debate_id=debate_id, election_id=election_id, requests=[request]
    )
    if isinstance(outcome, ServiceError):
        raise outcome
    return outcome


def _not_casting(election: Election) -> ServiceError | None:
    if election.debate.status == Status.CLOSED:
        return Conflict(_("The debate is closed."))
    if election.status != ES.OPEN:
        return Conflict(_("This election is not open."))
    return None


def election_cast_many(
    *, debate_id: int, election_id: int, requests: list[ElectionBallotRequest]
) -> list[ElectionBallotCast | ServiceError]:
    """Cast the ballots of ``requests`` in one transaction, each answered on its own (as
    ``votes.vote_cast_many``): checks before the election's lock, ballots inserted in
    bulk under their unique key, each candidate's counters added to once per batch."""
    with transaction.atomic():
        election = (
            Election.objects.select_related("debate__forum")
            .filter(pk=election_id, debate_id=debate_id)
            .first()
        )
        if election is None:
            return [NotFound(_("There is no such election in this debate."))] * len(requests)
        if (refusal := _not_casting(election)) is not None:
            return [refusal] * len(requests)
        marked: dict[int, dict[int, str]] = {}
        known = set(election.candidates.values_list("pk", flat=True))

        def check(request):
            marked[id(request)] = _marks(
                election, choices=request.choices, marks=request.marks, known=known
            )

        found = ballot_lines(
            debate=election.debate,
            rule=election.rule,
            roll=election.roll,
            requests=requests,
            check=check,
        )
        outcomes = [found.refused.get(index) for index in range(len(requests))]
        election = (
            Election.objects.select_for_update(of=("self",))
            .select_related("debate")
            .get(pk=election.pk)
        )
        if (refusal := _not_casting(election)) is not None:
            return [outcome or refusal for outcome in outcomes]
        voted = set(
            ElectionBallot.objects.filter(
                election=election, voter_key__in={line.key for line in found.lines.values()}
            ).values_list("voter_key", flat=True)
        )
        rows, tallies = [], {mark: Counter() for mark in MARKS}
        for index, line in found.lines.items():
            request = requests[index]
            if line.key in voted:
                outcomes[index] = already_cast(request)
                continue
            voted.add(line.key)
            rows.append(
                ElectionBallot(
                    election=election,
                    voter_key=line.key,
                    delegate=found.participants[index].delegate,
                    organization_id=line.organization,
                    by_proxy=line.by_proxy,
                )
            )
            for candidate, mark in marked[id(request)].items():
                tallies[mark][candidate] += 1
            outcomes[index] = ElectionBallotCast(
                election=election.pk,
                organization=line.organization,
                receipt=secrets.token_hex(5).upper(),
            )
        if not rows:
            return outcomes
        ElectionBallot.objects.bulk_create(rows)
        for mark, counts in tallies.items():
            by_count: dict[int, list[int]] = {}
            for candidate, count in counts.items():
                by_count.setdefault(count, []).append(candidate)
            for count, candidates in by_count.items():
                Candidate.objects.filter(pk__in=candidates).update(**{mark: F(mark) + count})
        Receipt.objects.bulk_create(
            Receipt(code=outcome.receipt, election=election)
            for outcome in outcomes
            if isinstance(outcome, ElectionBallotCast)
        )
        broadcast.publish_ephemeral(
            debate_id,
            {
                "type": "election.progress",
                "election": election.pk,
                "cast": ElectionBallot.objects.filter(election=election).count(),
                "eligible": election.eligible,
            },
        )
    return outcomes


def _ranked(election: Election, candidates: list[Candidate]) -> list[Candidate]:
    if election.method == Election.Method.APPROVE:
        candidates = [candidate for candidate in candidates if candidate.yes > candidate.no]
    return sorted(candidates, key=lambda candidate: (-candidate.yes, candidate.position))


def _meets(elected, minimum: dict) -> bool:
    return all(
        sum(1 for candidate in elected if candidate.region == region) >= count
        for region, count in minimum.items()
    )


def _select(ranked: list[Candidate], seats: int, minimum: dict) -> list[Candidate]:
    """The best ``seats`` of ``ranked``, then, for each region short of its minimum, its
    best not elected instead of the lowest elected a region can spare."""
    elected = list(ranked[:seats])
    for region, count in sorted(minimum.items()):
        while sum(1 for c in elected if c.region == region) < count:
            waiting = [c for c in ranked if c.region == region and c not in elected]
            spare = [
                c
                for c in reversed(elected)
                if sum(1 for e in elected if e.region == c.region) > minimum.get(c.region, 0)
            ]
            if not waiting or not spare:
                break
            elected.remove(spare[0])
            elected.append(waiting[0])
    return sorted(elected, key=lambda candidate: (-candidate.yes, candidate.position))


def election_result(election: Election, candidates: list[Candidate], *, forced=()) -> dict:
    """Who is elected, and who is tied for how many seats (see the module's docstring).

    A tie: candidates with as many ballots as one elected, not elected themselves, who
    could take that one's seat with every region's minimum still met. ``forced``:
    candidates already elected (by a draw) who keep their seats.
    """
    forced = list(forced)
    ranked = [c for c in _ranked(election, candidates) if c not in forced]
    seats = election.seats - len(forced)
    minimum = {
        region: max(0, count - sum(1 for c in forced if c.region == region))
        for region, count in election.regional_minimum.items()
    }
    elected = _select(ranked, seats, minimum)
    tied, tied_seats = [], 0
    for level in sorted({c.yes for c in elected}):
        group = [c for c in ranked if c.yes == level]
        inside = [c for c in group if c in elected]
        outside = [c for c in group if c not in elected]
        swaps = [
            (a, b)
            for a in inside
            for b in outside
            if _meets([*forced, *(c for c in elected if c is not a), b], election.regional_minimum)
        ]
        if swaps:
            contested = {c for pair in swaps for c in pair}
            seats_in_doubt = [c for c in inside if c in contested]
            tied += [c for c in group if c in contested]
            tied_seats += len(seats_in_doubt)
            elected = [c for c in elected if c not in seats_in_doubt]
    return {
        "elected": [c.pk for c in [*forced, *elected]],
        "tied": [c.pk for c in tied],
        "tied_seats": tied_seats,
    }


def _draw(election: Election, candidates: list[Candidate], elected: list[int]) -> list[int]:
    """Draw the tied seats by lot among the tied candidates, keeping every region's
    minimum met (a draw that would not is drawn again)."""
    by_pk = {candidate.pk: candidate for candidate in candidates}
    tied = [by_pk[pk] for pk in election.result["tied"]]
    keep = [by_pk[pk] for pk in elected]
    seats = election.result["tied_seats"]
    draw = secrets.SystemRandom()
    for _attempt in range(1000):
        drawn = draw.sample(tied, seats)
        if _meets([*keep, *drawn], election.regional_minimum):
            return [candidate.pk for candidate in drawn]
    raise Conflict(_("No draw meets the seats per region: hold a further round."))


@transaction.atomic
def election_close(*, actor, debate_id: int, election_id: int) -> Election:
    """Close the open election (chairs) and publish the counts, who is elected and any
    tie, with the receipts of the ballots counted."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    election = _election(debate, election_id)
    if election.status != ES.OPEN:
        raise Conflict(_("This election is not open."))
    candidates = list(election.candidates.order_by("position", "id"))
    ballots = ElectionBallot.objects.filter(election=election)
    turnout = ballots.count()
    quorum = quorum_needed(election.members, election.quorum_percent)
    if turnout == 0 or election.eligible < quorum:
        result = {"elected": [], "tied": [], "tied_seats": 0}
        target = ES.NO_QUORUM
    else:
        result = election_result(election, candidates)
        target = ES.TIED if result["tied"] else ES.CLOSED
    election_transition(election=election, to=target, roles={SYSTEM_ROLE})
    election.result = {**result, "quorum": quorum}
    election.closed_at = now()
    election.save(update_fields=["status", "result", "closed_at"])
    counts = {
        str(candidate.pk): {"yes": candidate.yes, "no": candidate.no, "abstain": candidate.abstain}
        for candidate in candidates
    }
    append(
        debate,
        events.election_closed(
            election,
            counts=counts,
            turnout=turnout,
            by_proxy=ballots.filter(by_proxy=True).count(),
            receipts=list(Receipt.objects.filter(election=election).values_list("code", flat=True)),
            actor=participant.person,
        ),
    )
    return election


@transaction.atomic
def election_resolve(*, actor, debate_id: int, election_id: int, rule: str) -> Election:
    """Settle a tie (chairs): ``lot`` draws the seats left among the tied candidates
    (logged with the draw); ``round`` prepares a further round of the tied candidates for
    the seats left. Returns the election (by lot) or the new round."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    election = _election(debate, election_id)
    if election.status != ES.TIED:
        raise Conflict(_("This election has no tie to resolve."))
    candidates = list(election.candidates.order_by("position", "id"))
    tied = [candidate for candidate in candidates if candidate.pk in election.result["tied"]]
    seats = election.result["tied_seats"]
    if rule == "lot":
        drawn = _draw(election, candidates, election.result["elected"])
        by_pk = {candidate.pk: candidate for candidate in candidates}
        forced = [by_pk[pk] for pk in [*election.result["elected"], *drawn]]
        result = election_result(election, candidates, forced=forced)
        election_transition(
            election=election, to=ES.TIED if result["tied"] else ES.CLOSED, roles={CHAIR}
        )
        election.result = {**election.result, **result}
        election.save(update_fields=["status", "result"])
        append(
            debate,
            events.election_resolved(
                election, rule=rule, drawn=drawn, next_round=None, actor=participant.person
            ),
        )
        return election
    if rule != "round":
        raise ServiceError(_("A tie is resolved by lot or by a further round."), code="bad_rule")
    election_transition(election=election, to=ES.CLOSED, roles={CHAIR})
    election.save(update_fields=["status"])
    sure = [candidate for candidate in candidates if candidate.pk in election.result["elected"]]
    next_round = Election.objects.create(
        debate=debate,
        title=election.title,
        seats=seats,
        method=election.method,
        rule=election.rule,
        regional_minimum={
            region: count - sum(1 for c in sure if c.region == region)
            for region, count in election.regional_minimum.items()
            if count > sum(1 for c in sure if c.region == region)
        },
        quorum_percent=election.quorum_percent,
        previous=election,
        round=election.round + 1,
    )
    made = [
        Candidate(
            election=next_round,
            delegate_id=candidate.delegate_id,
            organization_id=candidate.organization_id,
            name=candidate.name,
            region=candidate.region,
            position=position,
        )
        for position, candidate in enumerate(tied)
    ]
    Candidate.objects.bulk_create(made)
    append(
        debate,
        events.election_resolved(
            election,
            rule=rule,
            drawn=[],
            next_round=events.election_entry(next_round, made),
            actor=participant.person,
        ),
    )
    return next_round
