"""Demo debates: one live now in the Annual Meeting, with a draft resolution on its open
agenda item; one closed with its minutes and the declaration it adopted."""

import datetime

from django.utils import timezone

from debates import services
from debates.models import Debate
from demo import Demo
from demo.clock import sitting_clock
from demo.texts import declaration_adopted, declaration_tabled, resolution_debated
from forums.models import Session
from plenary.errors import ServiceError


def _debate_session(forum):
    """The forum's debate session on now, or else its first one."""
    now = timezone.now()
    sessions = Session.objects.filter(forum=forum, kind="debate").order_by("starts_at")
    return sessions.filter(starts_at__lte=now, ends_at__gt=now).first() or sessions.first()


def seed(demo: Demo) -> None:
    people = demo.people
    forums = demo.forums
    chair = people["chair"].user
    secretariat = people["secretariat"].user
    live_forum = forums[("annual", "housing-right-to-the-city")]
    closed_forum = forums[("annual", "metropolitan-governance")]

    if not Debate.objects.filter(forum=closed_forum).exists():
        session = _debate_session(closed_forum)
        start = session.starts_at if session and session.ends_at < timezone.now() else None
        with sitting_clock(start or timezone.now() - datetime.timedelta(days=1)) as clock:
            closed = _closed_debate(
                closed_forum, chair, secretariat, people, demo.organizations, clock
            )
            services.debate_transition(actor=chair, debate_id=closed.pk, to="closed")
    if not Debate.objects.filter(forum=live_forum).exists():
        live = _live_debate(live_forum, chair, people)
        resolution_debated(live.pk, chair, secretariat, people)
    demo.debates = list(Debate.objects.filter(forum__in=[live_forum, closed_forum]))


def _act(call, **kwargs):
    try:
        return call(**kwargs)
    except ServiceError:
        return None


def _live_debate(forum, chair, people) -> Debate:
    debate = services.debate_create(
        actor=chair,
        forum=forum,
        session=_debate_session(forum),
        title="Resolution on affordable housing",
        motion=(
            "That member governments commit a share of new housing to social rent and "
            "publish their progress each year."
        ),
        speaking_seconds=180,
    )
    d = debate.pk
    # The sitting began a quarter of an hour ago: a point of order was heard and Amina
    # spoke; nobody holds the floor now, so the chair gives it to the next speaker
    # whenever the demo is opened (a speech left running would be long over by then).
    with sitting_clock(timezone.now() - datetime.timedelta(minutes=15)) as clock:
        services.debate_transition(actor=chair, debate_id=d, to="open")
        clock.advance(120)
        services.debate_transition(actor=chair, debate_id=d, to="live")
        for username in ("amina", "diego", "mei", "lucas"):
            clock.advance(20)
            _act(services.floor_request, actor=people[username].user, debate_id=d)
        _act(
            services.floor_request,
            actor=people["claire"].user,
            debate_id=d,
            kind="point_of_order",
        )
        for seconds in (45, 164):
            _act(services.floor_grant, actor=chair, debate_id=d)
            clock.advance(seconds)
            _act(services.floor_end, actor=chair, debate_id=d)
            clock.advance(15)
    motion = _act(
        services.motion_propose,
        actor=people["fatima"].user,
        debate_id=d,
        text="Set the share at one third of new housing by 2030.",
    )
    if motion:
        _act(
            services.motion_second,
            actor=people["thabo"].user,
            debate_id=d,
            motion_id=motion.pk,
        )
    _act(
        services.question_ask,
        actor=people["jiwoo"].user,
        debate_id=d,
        text="How will progress be measured in cities without a housing register?",
    )
    for username, text in (
        ("amina", "Dakar's figures are in the annex of our position paper."),
        ("diego", "Bogotá supports the amendment."),
    ):
        _act(services.message_post, actor=people[username].user, debate_id=d, text=text)
    return debate


