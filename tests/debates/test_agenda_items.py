"""The queue, motions and votes belong to the agenda item open when they were made, and
the speakers' list of an item ends with it."""

import pytest

from debates import services
from debates.models import Debate, DebateEvent, FloorRequest
from debates.state import fold
from plenary.errors import Conflict
from tests.debates.conftest import make_room
from tests.debates.scenarios import wire_log

pytestmark = pytest.mark.django_db


def live_room():
    room = make_room(delegates=3)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    return room


def open_item(room, title):
    item = services.agenda_item_add(
        actor=room.chair, debate_id=room.debate.pk, title={"en": title, "fr": title, "es": title}
    )
    services.agenda_item_open(actor=room.chair, debate_id=room.debate.pk, item_id=item.pk)
    return item


def state(room) -> dict:
    return Debate.objects.get(pk=room.debate.pk).state


def test_requests_motions_and_votes_carry_the_item_open_when_they_were_made():
    room = live_room()
    d = room.debate.pk
    amina, diego, mei = room.delegates
    services.floor_request(actor=mei.user, debate_id=d)
    before = services.motion_propose(actor=mei.user, debate_id=d, text="Adopt the agenda")
    report = open_item(room, "Annual report")
    services.floor_request(actor=amina.user, debate_id=d)
    motion = services.motion_propose(actor=amina.user, debate_id=d, text="Approve the report")
    services.motion_second(actor=diego.user, debate_id=d, motion_id=motion.pk)
    vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=motion.pk, secret=False)

    now = state(room)

    assert [(e["delegate"]["name"], e["item"]) for e in now["queue"]] == [
        (mei.display_name, None),
        (amina.display_name, report.pk),
    ]
    assert [(m["id"], m["item"]) for m in now["motions"]] == [
        (before.pk, None),
        (motion.pk, report.pk),
    ]
    assert [(v["id"], v["item"]) for v in now["votes"]] == [(vote.pk, report.pk)]
    assert fold(wire_log(d)) == now


def test_closing_an_item_withdraws_the_requests_still_waiting_on_its_speakers_list():
    room = live_room()
    d = room.debate.pk
    amina, diego, mei = room.delegates
    report = open_item(room, "Annual report")
    for delegate in (amina, diego, mei):
        services.floor_request(actor=delegate.user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    services.floor_end(actor=room.chair, debate_id=d)

    services.agenda_item_close(actor=room.chair, debate_id=d, item_id=report.pk)

    waiting = FloorRequest.objects.filter(debate_id=d, delegate__in=[diego, mei])
    closed = DebateEvent.objects.get(debate_id=d, type="agenda.item_closed").data
    assert state(room)["queue"] == []
    assert set(waiting.values_list("status", flat=True)) == {"withdrawn"}
    assert closed == {"item": report.pk, "withdrawn": sorted(waiting.values_list("pk", flat=True))}
    assert fold(wire_log(d)) == state(room)
    # On the next item, a delegate asks again, and speaks on that item's list.
    accounts = open_item(room, "Accounts")
    services.floor_request(actor=diego.user, debate_id=d)
    assert [(e["delegate"]["name"], e["item"]) for e in state(room)["queue"]] == [
        (diego.display_name, accounts.pk)
    ]


def test_an_item_does_not_close_while_someone_has_the_floor_or_a_vote_is_open():
    room = live_room()
    d = room.debate.pk
    amina, diego, _mei = room.delegates
    report = open_item(room, "Annual report")
    services.floor_request(actor=amina.user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)

    with pytest.raises(Conflict) as speaking:
        services.agenda_item_close(actor=room.chair, debate_id=d, item_id=report.pk)
    services.floor_end(actor=room.chair, debate_id=d)
    motion = services.motion_propose(actor=amina.user, debate_id=d, text="Approve the report")
    services.motion_second(actor=diego.user, debate_id=d, motion_id=motion.pk)
    services.vote_open(actor=room.chair, debate_id=d, motion_id=motion.pk, secret=False)
    with pytest.raises(Conflict) as voting:
        services.agenda_item_close(actor=room.chair, debate_id=d, item_id=report.pk)

    assert str(speaking.value) == "Someone has the floor: end the speech before closing the item."
    assert str(voting.value) == "A vote is open: close it before closing the item."
    assert state(room)["agenda"]["current"] == report.pk
    assert not DebateEvent.objects.filter(debate_id=d, type="agenda.item_closed").exists()
