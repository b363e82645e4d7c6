"""Check-in through the API: a door's lists, the offline bundle, search by name, scans one
or a queue at a time (sent twice, counted once), the counts per door, and bad input."""

import datetime
import uuid
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from onsite.badges.prints import badge_code
from onsite.models import Scan
from tests.factories import AccreditationFactory, CheckInListFactory, DoorFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def scan_body(entrance, *scans):
    return {"list": entrance.pk, "scans": list(scans)}


def one(code=None, *, at=None, direction="entry", scan_id=None, **extra):
    body = {
        "scan_id": str(scan_id or uuid.uuid4()),
        "direction": direction,
        "scanned_at": (at or timezone.now()).isoformat(),
        **extra,
    }
    if code is not None:
        body["code"] = code
    return body


def test_door_staff_see_the_lists_and_delegates_do_not(door_staff, delegate, entrance, north_door):
    staff = client_for(door_staff).get("/api/v1/checkin-lists/")
    others = client_for(delegate.user).get("/api/v1/checkin-lists/")

    assert staff.status_code == 200
    assert [
        (row["name"], [door["name"] for door in row["doors"]]) for row in staff.json()["results"]
    ] == [("Main entrance", ["North"])]
    assert others.json()["results"] == []


def test_the_list_of_lists_costs_the_same_queries_for_one_or_many(door_staff, event):
    CheckInListFactory(event=event)
    client = client_for(door_staff)
    client.get("/api/v1/checkin-lists/")  # the user's permissions are read once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/checkin-lists/")
    for _ in range(4):
        DoorFactory(checkin_list=CheckInListFactory(event=event))
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/checkin-lists/")

    assert len(many) == len(few), "\n".join(q["sql"][:90] for q in many)


def test_an_offline_queue_synced_twice_counts_each_scan_once(
    badge, door_staff, entrance, north_door
):
    client = client_for(door_staff)
    code = badge_code(badge)
    start = timezone.now() - datetime.timedelta(hours=1)
    queue = scan_body(
        entrance,
        one(code, at=start, door=north_door.pk),
        one(code, at=start + datetime.timedelta(minutes=10), direction="exit", door=north_door.pk),
        one(code, at=start + datetime.timedelta(minutes=20), door=north_door.pk),
    )

    first = client.post("/api/v1/scans/", queue, format="json")
    second = client.post("/api/v1/scans/", queue, format="json")
    counts = client.get(f"/api/v1/checkin-lists/{entrance.pk}/counts/")

    assert [row["outcome"] for row in first.json()["results"]] == ["accepted"] * 3
    assert [row["replayed"] for row in second.json()["results"]] == [True] * 3
    assert first.json()["results"][0]["person"]["name"] == badge.name
    assert Scan.objects.count() == 3
    assert counts.json() == {
        "inside": 1,
        "doors": [{"id": north_door.pk, "name": "North", "entries": 2, "exits": 1}],
    }


def test_a_rescan_answers_already_inside_with_the_time(badge, door_staff, entrance):
    client = client_for(door_staff)
    at = timezone.now() - datetime.timedelta(minutes=5)
    client.post("/api/v1/scans/", scan_body(entrance, one(badge_code(badge), at=at)), format="json")

    again = client.post(
        "/api/v1/scans/", scan_body(entrance, one(badge_code(badge))), format="json"
    )

    (row,) = again.json()["results"]
    assert (row["outcome"], row["inside_since"]) == ("already_inside", at.isoformat())
    madrid = zoneinfo.ZoneInfo(entrance.event.time_zone)  # the event's clock, not the server's
    assert row["message"] == f"Already inside since {timezone.localtime(at, madrid):%H:%M}."


