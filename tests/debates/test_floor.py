"""The floor: speaking time is the time the floor was really held (a suspension stops the
speaker's clock and the resumption starts it again, unless a chair had paused it before),
and each speech is in a language of the association's, which the queue and the minutes
carry."""

import pytest
from django.utils import timezone

from debates import services
from debates.minutes import minutes_build, minutes_present
from debates.models import Debate, DebateEvent
from plenary.errors import ServiceError
from tests.debates.conftest import make_room

pytestmark = pytest.mark.django_db


def speech_under_way(clock):
    room = make_room(delegates=2, speaking_seconds=120)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    return room, d


def spoken(d) -> float:
    ended = DebateEvent.objects.get(debate_id=d, type="floor.ended")
    return ended.data["spoken_seconds"]


def test_a_speech_around_a_suspension_is_credited_the_time_before_and_after_it(clock):
    room, d = speech_under_way(clock)
    clock.advance(20)
    services.debate_transition(actor=room.chair, debate_id=d, to="suspended")
    clock.advance(300)
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    speaker = Debate.objects.get(pk=d).state["speaker"]
    clock.advance(30)
    services.floor_end(actor=room.delegates[0].user, debate_id=d)

    assert speaker["paused_remaining"] is None
    assert speaker["ends_at"] == (
        clock.now - timezone.timedelta(seconds=30) + timezone.timedelta(seconds=100)
    ).isoformat().replace("+00:00", "Z")
    assert spoken(d) == 50.0
    balance = Debate.objects.get(pk=d).state["balance"]["by_region"]
    assert balance == {"africa": {"seconds": 50.0, "speeches": 1}}
    assert (
        minutes_present(minutes_build(Debate.objects.get(pk=d)))["speakers"][0]["duration"]
        == "0:50"
    )


def test_a_timer_the_chair_paused_before_a_suspension_stays_paused_after_it(clock):
    room, d = speech_under_way(clock)
    clock.advance(10)
    services.timer_control(actor=room.chair, debate_id=d, action="pause")
    clock.advance(5)
    services.debate_transition(actor=room.chair, debate_id=d, to="suspended")
    clock.advance(60)
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    speaker = Debate.objects.get(pk=d).state["speaker"]
    clock.advance(40)
    services.timer_control(actor=room.chair, debate_id=d, action="resume")
    clock.advance(15)
    services.floor_end(actor=room.chair, debate_id=d)

    assert (speaker["paused_remaining"], speaker["ends_at"]) == (110.0, None)
    assert spoken(d) == 25.0


def test_two_suspensions_in_one_speech_add_up_only_the_time_on_the_floor(clock):
    room, d = speech_under_way(clock)
    for held, away in ((12, 60), (8, 45)):
        clock.advance(held)
        services.debate_transition(actor=room.chair, debate_id=d, to="suspended")
        clock.advance(away)
        services.debate_transition(actor=room.chair, debate_id=d, to="live")
    clock.advance(5)
    services.floor_end(actor=room.chair, debate_id=d)

    assert spoken(d) == 25.0


# --- the language of a speech ------------------------------------------------------------


def test_a_speech_is_in_the_language_asked_or_the_delegates_first_one():
    room = make_room(delegates=2)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    amina, diego = room.delegates
    diego.languages = ["pt", "es", "en"]
    diego.save(update_fields=["languages"])

    services.floor_request(actor=amina.user, debate_id=d, language="fr")
    services.floor_request(actor=diego.user, debate_id=d)

    queue = Debate.objects.get(pk=d).state["queue"]
    assert [(entry["delegate"]["id"], entry["language"]) for entry in queue] == [
        (amina.pk, "fr"),
        (diego.pk, "es"),
    ]


def test_a_speech_in_a_language_not_the_associations_is_refused_and_nothing_is_queued():
    room = make_room(delegates=1)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    seq = Debate.objects.get(pk=d).seq

    with pytest.raises(ServiceError) as refused:
        services.floor_request(actor=room.delegates[0].user, debate_id=d, language="pt")

    assert refused.value.code == "unknown_language"
    assert Debate.objects.get(pk=d).seq == seq


def test_the_minutes_say_the_language_of_each_speech(clock):
    room = make_room(delegates=1)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    amina = room.delegates[0].user
    services.floor_request(actor=amina, debate_id=d, language="es")
    services.floor_grant(actor=room.chair, debate_id=d)
    services.floor_end(actor=amina, debate_id=d)
    services.debate_transition(actor=room.chair, debate_id=d, to="closed")

    shown = minutes_present(minutes_build(Debate.objects.get(pk=d)))

    assert [(s["language"], s["language_label"]) for s in shown["speakers"]] == [("es", "Spanish")]
