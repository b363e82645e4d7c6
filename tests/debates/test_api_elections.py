"""Elections through the API: chairs prepare them, everyone who may watch the debate
reads them, and counts appear only once the ballot box is closed."""

import pytest
from rest_framework.test import APIClient

from debates import services
from debates.models import Election
from tests.debates.conftest import make_room

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def board(room, **changes):
    return {
        "title": "Election of the Board",
        "seats": 1,
        "quorum_percent": 0,
        "candidates": [{"organization": d.organization_id} for d in room.delegates],
        **changes,
    }


def test_a_chair_prepares_an_election_with_its_candidates():
    room = make_room(delegates=2)

    answer = client_for(room.chair).post(
        f"/api/v1/debates/{room.debate.pk}/elections/", board(room), format="json"
    )

    assert answer.status_code == 201
    body = answer.json()
    assert (body["title"], body["seats"], body["status"], body["method"]) == (
        "Election of the Board",
        1,
        "prepared",
        "choose",
    )
    assert [c["name"] for c in body["candidates"]] == [d.organization.name for d in room.delegates]
    assert Election.objects.get().debate_id == room.debate.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seats": "1e999"}, "seats"),
        ({"seats": 0}, "seats"),
        ({"quorum_percent": 101}, "quorum_percent"),
        ({"method": "borda"}, "method"),
        ({"candidates": []}, "candidates"),
        ({"candidates": [{"organization": 1, "delegate": 2}]}, "candidates"),
        ({"candidates": [{"organization": "Dakar"}]}, "candidates"),
        ({"regional_minimum": {"africa": -1}}, "regional_minimum"),
        ({"title": ""}, "title"),
    ],
)
def test_a_malformed_election_is_refused_by_field(changes, field):
    room = make_room(delegates=2)

    answer = client_for(room.chair).post(
        f"/api/v1/debates/{room.debate.pk}/elections/", board(room, **changes), format="json"
    )

    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == [field]
    assert not Election.objects.exists()


def test_an_election_the_rules_forbid_is_refused_with_the_services_code():
    room = make_room(delegates=2)

    answer = client_for(room.chair).post(
        f"/api/v1/debates/{room.debate.pk}/elections/",
        board(room, regional_minimum={"atlantis": 1}),
        format="json",
    )

    assert (answer.status_code, answer.json()["code"]) == (400, "invalid_regions")
    assert not Election.objects.exists()


def test_only_chairs_prepare_elections():
    room = make_room(delegates=2)
    url = f"/api/v1/debates/{room.debate.pk}/elections/"

    delegate = client_for(room.delegates[0].user).post(url, board(room), format="json")
    anonymous = client_for().post(url, board(room), format="json")

    assert (delegate.status_code, delegate.json()["code"]) == (403, "forbidden")
    assert anonymous.status_code == 401
    assert not Election.objects.exists()


def test_counts_are_read_only_once_the_ballot_box_is_closed():
    room = make_room(delegates=2)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    url = f"/api/v1/debates/{d}/elections/"
    election_id = client_for(room.chair).post(url, board(room), format="json").json()["id"]
    services.election_open(actor=room.chair, debate_id=d, election_id=election_id)
    first = Election.objects.get().candidates.order_by("position").first()
    for delegate in room.delegates:
        services.election_cast(
            actor=delegate.user, debate_id=d, election_id=election_id, choices=[first.pk]
        )

    while_open = client_for(room.observer).get(url).json()
    services.election_close(actor=room.chair, debate_id=d, election_id=election_id)
    after = client_for(room.observer).get(url).json()

    assert [set(c) for c in while_open[0]["candidates"]] == [{"id", "name", "region"}] * 2
    assert while_open[0]["result"] == {}
    assert [c["votes"] for c in after[0]["candidates"]] == [2, 0]
    assert after[0]["result"]["elected"] == [first.pk]


def test_elections_list_query_count(django_assert_max_num_queries):
    room = make_room(delegates=3)
    url = f"/api/v1/debates/{room.debate.pk}/elections/"
    client = client_for(room.chair)
    client.post(url, board(room), format="json")
    client.get(url)
    for n in range(4):
        client.post(url, board(room, title=f"Election {n}"), format="json")

    with django_assert_max_num_queries(8):
        answer = client.get(url)

    assert len(answer.json()) == 5
