"""Submitting a paper in the browser: the upload goes with XMLHttpRequest and a progress
bar, a file too large is refused before it is sent."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.pdfmake import make_pdf
from papers.models import PaperStatus, PositionPaper
from tests.factories import ForumFactory, accredited_delegate

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def forum(event):
    now = timezone.now()
    return ForumFactory(
        event=event,
        title="Metropolitan Governance",
        slug="governance",
        call_opens_at=now - datetime.timedelta(days=1),
        call_closes_at=now + datetime.timedelta(days=10),
    )


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(re.compile(r".*/$"))


def test_paper_upload_with_progress_then_the_paper_page(page, screenshot, forum, event):
    author = accredited_delegate(event)
    requests = []
    page.on("request", lambda request: requests.append(request))
    log_in(page, author.user)

    page.goto(f"/papers/submit/{event.slug}/{forum.slug}/")
    page.get_by_label("Title").fill("Who governs the metropolis?")
    page.get_by_label("Abstract").fill("Institutions for cities that outgrew their borders.")
    page.get_by_label("Keywords").fill("governance, metropolis")
    page.get_by_label("PDF file").set_input_files(
        {
            "name": "paper.pdf",
            "mimeType": "application/pdf",
            "buffer": make_pdf("Who governs", "Text " * 2000, pages=3),
        }
    )
    page.get_by_role("button", name="Save and submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who governs the metropolis?")
    expect(page.get_by_text("Your paper is submitted.")).to_be_visible()
    paper = PositionPaper.objects.get()
    assert paper.status == PaperStatus.SUBMITTED
    assert page.url.endswith(f"/papers/{paper.pk}/")
    upload = [r for r in requests if r.method == "POST" and "/papers/submit/" in r.url]
    assert len(upload) == 1
    assert upload[0].headers["x-requested-with"] == "XMLHttpRequest"
    screenshot(page, "paper-submitted")


def test_too_large_file_is_refused_before_upload(page, forum, event):
    author = accredited_delegate(event)
    log_in(page, author.user)
    page.goto(f"/papers/submit/{event.slug}/{forum.slug}/")
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))

    page.get_by_label("PDF file").set_input_files(
        {
            "name": "huge.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024),
        }
    )

    expect(page.get_by_role("alert")).to_contain_text("papers may be at most 10.0")
    page.get_by_label("Title").fill("Too big")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_role("alert")).to_contain_text("papers may be at most 10.0")
    assert posts == []
    assert not PositionPaper.objects.exists()


def test_refused_file_shows_the_servers_reason(page, forum, event):
    author = accredited_delegate(event)
    log_in(page, author.user)
    page.goto(f"/papers/submit/{event.slug}/{forum.slug}/")

    page.get_by_label("Title").fill("Not a PDF")
    page.get_by_label("Abstract").fill("An executable in disguise.")
    page.get_by_label("PDF file").set_input_files(
        {"name": "paper.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 100}
    )
    page.get_by_role("button", name="Save without submitting").click()

    expect(page.get_by_role("alert")).to_contain_text("This file is not a PDF.")
    expect(page.get_by_role("button", name="Save and submit")).to_be_enabled()
    assert not PositionPaper.objects.exists()
