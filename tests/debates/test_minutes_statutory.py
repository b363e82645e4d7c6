"""Minutes of a statutory sitting: for each vote and election the roll it was counted
on, members present and represented, quorum, majority, mandates and proxies used, the
result and the receipts; the roll calls; the log's fingerprint; in three languages."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from assembly.services import mandate_set
from debates import services
from debates.models import Debate
from demo.clock import sitting_clock
from tests.debates.scenarios import statutory_room
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 5, 12, 7, 30, tzinfo=datetime.UTC)


def statutory_sitting():
    """Four members with a delegate each (City0 to City3) and Absentville, whose proxy
    City0 holds; City3 is absent from the roll call; City1 has a mandate."""
    with sitting_clock(START) as clock:
        room = statutory_room(voting_rule="per_organization", quorum_percent=50)
        d = room.debate.pk
        first, second, third, fourth = room.delegates
        mandate_set(
            actor=UserFactory(is_staff=True, is_superuser=True),
            event=room.forum.event,
            organization=second.organization,
            delegates=[second],
        )
        services.debate_transition(actor=room.chair, debate_id=d, to="open")
        services.debate_transition(actor=room.chair, debate_id=d, to="live")
        services.rollcall_open(actor=room.chair, debate_id=d)
        for delegate in (first, second, third):
            clock.advance(30)
            services.rollcall_answer(actor=delegate.user, debate_id=d)
        services.rollcall_close(actor=room.chair, debate_id=d)
        motion = services.motion_propose(actor=first.user, debate_id=d, text="Adopt the budget")
        services.motion_second(actor=second.user, debate_id=d, motion_id=motion.pk)
        vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=motion.pk, secret=True)
        receipts = [
            services.vote_cast(actor=first.user, debate_id=d, vote_id=vote.pk, choice="yes"),
            services.vote_cast(
                actor=first.user,
                debate_id=d,
                vote_id=vote.pk,
                choice="yes",
                organization_id=room.absent_member.pk,
            ),
            services.vote_cast(actor=second.user, debate_id=d, vote_id=vote.pk, choice="yes"),
            services.vote_cast(actor=third.user, debate_id=d, vote_id=vote.pk, choice="no"),
        ]
        services.vote_close(actor=room.chair, debate_id=d)
        election = services.election_create(
            actor=room.chair,
            debate_id=d,
            title="Election of the Board",
            seats=1,
            quorum_percent=50,
            candidates=[("organization", fourth.organization_id)],
        )
        services.election_open(actor=room.chair, debate_id=d, election_id=election.pk)
        for delegate in (first, second, third):
            services.election_cast(
                actor=delegate.user,
                debate_id=d,
                election_id=election.pk,
                choices=[election.candidates.get().pk],
            )
        services.election_close(actor=room.chair, debate_id=d, election_id=election.pk)
        clock.advance(600)
        services.debate_transition(actor=room.chair, debate_id=d, to="closed")
    room.receipts = sorted(ballot.receipt for ballot in receipts)
    return room


def test_markdown_minutes_show_what_each_statutory_vote_was_counted_on(client):
    room = statutory_sitting()
    first, second, third, _ = (delegate.display_name for delegate in room.delegates)
    debate = Debate.objects.get(pk=room.debate.pk)

    text = client.get(f"/debates/{room.debate.pk}/minutes.md").content.decode()

    zone = zoneinfo.ZoneInfo(room.forum.event.time_zone)
    opened = timezone.localtime(START, zone)
    assert f"{opened:%H:%M} {opened.tzname()}, closed " in text
    vote_lines = [
        "- Adopt the budget (secret ballot, simple majority): yes 3, no 1, abstain 0; "
        "turnout 4 of 4: **carried**",
        "  Roll: 3 members present and 1 represented, of 5 in good standing; "
        "quorum: 3 members present or represented.",
        "  Majority: 3 votes for, of the 4 members present or represented.",
        "  3 ballots in person, 1 by proxy.",
        f"  Mandates on the roll: City1: {second} (voting delegate).",
        "  Represented by proxy: Absentville by City0.",
        "  Receipts counted: " + " ".join(room.receipts),
    ]
    assert "\n".join(vote_lines) in text
    assert (
        "3 delegates present; 3 members present and 1 represented, of 5 in good standing.\n"
        f"  Present: {first} (City0); {second} (City1); {third} (City2)."
    ) in text
    assert "### Election of the Board (round 1, 1 seat): closed" in text
    assert f"| {room.delegates[3].organization.name} | Europe | 3 | elected |" in text
    assert "3 ballots in person, 0 by proxy." in text
    assert "## Speakers\n\nNobody took the floor." in text
    assert text.endswith(
        f"The log has {debate.seq} events; its fingerprint (SHA-256, chained) is "
        f"{debate.log_hash}.\n"
    )


def test_json_minutes_carry_the_roll_of_each_vote(client):
    room = statutory_sitting()

    minutes = client.get(f"/debates/{room.debate.pk}/minutes.json").json()

    (vote,) = minutes["votes"]
    assert {key: vote[key] for key in ("present", "represented", "members", "quorum")} == {
        "present": 3,
        "represented": 1,
        "members": 5,
        "quorum": 3,
    }
    assert (vote["in_person"], vote["by_proxy"], vote["result"]) == (3, 1, "carried")
    assert sorted(vote["receipts"]) == room.receipts
    assert [p["organization"] for p in vote["proxies"]] == ["Absentville"]


def test_html_minutes_show_the_roll_majority_and_proxies(client):
    room = statutory_sitting()

    html = client.get(f"/debates/{room.debate.pk}/minutes").content.decode()

    assert "<p>Majority: 3 votes for, of the 4 members present or represented.</p>" in html
    assert "Represented by proxy: Absentville by City0." in html
    assert "Election of the Board (round 1, 1 seat): closed" in html
    assert "4 receipts counted" in html


def test_statutory_minutes_in_french_and_spanish(client):
    room = statutory_sitting()
    url = f"/debates/{room.debate.pk}/minutes.md"

    french = client.get(f"{url}?lang=fr").content.decode()
    spanish = client.get(f"{url}?lang=es").content.decode()

    assert (
        "  Liste des votants : 3 membres présents et 1 représenté, sur 5 à jour de leurs "
        "obligations ; quorum : 3 membres présents ou représentés.\n"
        "  Majorité : 3 voix pour, sur les 4 membres présents ou représentés.\n"
        "  3 bulletins en personne, 1 par procuration.\n"
    ) in french
    assert "### Election of the Board (tour 1, 1 siège) : close" in french
    assert f"| {room.delegates[3].organization.name} | Europe | 3 | élu·e |" in french
    assert (
        "  Padrón: 3 miembros presentes y 1 representado, de 5 al corriente de sus "
        "obligaciones; quórum: 3 miembros presentes o representados.\n"
        "  Mayoría: 3 votos a favor, de los 4 miembros presentes o representados.\n"
    ) in spanish
    assert "  Representados por poder: Absentville por City0.\n" in spanish
    assert "El registro tiene 16 eventos; su huella (SHA-256, encadenada) es" in spanish
