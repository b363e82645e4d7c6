"""The door staff's pages and the secretariat's attendance dashboard (SVG charts, CSV)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from onsite import services
from tests.factories import AccreditationFactory, CheckInListFactory

pytestmark = pytest.mark.django_db


def test_door_staff_get_the_scanning_page_and_delegates_do_not(
    client, door_staff, delegate, entrance
):
    client.force_login(delegate.user)
    refused = client.get(f"/onsite/lists/{entrance.pk}/scan/")
    client.force_login(door_staff)
    index = client.get("/onsite/")
    page = client.get(f"/onsite/lists/{entrance.pk}/scan/", HTTP_ACCEPT_LANGUAGE="fr")
    worker = client.get("/onsite/worker.js")

    assert refused.status_code == 403
    assert "Main entrance" in index.content.decode()
    assert "Code du badge" in page.content.decode()
    assert worker["Content-Type"].startswith("text/javascript")
    assert "/static/js/onsite/scanner.js" in worker.content.decode()


def test_the_menu_leads_door_staff_to_their_doors_and_nobody_else(client, door_staff, delegate):
    client.force_login(delegate.user)
    delegate_home = client.get("/").content.decode()
    client.force_login(door_staff)
    staff_home = client.get("/").content.decode()

    assert 'href="/onsite/"' not in delegate_home
    assert '<a href="/onsite/">Check-in</a>' in staff_home


def test_the_dashboard_charts_arrivals_rooms_and_regions_and_exports_csv(
    client, secretariat, door_staff, event, entrance, badge
):
    AccreditationFactory(
        event=event, delegate__user__first_name="Nadia", delegate__user__last_name="Absent"
    )
    services.scan_record(
        actor=door_staff,
        checkin_list=entrance,
        scan_id=uuid.uuid4(),
        direction="entry",
        scanned_at=timezone.now() - datetime.timedelta(minutes=3),
        accreditation_id=badge.accreditation_id,
    )
    client.force_login(secretariat)

    page = client.get(f"/onsite/events/{event.slug}/").content.decode()
    csv = client.get(f"/onsite/events/{event.slug}/attendance.csv").content.decode("utf-8-sig")

    assert "1 of 2 accredited delegates have arrived; 1 are in the venue now." in page
    assert page.count("<svg") == 3
    assert "<title>Main entrance: 1</title>" in page
    assert "<title>Europe: 1</title>" in page
    assert "Nadia Absent" in page
    lines = csv.strip().splitlines()
    assert lines[0] == "Name,Organization,Region,First arrival,Inside now"
    assert sorted(line.rsplit(",", 1)[1] for line in lines[1:]) == ["no", "yes"]


def test_only_the_secretariat_sees_the_dashboard(client, door_staff, event):
    CheckInListFactory(event=event)
    client.force_login(door_staff)

    assert client.get(f"/onsite/events/{event.slug}/").status_code == 403
    assert client.get(f"/onsite/events/{event.slug}/attendance.csv").status_code == 403