def _closed_debate(forum, chair, secretariat, people, organizations, clock) -> Debate:
    """A statutory sitting in the past: the roll call, then its agenda: (1) the
    declaration, debated, amended and adopted; (2) the election of the Board."""
    debate = services.debate_create(
        actor=chair,
        forum=forum,
        session=_debate_session(forum),
        title="Declaration on metropolitan governance",
        motion="That the association adopts the declaration on metropolitan governance.",
        # A statutory sitting: one ballot per member, a majority of the members present
        # or represented, a quorum of 15% of the members in good standing.
        voting_rule="per_organization",
        quorum_percent=15,
    )
    d = debate.pk
    services.debate_transition(actor=chair, debate_id=d, to="open")
    clock.advance(300)
    services.debate_transition(actor=chair, debate_id=d, to="live")
    # The roll call: six answer, the chair marks the seventh, in the hall.
    _act(services.rollcall_open, actor=chair, debate_id=d)
    for username in ("amina", "diego", "claire", "lucas", "jiwoo", "fatima"):
        clock.advance(20)
        _act(services.rollcall_answer, actor=people[username].user, debate_id=d)
    _act(
        services.rollcall_mark,
        actor=chair,
        debate_id=d,
        delegate_id=people["hannah"].pk,
        present=True,
    )
    clock.advance(60)
    _act(services.rollcall_close, actor=chair, debate_id=d)
    item, draft = declaration_tabled(d, chair, secretariat, people)
    for username, seconds in (("claire", 174), ("lucas", 151), ("jiwoo", 188)):
        _act(services.floor_request, actor=people[username].user, debate_id=d)
        clock.advance(15)
        _act(services.floor_grant, actor=chair, debate_id=d)
        clock.advance(seconds)
        _act(services.floor_end, actor=chair, debate_id=d)
    declaration_adopted(d, item, draft, chair, secretariat, people, clock)
    clock.advance(300)
    board = services.agenda_item_add(
        actor=chair,
        debate_id=d,
        title={
            "en": "Election of the Board",
            "fr": "Élection du Conseil d'administration",
            "es": "Elección de la Junta Directiva",
        },
    )
    services.agenda_item_open(actor=chair, debate_id=d, item_id=board.pk)
    _board_election(d, chair, people, organizations, clock)
    clock.advance(30)
    _act(services.agenda_item_close, actor=chair, debate_id=d, item_id=board.pk)
    clock.advance(240)
    return debate


# The Board: four seats, at least one per region; the members vote, one ballot each
# (Seoul casts Guangzhou's too, by proxy).
BOARD_CANDIDATES = ["Dakar", "Rabat", "Bogotá", "Montréal", "Seoul", "Berlin"]
BOARD_BALLOTS = {
    "amina": ["Dakar", "Bogotá", "Seoul", "Berlin"],
    "diego": ["Bogotá", "Dakar", "Seoul", "Berlin"],
    "claire": ["Montréal", "Dakar", "Seoul", "Berlin"],
    "lucas": ["Bogotá", "Rabat", "Seoul", "Berlin"],
    "jiwoo": ["Seoul", "Dakar", "Bogotá", "Berlin"],
    "fatima": ["Rabat", "Dakar", "Seoul", "Montréal"],
    "hannah": ["Berlin", "Dakar", "Bogotá", "Seoul"],
}


def _board_election(d, chair, people, organizations, clock) -> None:
    election = _act(
        services.election_create,
        actor=chair,
        debate_id=d,
        title="Election of the Board",
        seats=4,
        # The demo's sitting gathers eight of the 44 members in good standing.
        quorum_percent=15,
        regional_minimum={"africa": 1, "americas": 1, "asia_pacific": 1, "europe": 1},
        candidates=[("organization", organizations[name].pk) for name in BOARD_CANDIDATES],
    )
    if election is None:
        return
    _act(services.election_open, actor=chair, debate_id=d, election_id=election.pk)
    candidates = {c.organization.short_name: c.pk for c in election.candidates.all()}
    for username, names in BOARD_BALLOTS.items():
        clock.advance(25)
        _act(
            services.election_cast,
            actor=people[username].user,
            debate_id=d,
            election_id=election.pk,
            choices=[candidates[name] for name in names],
        )
    _act(
        services.election_cast,
        actor=people["jiwoo"].user,
        debate_id=d,
        election_id=election.pk,
        choices=[candidates[name] for name in ("Seoul", "Dakar", "Montréal", "Berlin")],
        organization_id=organizations["Guangzhou"].pk,
    )
    clock.advance(60)
    _act(services.election_close, actor=chair, debate_id=d, election_id=election.pk)
