"""The texts over the API: a list (resolutions with ``?status=adopted``), and the detail
with the room's entry for the text and the caller's actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.debates.texts import amendment_sitting, text_room

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_adopted_texts_are_listed_as_resolutions_in_a_fixed_number_of_queries():
    room = amendment_sitting()
    client = client_for(room.observer)

    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/api/v1/texts/", {"status": "adopted"})
    listed = client.get("/api/v1/texts/", {"debate": room.debate.pk})

    assert answer.status_code == 200
    assert [t["title"] for t in answer.json()["results"]] == ["Dakar Declaration on Housing"]
    assert answer.json()["results"][0]["url"].endswith(
        f"/debates/{room.debate.pk}/texts/{answer.json()['results'][0]['id']}/"
    )
    assert [t["status"] for t in listed.json()["results"]] == ["rejected", "adopted"]
    assert len(queries) <= 4


def test_the_detail_gives_the_consolidated_text_and_what_the_caller_may_do():
    room = text_room()
    path = f"/api/v1/texts/{room.draft.pk}/"

    as_chair = client_for(room.chair).get(path).json()
    as_delegate = client_for(room.delegates[0].user).get(path).json()
    as_observer = client_for(room.observer).get(path).json()

    assert [p["key"] for p in as_chair["text"]["paragraphs"]] == ["p1", "p2", "p3", "p4"]
    assert "voting_order.override" in as_chair["actions"]
    assert as_delegate["actions"] == ["amendment.submit"]
    assert as_observer["actions"] == []


def test_a_bad_debate_filter_is_refused():
    room = text_room(live=False)

    answer = client_for(room.observer).get("/api/v1/texts/", {"debate": "1e999"})

    assert answer.status_code == 400
    assert answer.json()["detail"] == "debate: A debate id is required."
