"""The demo on site: the live debate's chair sees its room filled by the doors."""

import pytest
from django.core.management import call_command

from debates.models import Debate
from forums.models import Seat
from onsite import selectors
from onsite.models import Scan

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_the_demo_live_debate_has_two_of_three_seated_delegates_in_its_room():
    call_command("seed_demo")
    live = Debate.objects.get(status="live")
    seated = Seat.objects.filter(forum=live.forum, status=Seat.Status.CONFIRMED).count()
    scans = Scan.objects.count()

    room = selectors.presence(forum_id=live.forum_id)
    call_command("seed_demo")

    assert room.tracked
    assert room.in_room == seated - seated // 3
    assert Scan.objects.count() == scans
