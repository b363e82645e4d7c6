"""The accreditations' back office: cancelling in bulk asks first, and times say their zone."""

import datetime

import pytest

from events.models import Accreditation
from forums.models import Seat
from forums.services import seat_take
from tests.factories import AccreditationFactory, EventFactory, ForumFactory, accredited_delegate
from tests.support import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def montreal():
    return EventFactory(title="Annual meeting", host_city="Montréal", time_zone="America/Toronto")


def test_bulk_cancel_asks_before_it_cancels(secretariat, montreal):
    delegate = accredited_delegate(montreal, user__first_name="Amina")
    accreditation = Accreditation.objects.get(delegate=delegate)
    seat = seat_take(actor=delegate.user, forum=ForumFactory(event=montreal))
    client = signed_in(secretariat)

    asked = client.post(
        "/admin/events/accreditation/",
        {"action": "cancel_selected", "_selected_action": [accreditation.pk]},
    )

    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Cancel these accreditations?" in html
    assert str(accreditation) in html
    assert f'name="_selected_action" value="{accreditation.pk}"' in html
    assert 'name="confirmed" value="1"' in html
    assert Accreditation.objects.get(pk=accreditation.pk).status == "approved"

    done = client.post(
        "/admin/events/accreditation/",
        {"action": "cancel_selected", "_selected_action": [accreditation.pk], "confirmed": "1"},
        follow=True,
    )

    assert "1 accreditation cancelled." in done.content.decode()
    assert Accreditation.objects.get(pk=accreditation.pk).status == "cancelled"
    assert Seat.objects.get(pk=seat.pk).status == "cancelled"


def test_the_list_shows_its_times_in_the_event_zone(secretariat, montreal):
    AccreditationFactory(
        event=montreal,
        status=Accreditation.Status.APPROVED,
        requested_at=datetime.datetime(2027, 3, 1, 15, 0, tzinfo=datetime.UTC),
        decided_at=datetime.datetime(2027, 3, 2, 14, 30, tzinfo=datetime.UTC),
    )

    html = signed_in(secretariat).get("/admin/events/accreditation/").content.decode()

    assert "03/01/2027 10:00 (Montréal time)" in html
    assert "03/02/2027 09:30 (Montréal time)" in html
