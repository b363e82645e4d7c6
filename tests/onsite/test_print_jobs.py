"""Badge print jobs: started by the secretariat only, rendered a chunk at a time with a
count that only grows until it reaches the total, ending with a PDF that holds exactly
the job's badges (their QR codes read back), or failed with the reason; a job whose
process died is stale and starts again; the thread path is the same run."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from onsite import services
from onsite.badges.prints import badge_code
from onsite.models import BadgePrintJob, BadgeSettings
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import (
    AccreditationFactory,
    BadgePrintJobFactory,
    BadgeSettingsFactory,
    EventFactory,
    UserFactory,
)
from tests.onsite.badges.support import decoded_codes, filled_rectangles, pdf_pages

pytestmark = pytest.mark.django_db


def issue(event, secretariat, count):
    return [
        services.badge_issue(actor=secretariat, accreditation=AccreditationFactory(event=event))
        for _ in range(count)
    ]


def watch_progress(monkeypatch):
    """The ``done`` of every progress update the run makes, in order."""
    seen = []
    update = services._job_update

    def recording(job_id, attempt, **fields):
        update(job_id, attempt, **fields)
        if "done" in fields:
            seen.append(fields["done"])

    monkeypatch.setattr(services, "_job_update", recording)
    return seen


def test_a_job_starts_queued_with_the_event_settings_and_runs_after_commit(
    event, secretariat, django_capture_on_commit_callbacks
):
    badges = issue(event, secretariat, 3)
    BadgeSettingsFactory(event=event, layout="band", paper="a6")

    with django_capture_on_commit_callbacks() as callbacks:
        job = services.badge_print_job_start(actor=secretariat, event=event)

    assert (job.status, job.layout, job.paper, job.total, job.done) == (
        "queued",
        "band",
        "a6",
        3,
        0,
    )
    assert sorted(job.badges.values_list("pk", flat=True)) == sorted(b.pk for b in badges)
    assert (job.requested_by, job.language) == (secretariat, "en")
    assert len(callbacks) == 1
    assert callbacks[0].func is services.badge_print_job_in_background
    assert callbacks[0].keywords == {"job_id": job.pk}


def test_an_event_without_settings_prints_classic_on_a4_unless_asked(event, secretariat):
    issue(event, secretariat, 1)

    default = services.badge_print_job_start(actor=secretariat, event=event)
    asked = services.badge_print_job_start(
        actor=secretariat, event=event, layout="contrast", paper="a6"
    )

    assert (default.layout, default.paper) == ("classic", "a4")
    assert (asked.layout, asked.paper) == ("contrast", "a6")
    assert not BadgeSettings.objects.exists()


def test_the_layout_chosen_for_the_event_is_the_one_printed(event, secretariat):
    issue(event, secretariat, 1)
    services.badge_settings_set(actor=secretariat, event=event, layout="band", paper="a6")
    job = services.badge_print_job_start(actor=secretariat, event=event)

    services.badge_print_job_run(job_id=job.pk)

    page = pdf_pages(bytes(BadgePrintJob.objects.get(pk=job.pk).pdf))[0]
    colour, rect = filled_rectangles(page)[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (297.64, 419.53)  # A6
    assert rect == (0.0, 0.0, 105.0, 64.0)  # the band layout's wide band, a delegate's blue
    assert colour == (30, 70, 160)


def test_a_run_counts_up_chunk_by_chunk_to_the_total_and_keeps_exactly_the_badges(
    event, secretariat, monkeypatch
):
    badges = issue(event, secretariat, 7)
    other = issue(EventFactory(), secretariat, 1)
    monkeypatch.setattr(services, "PRINT_CHUNK", 3)
    seen = watch_progress(monkeypatch)
    job = services.badge_print_job_start(actor=secretariat, event=event, paper="a4")

    services.badge_print_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert seen == [3, 6, 7]
    assert (job.status, job.done, job.total, job.message) == ("done", 7, 7, "")
    assert job.finished_at is not None
    pdf = bytes(job.pdf)
    assert len(pdf_pages(pdf)) == 2  # seven badges, four to a sheet
    assert sorted(decoded_codes(pdf)) == sorted(badge_code(badge) for badge in badges)
    assert other[0].pk not in job.badges.values_list("pk", flat=True)


def test_a_job_prints_the_badges_it_was_given_and_refuses_others(event, secretariat):
    mine = issue(event, secretariat, 3)
    foreign = issue(EventFactory(), secretariat, 1)

    job = services.badge_print_job_start(actor=secretariat, event=event, badges=mine[:2])
    with pytest.raises(ServiceError) as refused:
        services.badge_print_job_start(actor=secretariat, event=event, badges=[mine[2], *foreign])

    assert job.total == 2
    assert refused.value.code == "invalid_badges"


def test_a_badge_replaced_before_the_run_is_not_printed(event, secretariat):
    first, second = issue(event, secretariat, 2)
    job = services.badge_print_job_start(actor=secretariat, event=event)
    services.badge_issue(actor=secretariat, accreditation=first.accreditation)

    services.badge_print_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 1, 1)
    assert decoded_codes(bytes(job.pdf)) == [badge_code(second)]


def test_only_the_secretariat_starts_restarts_or_chooses(event, secretariat, delegate):
    issue(event, secretariat, 1)
    staff = UserFactory()
    job = BadgePrintJobFactory(event=event, status="failed")

    for attempt in (
        lambda: services.badge_print_job_start(actor=delegate.user, event=event),
        lambda: services.badge_print_job_restart(actor=staff, job=job),
        lambda: services.badge_settings_set(actor=staff, event=event, layout="band", paper="a4"),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    assert BadgePrintJob.objects.count() == 1


@pytest.mark.parametrize(
    ("layout", "paper", "code"),
    [("poster", None, "invalid_layout"), (None, "a3", "invalid_paper")],
)
def test_a_layout_or_paper_that_is_not_a_choice_is_refused(event, secretariat, layout, paper, code):
    issue(event, secretariat, 1)

    with pytest.raises(ServiceError) as refused:
        services.badge_print_job_start(actor=secretariat, event=event, layout=layout, paper=paper)
    with pytest.raises(ServiceError) as refused_setting:
        services.badge_settings_set(
            actor=secretariat, event=event, layout=layout or "band", paper=paper or "a4"
        )

    assert (refused.value.code, refused.value.status_code) == (code, 400)
    assert refused_setting.value.code == code
    assert BadgePrintJob.objects.count() == 0


def test_an_event_with_no_badge_has_nothing_to_print(event, secretariat):
    with pytest.raises(Conflict) as refused:
        services.badge_print_job_start(actor=secretariat, event=event)

    assert refused.value.code == "no_badges"


def test_a_run_that_fails_says_why_and_may_start_again(event, secretariat, monkeypatch):
    issue(event, secretariat, 2)
    job = services.badge_print_job_start(actor=secretariat, event=event)

    def broken(badges):
        raise RuntimeError("the printer's font is missing")

    monkeypatch.setattr(services, "badge_prints", broken)
    services.badge_print_job_run(job_id=job.pk)
    job.refresh_from_db()
    failed = (job.status, job.done, job.message, job.pdf)
    monkeypatch.undo()
    restarted = services.badge_print_job_restart(actor=secretariat, job=job)
    services.badge_print_job_run(job_id=job.pk)
    job.refresh_from_db()

    assert failed == ("failed", 0, "the printer's font is missing", None)
    assert (restarted.status, restarted.attempt, restarted.done) == ("queued", 2, 0)
    assert (job.status, job.done, job.total, job.message) == ("done", 2, 2, "")


def test_a_job_left_running_by_a_dead_process_is_stale_and_starts_again(event, secretariat):
    badges = issue(event, secretariat, 2)
    long_ago = timezone.now() - BadgePrintJob.STALE_AFTER - datetime.timedelta(seconds=1)
    job = BadgePrintJobFactory(
        event=event, badges=badges, status="running", done=1, updated_at=long_ago
    )
    moving = BadgePrintJobFactory(event=event, badges=badges, status="running", done=1)
    printed = BadgePrintJobFactory(event=event, badges=badges, status="done", done=2)

    assert (job.is_stale(), moving.is_stale(), printed.is_stale()) == (True, False, False)
    for refused, code in ((moving, "printing"), (printed, "printed")):
        with pytest.raises(Conflict) as error:
            services.badge_print_job_restart(actor=secretariat, job=refused)
        assert error.value.code == code
    services.badge_print_job_restart(actor=secretariat, job=job)
    services.badge_print_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempt, job.done, job.total) == ("done", 2, 2, 2)


def test_a_run_overtaken_by_a_restart_leaves_the_job_to_the_new_run(
    event, secretariat, monkeypatch
):
    issue(event, secretariat, 4)
    monkeypatch.setattr(services, "PRINT_CHUNK", 2)
    job = services.badge_print_job_start(actor=secretariat, event=event)
    update = services._job_update

    def restarted_meanwhile(job_id, attempt, **fields):
        BadgePrintJob.objects.filter(pk=job_id).update(attempt=attempt + 1, status="queued")
        update(job_id, attempt, **fields)

    monkeypatch.setattr(services, "_job_update", restarted_meanwhile)
    services.badge_print_job_run(job_id=job.pk)
    job.refresh_from_db()

    assert (job.status, job.attempt, job.done, job.pdf) == ("queued", 2, 0, None)


def test_a_job_already_taken_or_gone_is_left_alone(event, secretariat):
    badges = issue(event, secretariat, 1)
    running = BadgePrintJobFactory(event=event, badges=badges, status="running")

    services.badge_print_job_run(job_id=running.pk)
    services.badge_print_job_run(job_id=running.pk + 1000)

    running.refresh_from_db()
    assert (running.status, running.done, running.pdf) == ("running", 0, None)


@pytest.mark.django_db(transaction=True)
def test_a_job_started_in_a_request_is_printed_by_a_thread_after_commit(monkeypatch):
    secretariat = UserFactory(is_staff=True)
    event = EventFactory()
    issue(event, secretariat, 5)
    monkeypatch.setattr(services, "PRINT_CHUNK", 2)
    seen = watch_progress(monkeypatch)
    before = {thread.name for thread in threading.enumerate()}

    job = services.badge_print_job_start(actor=secretariat, event=event)
    for thread in threading.enumerate():
        if thread.name == f"badge-print-{job.pk}":
            thread.join(timeout=60)
            assert not thread.is_alive()

    job.refresh_from_db()
    assert f"badge-print-{job.pk}" not in before
    assert seen == [2, 4, 5]
    assert (job.status, job.done, job.total) == ("done", 5, 5)
    assert len(decoded_codes(bytes(job.pdf))) == 5
    assert connection.connection is None or connection.is_usable()
