"""Reads of debates, and who someone is in a debate's room."""

import dataclasses
import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.selectors import standing_ids
from debates.models import (
    Ballot,
    Debate,
    DebateEvent,
    Election,
    ElectionBallot,
    FloorRequest,
    FloorStatus,
    RollEntry,
    Visibility,
    Vote,
)
from events.models import Delegate
from events.selectors import delegate_for_user, event_list_visible
from forums.selectors import seat_is_confirmed, user_is_chair
from papers.selectors import accepted_paper_author_ids

CHAIR, DELEGATE, OBSERVER = "chair", "delegate", "observer"


def debate_list_visible(*, user, listing: bool = True) -> QuerySet[Debate]:
    """Debates of the events ``user`` may see (``events.selectors.event_list_visible``).
    Lists show anonymous visitors only public debates; looking one up finds the others
    too, so that the caller can be told to sign in."""
    debates = Debate.objects.select_related("forum__event").filter(
        forum__event__in=event_list_visible(user=user)
    )
    if listing and not user.is_authenticated:
        return debates.filter(visibility=Visibility.PUBLIC)
    return debates


def open_room_for(*, user, event) -> str | None:
    """The room a delegate signing in at ``event`` goes to (``onsite.signin``): an open
    debate of the event they may be in, those of their own forums (chair or seat) first."""
    from django.urls import reverse

    debates = (
        debate_list_visible(user=user, listing=False)
        .filter(forum__event=event)
        .exclude(status__in=[Debate.Status.SCHEDULED, Debate.Status.CLOSED])
        .order_by("pk")
    )
    rooms = [(participant(user, debate).role, debate.pk) for debate in debates]
    rank = {CHAIR: 0, DELEGATE: 0, OBSERVER: 1}
    rooms = sorted((rank[role], pk) for role, pk in rooms if role is not None)
    return reverse("debate-room", args=[rooms[0][1]]) if rooms else None


def floor_holder_warning(*, delegate, forum) -> str | None:
    """Said before ``delegate`` gives up their seat in ``forum`` while they hold the floor
    (or their speech waits for a point of order) in one of its debates."""
    holding = (
        FloorRequest.objects.filter(
            delegate=delegate,
            debate__forum=forum,
            status__in=[FloorStatus.SPEAKING, FloorStatus.INTERRUPTED],
        )
        .select_related("debate")
        .first()
    )
    if holding is None:
        return None
    return _(
        "You hold the floor in “%(debate)s”: giving up your seat ends your speech and takes "
        "you out of the room at once. Give up your seat?"
    ) % {"debate": holding.debate.title}


def public_person(user, delegate: Delegate | None = None, role: str | None = None) -> dict:
    """How a participant appears in the room: name, organization and region, never more."""
    delegate = delegate if delegate is not None else delegate_for_user(user)
    organization = delegate.organization if delegate else None
    return {
        "id": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "role": role,
        "organization": (
            {
                "id": organization.id,
                "short_name": organization.short_name,
                "region": organization.region,
            }
            if organization
            else None
        ),
    }


@dataclasses.dataclass(frozen=True)
class Participant:
    """Someone in a debate's room, resolved once per command or connection: their role
    (chair, delegate, observer, or None when they may not be there) and delegate profile."""

    user: object
    role: str | None
    delegate: Delegate | None

    @property
    def person(self) -> dict:
        return public_person(self.user, self.delegate, self.role)

    @property
    def author(self) -> dict:
        """How the author of a question or a chat message is shown."""
        person = self.person
        return {"name": person["name"], "organization": person["organization"], "role": self.role}

    @property
    def region(self) -> str | None:
        return self.delegate.organization.region if self.delegate else None


def participant(user, debate: Debate) -> Participant:
    """The role of ``user`` in ``debate``: chair (the forum's chairs and the secretariat),
    delegate (a confirmed seat in the forum), observer (anyone else the debate's
    visibility lets in), or None."""
    delegate = delegate_for_user(user)
    if user_is_chair(user, debate.forum):
        role = CHAIR
    elif seat_is_confirmed(delegate=delegate, forum_id=debate.forum_id):
        role = DELEGATE
    elif debate.visibility == Visibility.DELEGATES:
        role = None
    elif user.is_authenticated or debate.visibility == Visibility.PUBLIC:
        role = OBSERVER
    else:
        role = None
    return Participant(user=user, role=role, delegate=delegate)


def role_for(user, debate: Debate) -> str | None:
    """chair, delegate, observer, or None (see ``participant``)."""
    return participant(user, debate).role


def events_since(debate_id: int, since: int, *, limit: int | None = None) -> QuerySet:
    events = DebateEvent.objects.filter(debate_id=debate_id, seq__gt=since).order_by("seq")
    return events[:limit] if limit else events


