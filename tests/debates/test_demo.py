"""The demo's live debate starts fresh whenever it is opened: nobody holds the floor, the
next speakers wait, and the speeches already heard lasted as speeches do."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from debates.minutes import minutes_build
from debates.models import Debate

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_the_demo_live_debate_waits_for_the_chair_to_give_the_floor():
    call_command("seed_demo")
    live = Debate.objects.get(status="live")

    speakers = minutes_build(live)["speakers"]

    assert live.state["speaker"] is None
    assert [entry["delegate"]["name"] for entry in live.state["queue"][:3]] == [
        "Diego Restrepo",
        "Mei Chen",
        "Lucas Ferreira",
    ]
    assert [(s["name"], s["kind"], s["spoken_seconds"]) for s in speakers] == [
        ("Claire Dubois", "point_of_order", 45.0),
        ("Amina Diallo", "speech", 164.0),
    ]
    assert all(event.created_at < timezone.now() for event in live.events.all())