def test_a_refused_badge_says_why_in_the_readers_language(badge, door_staff, entrance):
    client = client_for(door_staff)

    answer = client.post(
        "/api/v1/scans/",
        scan_body(entrance, one("PL:" + "A" * 127)),
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    (row,) = answer.json()["results"]
    assert (row["outcome"], row["reason"], row["person"]) == ("refused", "malformed", None)
    assert row["message"] == "Ce n\u2019est pas un code de badge."


def test_a_scan_dated_in_the_future_is_an_error_of_its_own_and_the_rest_is_recorded(
    badge, door_staff, entrance
):
    late = one(badge_code(badge), at=timezone.now() + datetime.timedelta(days=1))

    answer = client_for(door_staff).post(
        "/api/v1/scans/", scan_body(entrance, late, one(badge_code(badge))), format="json"
    )

    first, second = answer.json()["results"]
    assert first["error"]["code"] == "clock"
    assert second["outcome"] == "accepted"
    assert Scan.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"list": 1, "scans": []},
        {
            "list": 1,
            "scans": [{"scan_id": "nope", "scanned_at": "2027-01-01T09:00:00Z", "code": "x"}],
        },
        {
            "list": 1,
            "scans": [{"scan_id": str(uuid.UUID(int=1)), "scanned_at": "2027-01-01T09:00:00Z"}],
        },
        {
            "list": 1,
            "scans": [{"scan_id": str(uuid.UUID(int=1)), "scanned_at": "soon", "code": "x"}],
        },
        {
            "list": 1,
            "scans": [
                {
                    "scan_id": str(uuid.UUID(int=1)),
                    "scanned_at": "2027-01-01T09:00:00Z",
                    "code": "x",
                    "direction": "sideways",
                }
            ],
        },
        {"list": "1.5", "scans": "all"},
        {
            "list": 1,
            "scans": [
                {"scan_id": str(uuid.uuid4()), "scanned_at": "2027-01-01T09:00:00Z", "code": "x"}
            ]
            * 501,
        },
    ],
)
def test_bad_input_is_a_400_and_records_nothing(door_staff, entrance, body):
    body = {**body, "list": entrance.pk} if body["list"] == 1 else body

    answer = client_for(door_staff).post("/api/v1/scans/", body, format="json")

    assert answer.status_code == 400
    assert Scan.objects.count() == 0


def test_an_id_out_of_range_is_a_400(door_staff, entrance):
    body = (
        f'{{"list": {entrance.pk}, "scans": [{{"scan_id": "{uuid.uuid4()}",'
        ' "scanned_at": "2027-01-01T09:00:00Z", "accreditation": 1e999}]}'
    )

    answer = client_for(door_staff).post("/api/v1/scans/", body, content_type="application/json")

    assert answer.status_code == 400
    assert Scan.objects.count() == 0


def test_a_delegate_cannot_scan(delegate, badge, entrance):
    answer = client_for(delegate.user).post(
        "/api/v1/scans/", scan_body(entrance, one(badge_code(badge))), format="json"
    )

    assert answer.status_code == 403
    assert Scan.objects.count() == 0


def test_a_door_of_another_list_is_a_404(badge, door_staff, entrance, event):
    elsewhere = DoorFactory(checkin_list=CheckInListFactory(event=event))

    answer = client_for(door_staff).post(
        "/api/v1/scans/",
        scan_body(entrance, one(badge_code(badge), door=elsewhere.pk)),
        format="json",
    )

    assert answer.status_code == 404
    assert Scan.objects.count() == 0


def test_the_offline_bundle_has_the_key_each_persons_badge_version_and_who_is_inside(
    badge, secretariat, door_staff, entrance, event
):
    from onsite import services

    reprint = services.badge_issue(actor=secretariat, accreditation=badge.accreditation)
    no_badge = AccreditationFactory(event=event)
    AccreditationFactory(event=event, status="pending")
    client = client_for(door_staff)
    client.post("/api/v1/scans/", scan_body(entrance, one(badge_code(reprint))), format="json")

    bundle = client.get(f"/api/v1/checkin-lists/{entrance.pk}/offline/").json()

    assert bundle["public_key"]
    assert [(row["accreditation"], row["version"], row["seat"]) for row in bundle["people"]] == [
        (badge.accreditation_id, 2, True),
        (no_badge.pk, None, True),
    ]
    assert bundle["people"][0]["inside_since"] is not None


def test_door_staff_find_a_delegate_by_name(badge, door_staff, entrance):
    last_name = badge.accreditation.delegate.user.last_name

    found = client_for(door_staff).get(
        f"/api/v1/checkin-lists/{entrance.pk}/search/", {"q": last_name.upper()}
    )

    assert [row["accreditation"] for row in found.json()["results"]] == [badge.accreditation_id]


@pytest.mark.parametrize("endpoint", ["offline", "search", "counts"])
def test_the_door_endpoints_cost_the_same_queries_for_few_or_many_people(
    door_staff, secretariat, event, entrance, endpoint
):
    from onsite import services

    client = client_for(door_staff)
    url = f"/api/v1/checkin-lists/{entrance.pk}/{endpoint}/"
    params = {"q": "Tester"} if endpoint == "search" else {}

    def add_people(count):
        for _ in range(count):
            badge = services.badge_issue(
                actor=secretariat, accreditation=AccreditationFactory(event=event)
            )
            client.post(
                "/api/v1/scans/", scan_body(entrance, one(badge_code(badge))), format="json"
            )

    add_people(1)
    client.get(url, params)  # the user's permissions are read once
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    add_people(4)
    with CaptureQueriesContext(connection) as many:
        answer = client.get(url, params)

    assert answer.status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"][:90] for q in many)
