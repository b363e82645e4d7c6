"""Forum choices in the back office name the forum's event, in selects and list filters."""

import pytest

from tests.factories import EventFactory, ForumFactory, SeatFactory
from tests.support import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_housings():
    montreal = ForumFactory(title="Housing", event=EventFactory(title="Montréal 2027"))
    dakar = ForumFactory(title="Housing", event=EventFactory(title="Dakar 2028"))
    return montreal, dakar


def test_the_session_form_names_each_forum_with_its_event(secretariat, two_housings):
    montreal, dakar = two_housings

    html = signed_in(secretariat).get("/admin/forums/session/add/").content.decode()

    assert f'<option value="{montreal.pk}">Housing — Montréal 2027</option>' in html
    assert f'<option value="{dakar.pk}">Housing — Dakar 2028</option>' in html


@pytest.mark.parametrize(
    "path", ["/admin/forums/seat/", "/admin/forums/session/", "/admin/papers/positionpaper/"]
)
def test_the_forum_filter_names_each_forum_with_its_event(secretariat, two_housings, path):
    montreal, dakar = two_housings
    SeatFactory(forum=montreal)

    html = signed_in(secretariat).get(path).content.decode()

    assert f'href="?forum__id__exact={montreal.pk}">Housing — Montréal 2027</a>' in html
    assert f'href="?forum__id__exact={dakar.pk}">Housing — Dakar 2028</a>' in html


def test_the_check_in_list_form_names_each_forum_with_its_event(secretariat, two_housings):
    montreal, _dakar = two_housings

    html = signed_in(secretariat).get("/admin/onsite/checkinlist/add/").content.decode()

    assert f'<option value="{montreal.pk}">Housing — Montréal 2027</option>' in html
