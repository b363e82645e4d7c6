"""The secretariat's badge printing on the web: the dashboard's form starts a job and leads
to its progress page (a bar, a count, a refresh without JavaScript, in English, French
and Spanish), which asks a small JSON status and offers the PDF once printed; nobody else
starts, follows or downloads a job; unknown jobs are 404 and unknown layouts 400. The
back office's actions start jobs the same way."""

import datetime
import json

import pytest
from django.utils import timezone

from onsite import services
from onsite.models import BadgePrintJob
from tests.factories import AccreditationFactory, BadgePrintJobFactory, UserFactory
from tests.onsite.badges.support import decoded_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def badges(event, secretariat):
    return [
        services.badge_issue(actor=secretariat, accreditation=AccreditationFactory(event=event))
        for _ in range(3)
    ]


def test_the_dashboard_form_starts_a_job_and_leads_to_its_progress_page(
    client, secretariat, event, badges
):
    client.force_login(secretariat)
    services.badge_settings_set(actor=secretariat, event=event, layout="band", paper="a6")

    dashboard = client.get(f"/onsite/events/{event.slug}/").content.decode()
    started = client.post(
        f"/onsite/events/{event.slug}/badges/print/", {"layout": "contrast", "paper": "a4"}
    )
    job = BadgePrintJob.objects.get()
    page = client.get(started["Location"])
    html = page.content.decode()

    assert '<option value="band" selected>' in dashboard
    assert '<option value="a6" selected>' in dashboard
    assert started.status_code == 302
    assert started["Location"] == f"/onsite/print-jobs/{job.pk}/"
    assert (job.layout, job.paper, job.total, job.status) == ("contrast", "a4", 3, "queued")
    assert page.status_code == 200
    assert '<progress max="3" value="0" data-bar' in html
    assert "Badges printed: 0 of 3" in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'data-status-url="/onsite/print-jobs/{job.pk}/status/"' in html
    assert "/static/js/onsite/print-job.js" in html
    assert (
        f'<p data-download hidden><a class="button" href="/onsite/print-jobs/{job.pk}/badges.pdf">'
        in html
    )


def test_the_status_follows_the_run_and_the_pdf_is_offered_when_printed(
    client, secretariat, event, badges
):
    client.force_login(secretariat)
    job = services.badge_print_job_start(actor=secretariat, event=event, paper="a6")
    status_url = f"/onsite/print-jobs/{job.pk}/status/"

    queued = client.get(status_url).json()
    early = client.get(f"/onsite/print-jobs/{job.pk}/badges.pdf")
    services.badge_print_job_run(job_id=job.pk)
    done = client.get(status_url)
    page = client.get(f"/onsite/print-jobs/{job.pk}/").content.decode()
    pdf = client.get(f"/onsite/print-jobs/{job.pk}/badges.pdf")

    assert queued == {
        "id": job.pk,
        "state": "queued",
        "label": "Queued",
        "done": 0,
        "total": 3,
        "percent": 0,
        "message": "",
        "download": None,
    }
    assert early.status_code == 409
    assert done["Cache-Control"] == "no-store"
    assert json.loads(done.content) == {
        **queued,
        "state": "done",
        "label": "Ready",
        "done": 3,
        "percent": 100,
        "download": f"/onsite/print-jobs/{job.pk}/badges.pdf",
    }
    assert "<noscript>" not in page
    assert '<p data-download><a class="button"' in page
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        f'attachment; filename="badges-{event.slug}-{job.pk}-a6.pdf"'
    )
    assert pdf["Cache-Control"] == "private, no-store"
    assert len(decoded_codes(pdf.content)) == 3


def test_the_status_endpoint_reads_the_job_in_one_query(
    client, secretariat, event, badges, django_assert_num_queries
):
    job = services.badge_print_job_start(actor=secretariat, event=event)
    client.force_login(secretariat)
    # The session, the user and their delegate profile (the language they chose), then the job.
    client.get(f"/onsite/print-jobs/{job.pk}/status/")

    with django_assert_num_queries(4):
        response = client.get(f"/onsite/print-jobs/{job.pk}/status/")

    assert response.json()["total"] == 3


def test_nobody_but_the_secretariat_starts_follows_or_downloads_a_job(
    client, delegate, event, badges
):
    job = BadgePrintJobFactory(event=event, badges=badges, status="done", done=3, pdf=b"%PDF-1.4")
    door_staff = UserFactory()
    answers = []
    for user in (delegate.user, door_staff):
        client.force_login(user)
        answers += [
            client.post(f"/onsite/events/{event.slug}/badges/print/", {"layout": "band"}),
            client.get(f"/onsite/print-jobs/{job.pk}/"),
            client.get(f"/onsite/print-jobs/{job.pk}/status/"),
            client.get(f"/onsite/print-jobs/{job.pk}/badges.pdf"),
            client.post(f"/onsite/print-jobs/{job.pk}/restart/"),
        ]
    client.logout()
    anonymous = client.get(f"/onsite/print-jobs/{job.pk}/status/")

    assert [answer.status_code for answer in answers] == [403] * 10
    assert anonymous.status_code == 302
    assert BadgePrintJob.objects.count() == 1


