from django.db.models import QuerySet

from debates.models import Ballot, Debate, DebateEvent, Visibility, Vote
from events.models import Delegate
from events.selectors import delegate_for_user
from forums.models import Seat
from papers.selectors import accepted_paper_author_ids

CHAIR, DELEGATE, OBSERVER = "chair", "delegate", "observer"


def debate_list_visible(*, user, listing: bool = True) -> QuerySet[Debate]:
    """Debates of published events. Lists show anonymous visitors only public debates;
    looking one up finds the others too, so that the caller can be told to sign in."""
    debates = Debate.objects.select_related("forum__event")
    if user.is_authenticated and user.is_staff:
        return debates
    debates = debates.filter(forum__event__status="published")
    if listing and not user.is_authenticated:
        return debates.filter(visibility=Visibility.PUBLIC)
    return debates


def has_confirmed_seat(delegate: Delegate | None, debate: Debate) -> bool:
    return bool(
        delegate
        and Seat.objects.filter(
            delegate=delegate, forum_id=debate.forum_id, status=Seat.Status.CONFIRMED
        ).exists()
    )


def role_for(user, debate: Debate) -> str | None:
    """chair (forum chairs, the secretariat), delegate (confirmed seat), observer, or None."""
    if user.is_authenticated and (user.is_staff or debate.forum.chairs.filter(pk=user.pk).exists()):
        return CHAIR
    if has_confirmed_seat(delegate_for_user(user), debate):
        return DELEGATE
    if debate.visibility == Visibility.DELEGATES:
        return None
    if user.is_authenticated:
        return OBSERVER
    return OBSERVER if debate.visibility == Visibility.PUBLIC else None


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


def eligible_voter_count(debate: Debate, rule: str) -> int:
    seats = Seat.objects.filter(
        forum_id=debate.forum_id,
        status=Seat.Status.CONFIRMED,
        delegate__organization__is_member=True,
    )
    if rule == "per_organization":
        return seats.values("delegate__organization").distinct().count()
    return seats.count()


def encoded_events(debate_id: int, after: int, up_to: int | None = None) -> list[tuple[int, str]]:
    """``(seq, wire text)`` of the events after ``after`` (up to ``up_to``), in order."""
    from debates.protocol import encode, wire

    events = events_since(debate_id, after)
    if up_to is not None:
        events = events.filter(seq__lte=up_to)
    return [(event.seq, encode(wire(event))) for event in events]


def events_since(debate_id: int, since: int, *, limit: int | None = None) -> QuerySet:
    events = DebateEvent.objects.filter(debate_id=debate_id, seq__gt=since).order_by("seq")
    return events[:limit] if limit else events


def votes_cast_by(debate: Debate, delegate: Delegate | None) -> list[int]:
    """The votes this delegate (or their organization, for per-organization votes) cast in."""
    if delegate is None:
        return []
    keys = [f"d{delegate.pk}", f"o{delegate.organization_id}"]
    return list(
        Ballot.objects.filter(vote__debate=debate, voter_key__in=keys)
        .values_list("vote_id", flat=True)
        .distinct()
    )


def open_vote_progress(debate: Debate) -> dict[int, int]:
    return {vote.pk: vote.cast for vote in Vote.objects.filter(debate=debate, is_open=True)}


def paper_authors(forum_id: int) -> set[int]:
    """Delegates who wrote an accepted position paper of the forum."""
    return accepted_paper_author_ids(forum_id=forum_id)