def events_between(debate_id: int, after: int, up_to: int | None = None) -> list[DebateEvent]:
    """The events after ``after`` (up to ``up_to``), in order."""
    events = events_since(debate_id, after)
    if up_to is not None:
        events = events.filter(seq__lte=up_to)
    return list(events)


def ballots_for(participant: "Participant", debate: Debate) -> list[dict]:
    """The ballots ``participant`` may cast now, in the open vote or election of
    ``debate``: their own line of its roll and those of members whose proxy their member
    holds, each saying for whom and as what (delegate, mandate, member, proxy)."""
    delegate = participant.delegate
    if participant.role != DELEGATE or delegate is None:
        return []
    lines = RollEntry.objects.filter(
        Q(vote__debate=debate, vote__is_open=True)
        | Q(election__debate=debate, election__status=Election.Status.OPEN)
    ).select_related("organization")
    own = delegate.organization_id
    mine = lines.filter(
        Q(delegate=delegate)
        | Q(delegate__isnull=True, proxy_holder__isnull=True, organization_id=own)
        | Q(delegate__isnull=True, proxy_holder_id=own)
    )
    ballots = []
    # Their own line first (no proxy holder), then the proxies, on every database.
    ordering = (F("proxy_holder_id").asc(nulls_first=True), "organization__short_name")
    for line in mine.order_by(*ordering):
        if line.key.startswith("d"):
            kind = "delegate"
        elif line.proxy_holder_id is not None:
            kind = "proxy"
        elif line.mandate_rank is not None:
            kind = "mandate"
        else:
            kind = "member"
        ballots.append(
            {
                "vote": line.vote_id,
                "election": line.election_id,
                "for": line.organization_id,
                "name": line.organization.short_name,
                "as": kind,
            }
        )
    return ballots


def in_standing(delegate: Delegate | None, debate: Debate) -> bool:
    """Whether the delegate's member is in good standing at the debate's event."""
    return bool(
        delegate is not None
        and delegate.organization_id in standing_ids(event_id=debate.forum.event_id)
    )


def votes_cast_by(debate: Debate, delegate: Delegate | None) -> list[int]:
    """The votes this delegate cast a ballot in (for any member), or their member did."""
    if delegate is None:
        return []
    return list(
        Ballot.objects.filter(vote__debate=debate)
        .filter(Q(delegate=delegate) | Q(voter_key=f"o{delegate.organization_id}"))
        .values_list("vote_id", flat=True)
        .distinct()
    )


def ballots_cast_by(debate: Debate, delegate: Delegate | None) -> list[dict]:
    """The ballots this delegate cast (``vote`` or ``election``, and ``for`` whom) in the
    open vote or election, so that a reconnected page knows what is done."""
    if delegate is None:
        return []
    votes = Ballot.objects.filter(vote__debate=debate, vote__is_open=True, delegate=delegate)
    elections = ElectionBallot.objects.filter(
        election__debate=debate, election__status=Election.Status.OPEN, delegate=delegate
    )
    return [
        *(
            {"vote": vote, "for": organization}
            for vote, organization in votes.values_list("vote_id", "organization_id")
        ),
        *(
            {"election": election, "for": organization}
            for election, organization in elections.values_list("election_id", "organization_id")
        ),
    ]


def open_vote_progress(debate: Debate) -> dict[int, int]:
    return {vote.pk: vote.cast for vote in Vote.objects.filter(debate=debate, is_open=True)}


def open_election_progress(debate: Debate) -> dict[int, int]:
    """Open election id -> ballots cast so far (how many, never how)."""
    return dict(
        ElectionBallot.objects.filter(
            election__debate=debate, election__status=Election.Status.OPEN
        )
        .values("election")
        .annotate(cast=Count("id"))
        .values_list("election", "cast")
    )


def paper_authors(forum_id: int) -> set[int]:
    """Delegates who wrote an accepted position paper of the forum."""
    return accepted_paper_author_ids(forum_id=forum_id)


def debates_today(*, now: datetime.datetime | None = None) -> list[Debate]:
    """The debates scheduled for today, today being the date on the clocks of each
    debate's event, and those under way whatever their date; by start (one query)."""
    now = now or timezone.now()
    day = datetime.timedelta(days=1)
    under_way = [Debate.Status.OPEN, Debate.Status.LIVE, Debate.Status.SUSPENDED]
    debates = Debate.objects.select_related("forum__event").filter(
        Q(scheduled_start__range=(now - day, now + day)) | Q(status__in=under_way)
    )

    def today(debate):
        if debate.status in under_way:
            return True
        zone = debate.forum.event.zone
        return debate.scheduled_start.astimezone(zone).date() == now.astimezone(zone).date()

    chosen = [debate for debate in debates if today(debate)]
    return sorted(chosen, key=lambda debate: (debate.scheduled_start or now, debate.pk))
