"""The doors feed the assembly: a roll call closed in a forum whose room has a check-in
list counts who answered in the room and who answered remotely, the minutes say both,
and the chair reads who is in the room before opening a vote."""

import datetime
import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from debates import services as debates
from debates.minutes import words
from debates.models import DebateEvent
from events.models import Accreditation
from onsite import services
from tests.debates.conftest import make_room
from tests.factories import CheckInListFactory

pytestmark = pytest.mark.django_db


def scan_in(door_staff, hall, delegate):
    accreditation = Accreditation.objects.get(delegate=delegate, event=hall.event)
    return services.scan_record(
        actor=door_staff,
        checkin_list=hall,
        scan_id=uuid.uuid4(),
        direction="entry",
        scanned_at=timezone.now() - datetime.timedelta(minutes=1),
        accreditation_id=accreditation.pk,
    )


def test_the_roll_call_counts_who_is_in_the_room_and_who_answered_remotely(door_staff):
    room = make_room(delegates=3)
    hall = CheckInListFactory(event=room.forum.event, forum=room.forum)
    scan_in(door_staff, hall, room.delegates[0])
    debate_id = room.debate.pk
    debates.debate_transition(actor=room.chair, debate_id=debate_id, to="open")
    debates.rollcall_open(actor=room.chair, debate_id=debate_id)
    for delegate in room.delegates[:2]:
        debates.rollcall_answer(actor=delegate.user, debate_id=debate_id)

    debates.rollcall_close(actor=room.chair, debate_id=debate_id)

    closed = DebateEvent.objects.get(debate_id=debate_id, type="rollcall.closed").data
    assert (closed["delegates_present"], closed["in_room"], closed["remote"]) == (2, 1, 1)
    summary = words._roll_call_words({**closed, "closed_at": "2027-01-01T10:00:00+00:00"}, "UTC")
    assert summary["summary"].endswith("In the room: 1; remotely: 1.")


def test_without_a_check_in_list_the_roll_call_says_nothing_of_the_room():
    room = make_room(delegates=1)
    debate_id = room.debate.pk
    debates.debate_transition(actor=room.chair, debate_id=debate_id, to="open")
    debates.rollcall_open(actor=room.chair, debate_id=debate_id)

    debates.rollcall_close(actor=room.chair, debate_id=debate_id)

    closed = DebateEvent.objects.get(debate_id=debate_id, type="rollcall.closed").data
    assert "in_room" not in closed


def test_the_chair_reads_who_is_in_the_room_and_a_delegate_cannot(door_staff):
    room = make_room(delegates=2)
    hall = CheckInListFactory(event=room.forum.event, forum=room.forum)
    scan_in(door_staff, hall, room.delegates[1])
    chair = APIClient()
    chair.force_authenticate(room.chair)
    delegate = APIClient()
    delegate.force_authenticate(room.delegates[0].user)

    seen = chair.get("/api/v1/presence/", {"forum": room.forum.pk})
    refused = delegate.get("/api/v1/presence/", {"forum": room.forum.pk})
    malformed = chair.get("/api/v1/presence/", {"forum": "1e999"})

    assert seen.json() == {
        "forum": room.forum.pk,
        "tracked": True,
        "in_room": 1,
        "delegates": [room.delegates[1].pk],
    }
    assert (refused.status_code, malformed.status_code) == (403, 400)


def test_the_chairs_room_page_asks_the_doors_only_where_they_count(client):
    tracked = make_room()
    CheckInListFactory(event=tracked.forum.event, forum=tracked.forum, name="Plenary hall")
    untracked = make_room()

    client.force_login(tracked.chair)
    chair_config = client.get(f"/debates/{tracked.debate.pk}/").context["config"]
    client.force_login(untracked.chair)
    untracked_config = client.get(f"/debates/{untracked.debate.pk}/").context["config"]
    client.force_login(tracked.delegates[0].user)
    delegate_config = client.get(f"/debates/{tracked.debate.pk}/").context["config"]

    assert chair_config["doors"] == f"/api/v1/presence/?forum={tracked.forum.pk}"
    assert untracked_config["doors"] is None
    assert "doors" not in delegate_config
