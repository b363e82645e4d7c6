"""Many delegates ask for the last seats at the same moment, through real HTTP workers.

Runs on SQLite (immediate transactions serialize writers) and, in the services pass,
on PostgreSQL (row lock / conditional update). Four daphne processes serve the burst.
"""

import json

import pytest

from demo.bulk import make_accredited_delegates
from forums.models import Seat
from harness.processes import start_workers, wait_for_other_database_sessions_to_end
from harness.requests import burst
from tests.factories import EventFactory, ForumFactory

pytestmark = pytest.mark.django_db(transaction=True)

DELEGATES = 200
CAPACITY = 50
CANCELLERS = 10


@pytest.fixture
def workers(tmp_path):
    started = start_workers(4, log_dir=tmp_path)
    yield started
    for worker in started:
        worker.stop()
    wait_for_other_database_sessions_to_end()


def test_burst_never_overbooks_and_cancellations_promote_in_order(workers):
    event = EventFactory()
    forum = ForumFactory(event=event, seat_capacity=CAPACITY)
    delegates = make_accredited_delegates(event, DELEGATES)

    takes = burst(
        [
            (
                "POST",
                f"{workers[n % len(workers)].http_url}/api/v1/seats/",
                {"Authorization": f"Token {token}", "Content-Type": "application/json"},
                json.dumps({"forum": forum.id}).encode(),
            )
            for n, (_delegate, token) in enumerate(delegates)
        ]
    )

    failures = [(r.status, r.error) for r in takes if r.status != 201]
    assert failures == [], "".join(worker.log() for worker in workers)
    statuses = [r.body["status"] for r in takes]
    assert statuses.count("confirmed") == CAPACITY
    assert statuses.count("waitlisted") == DELEGATES - CAPACITY
    assert sorted(r.body["position"] for r in takes if r.body["status"] == "waitlisted") == list(
        range(1, DELEGATES - CAPACITY + 1)
    )
    forum.refresh_from_db()
    assert forum.seats_taken == CAPACITY
    assert Seat.objects.filter(forum=forum, status="confirmed").count() == CAPACITY

    seat_of = {r.body["id"]: (r.body, delegates[n][1]) for n, r in enumerate(takes)}
    waitlist_before = sorted(
        (body["position"], seat_id)
        for seat_id, (body, _token) in seat_of.items()
        if body["status"] == "waitlisted"
    )
    cancelling = [
        (seat_id, token)
        for seat_id, (body, token) in seat_of.items()
        if body["status"] == "confirmed"
    ][:CANCELLERS]

    cancels = burst(
        [
            (
                "DELETE",
                f"{workers[n % len(workers)].http_url}/api/v1/seats/{seat_id}/",
                {"Authorization": f"Token {token}"},
                None,
            )
            for n, (seat_id, token) in enumerate(cancelling)
        ]
    )

    assert [r.status for r in cancels] == [204] * CANCELLERS
    expected_promoted = {seat_id for _position, seat_id in waitlist_before[:CANCELLERS]}
    now_confirmed = set(
        Seat.objects.filter(forum=forum, status="confirmed", was_waitlisted=True).values_list(
            "id", flat=True
        )
    )
    assert now_confirmed == expected_promoted
    forum.refresh_from_db()
    assert forum.seats_taken == CAPACITY
    remaining = Seat.objects.filter(forum=forum, status="waitlisted").order_by("id")
    assert [seat.id for seat in remaining] == [
        seat_id for _position, seat_id in waitlist_before[CANCELLERS:]
    ]
    logs = "".join(worker.log() for worker in workers)
    assert "database is locked" not in logs
    assert "Traceback" not in logs
