"""Two offline scanners sync the same queue at the same moment, and four doors scan the
same badge at once, through real HTTP workers: each scan is recorded once, and one entry
counts while the others are "already inside".

Runs on SQLite and, in the services pass, on PostgreSQL (the accreditation's row lock).
"""

import datetime
import json
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.authtoken.models import Token

from harness.processes import start_workers, wait_for_other_database_sessions_to_end
from harness.requests import burst
from onsite import services
from onsite.badges.prints import badge_code
from onsite.models import Scan
from tests.factories import AccreditationFactory, CheckInListFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workers(tmp_path):
    started = start_workers(2, log_dir=tmp_path)
    yield started
    for worker in started:
        worker.stop()
    wait_for_other_database_sessions_to_end()


def test_the_same_scans_at_once_are_counted_once(workers):
    event = EventFactory()
    entrance = CheckInListFactory(event=event)
    secretariat = UserFactory(is_staff=True)
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="scan_badges"))
    token = Token.objects.create(user=staff).key
    badges = [
        services.badge_issue(actor=secretariat, accreditation=AccreditationFactory(event=event))
        for _ in range(4)
    ]
    at = (timezone.now() - datetime.timedelta(minutes=5)).isoformat()
    queue = [
        {"scan_id": str(uuid.uuid4()), "code": badge_code(badge), "scanned_at": at}
        for badge in badges[:3]
    ]
    same_badge = [
        {"scan_id": str(uuid.uuid4()), "code": badge_code(badges[3]), "scanned_at": at}
        for _ in range(4)
    ]
    bodies = [queue] * 4 + [[scan] for scan in same_badge]

    answers = burst(
        [
            (
                "POST",
                f"{workers[n % len(workers)].http_url}/api/v1/scans/",
                {"Authorization": f"Token {token}", "Content-Type": "application/json"},
                json.dumps({"list": entrance.pk, "scans": scans}).encode(),
            )
            for n, scans in enumerate(bodies)
        ]
    )

    assert [answer.status for answer in answers] == [200] * 8, "".join(
        worker.log() for worker in workers
    )
    synced = [[row["outcome"] for row in answer.body["results"]] for answer in answers[:4]]
    assert synced == [["accepted"] * 3] * 4
    doors = sorted(answer.body["results"][0]["outcome"] for answer in answers[4:])
    assert doors == ["accepted", "already_inside", "already_inside", "already_inside"]
    assert Scan.objects.count() == 3 + 4
    assert Scan.objects.filter(outcome="accepted").count() == 4