def test_an_unknown_job_is_404_and_a_layout_not_offered_is_400(client, secretariat, event, badges):
    client.force_login(secretariat)

    missing = [
        client.get("/onsite/print-jobs/999999/").status_code,
        client.get("/onsite/print-jobs/999999/status/").status_code,
        client.get("/onsite/print-jobs/999999/badges.pdf").status_code,
        client.post("/onsite/print-jobs/999999/restart/").status_code,
        client.post("/onsite/events/no-such-event/badges/print/").status_code,
    ]
    poster = client.post(f"/onsite/events/{event.slug}/badges/print/", {"layout": "poster"})
    a3 = client.post(f"/onsite/events/{event.slug}/badges/print/", {"paper": "a3"})

    assert missing == [404] * 5
    assert poster.status_code == 400
    assert "Unknown badge layout." in poster.content.decode()
    assert a3.status_code == 400
    assert "Unknown paper size." in a3.content.decode()
    assert BadgePrintJob.objects.count() == 0


def test_a_stale_job_says_so_and_starts_again_from_its_page(client, secretariat, event, badges):
    long_ago = timezone.now() - BadgePrintJob.STALE_AFTER - datetime.timedelta(minutes=1)
    job = BadgePrintJobFactory(
        event=event, badges=badges, status="running", done=2, updated_at=long_ago
    )
    client.force_login(secretariat)

    status = client.get(f"/onsite/print-jobs/{job.pk}/status/").json()
    page = client.get(f"/onsite/print-jobs/{job.pk}/").content.decode()
    restarted = client.post(f"/onsite/print-jobs/{job.pk}/restart/")
    job.refresh_from_db()

    assert (status["state"], status["label"], status["done"]) == ("stale", "Stopped", 2)
    assert "This job has stopped moving" in page
    assert "<noscript>" not in page
    assert f'action="/onsite/print-jobs/{job.pk}/restart/"' in page
    assert restarted["Location"] == f"/onsite/print-jobs/{job.pk}/"
    assert (job.status, job.attempt, job.done) == ("queued", 2, 0)


@pytest.mark.parametrize(
    ("language", "heading", "count", "label"),
    [
        ("fr", "Impression des badges", "Badges imprimés : 0 sur 3", "En attente"),
        ("es", "Impresión de credenciales", "Credenciales impresas: 0 de 3", "En espera"),
    ],
)
def test_the_progress_page_speaks_french_and_spanish(
    client, secretariat, event, badges, language, heading, count, label
):
    job = services.badge_print_job_start(actor=secretariat, event=event)
    client.force_login(secretariat)

    page = client.get(f"/onsite/print-jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    status = client.get(f"/onsite/print-jobs/{job.pk}/status/", HTTP_ACCEPT_LANGUAGE=language)

    assert heading in page.content.decode()
    assert count in page.content.decode()
    assert status.json()["label"] == label


def test_the_back_office_actions_start_jobs_and_lead_to_their_progress(
    client, secretariat, event, badges
):
    client.force_login(secretariat)
    AccreditationFactory(event=event)  # approved, without a badge yet
    key = event.signing_key

    issued = client.post(
        "/admin/onsite/signingkey/",
        {"action": "issue_missing_badges", "_selected_action": [key.pk]},
    )
    every = client.post(
        "/admin/onsite/signingkey/",
        {"action": "print_every_badge", "_selected_action": [key.pk]},
    )
    selected = client.post(
        "/admin/onsite/badge/",
        {"action": "print_a6", "_selected_action": [badges[0].pk, badges[1].pk]},
    )
    first, second, third = BadgePrintJob.objects.order_by("pk")
    jobs = client.get("/admin/onsite/badgeprintjob/")

    assert [issued["Location"], every["Location"], selected["Location"]] == [
        f"/onsite/print-jobs/{job.pk}/" for job in (first, second, third)
    ]
    assert [(job.total, job.paper) for job in (first, second, third)] == [
        (1, "a4"),
        (4, "a4"),
        (2, "a6"),
    ]
    assert jobs.status_code == 200
    assert f'href="/onsite/print-jobs/{first.pk}/"' in jobs.content.decode()


def test_the_secretariat_picks_an_event_layout_in_the_back_office(client, secretariat, event):
    client.force_login(secretariat)

    response = client.post(
        "/admin/onsite/badgesettings/add/",
        {"event": event.pk, "layout": "contrast", "paper": "a6"},
    )

    assert response.status_code == 302
    assert (event.badge_settings.layout, event.badge_settings.paper) == ("contrast", "a6")
