"""A point of order interrupts the speaker: the speech stops with the time it has left,
the point is heard, and the speech resumes with that time; only the time the floor was
really held counts, in the balance and the minutes."""

import pytest
from django.utils import timezone

from debates import services
from debates.events import iso
from debates.minutes import minutes_build, minutes_present
from debates.models import Debate, DebateEvent, FloorRequest
from plenary.errors import Conflict
from tests.debates.conftest import make_room

pytestmark = pytest.mark.django_db


def speech_under_way(clock, speaking_seconds=120):
    room = make_room(delegates=3, speaking_seconds=speaking_seconds)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    speech = services.floor_request(actor=room.delegates[0].user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    return room, d, speech


def point_of_order(room, d, delegate=1):
    return services.floor_request(
        actor=room.delegates[delegate].user, debate_id=d, kind="point_of_order"
    )


def state(d) -> dict:
    return Debate.objects.get(pk=d).state


def spoken(d) -> dict[int, float]:
    ended = DebateEvent.objects.filter(debate_id=d, type="floor.ended").order_by("seq")
    return {event.data["request"]: event.data["spoken_seconds"] for event in ended}


def test_a_point_of_order_interrupts_the_speech_which_resumes_with_its_time_left(clock):
    room, d, speech = speech_under_way(clock)
    clock.advance(40)
    point = point_of_order(room, d)
    services.floor_grant(actor=room.chair, debate_id=d)
    during = state(d)
    clock.advance(15)
    services.floor_end(actor=room.chair, debate_id=d)
    after = state(d)
    clock.advance(30)
    services.floor_end(actor=room.delegates[0].user, debate_id=d)

    assert during["speaker"]["request"] == point.pk
    assert during["interrupted"]["request"] == speech.pk
    assert during["interrupted"]["paused_remaining"] == 80.0
    assert during["interrupted"]["ends_at"] is None
    assert after["interrupted"] is None
    assert after["speaker"]["request"] == speech.pk
    assert after["speaker"]["ends_at"] == iso(clock.now - timezone.timedelta(seconds=30 - 80))
    assert after["speaker"]["paused_remaining"] is None
    assert spoken(d) == {point.pk: 15.0, speech.pk: 70.0}
    assert state(d)["balance"]["by_organization"][str(room.delegates[0].organization_id)] == {
        "name": room.delegates[0].organization.short_name,
        "seconds": 70.0,
        "speeches": 1,
    }
    types = list(
        DebateEvent.objects.filter(debate_id=d, type__startswith="floor.")
        .order_by("seq")
        .values_list("type", flat=True)
    )
    assert types[-6:] == [
        "floor.requested",
        "floor.interrupted",
        "floor.granted",
        "floor.ended",
        "floor.resumed",
        "floor.ended",
    ]
    speakers = minutes_present(minutes_build(Debate.objects.get(pk=d)))["speakers"]
    assert [(s["kind_label"], s["duration"]) for s in speakers] == [
        ("speech, interrupted by a point of order", "1:10"),
        ("point of order", "0:15"),
    ]


def test_only_a_point_of_order_interrupts_and_never_another_point(clock):
    room, d, _speech = speech_under_way(clock)
    services.floor_request(actor=room.delegates[1].user, debate_id=d)

    with pytest.raises(Conflict, match=r"^Someone has the floor: end it first\.$"):
        services.floor_grant(actor=room.chair, debate_id=d)
    point_of_order(room, d, delegate=2)
    services.floor_grant(actor=room.chair, debate_id=d)
    point_of_order(room, d, delegate=1)
    with pytest.raises(Conflict, match=r"^Someone has the floor: end it first\.$"):
        services.floor_grant(actor=room.chair, debate_id=d)

    statuses = dict(FloorRequest.objects.filter(debate_id=d).values_list("delegate_id", "status"))
    assert statuses[room.delegates[0].pk] == "interrupted"
    assert statuses[room.delegates[2].pk] == "speaking"


def test_a_speech_the_chair_had_paused_stays_paused_after_the_point(clock):
    room, d, speech = speech_under_way(clock)
    clock.advance(10)
    services.timer_control(actor=room.chair, debate_id=d, action="pause")
    clock.advance(20)
    point_of_order(room, d)
    services.floor_grant(actor=room.chair, debate_id=d)
    clock.advance(15)
    services.floor_end(actor=room.delegates[1].user, debate_id=d)

    speaker = state(d)["speaker"]
    assert speaker["request"] == speech.pk
    assert speaker["ends_at"] is None
    assert speaker["paused_remaining"] == 110.0


def test_closing_during_a_point_of_order_ends_it_and_the_speech_it_interrupted(clock):
    room, d, speech = speech_under_way(clock)
    clock.advance(25)
    point = point_of_order(room, d)
    services.floor_grant(actor=room.chair, debate_id=d)
    clock.advance(5)
    services.debate_transition(actor=room.chair, debate_id=d, to="closed")

    assert state(d)["speaker"] is None
    assert state(d)["interrupted"] is None
    assert spoken(d) == {point.pk: 5.0, speech.pk: 25.0}
    assert set(FloorRequest.objects.filter(debate_id=d).values_list("status", flat=True)) == {
        "done"
    }
