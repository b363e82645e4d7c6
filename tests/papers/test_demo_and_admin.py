"""The demo papers, the selector the live debates use, and the secretariat's admin."""

import io

import pypdf
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from events.models import Delegate
from forums.models import Forum
from papers.models import PaperStatus, PaperVersion, PositionPaper
from papers.pdf import check_pdf
from papers.selectors import accepted_paper_authors
from papers.selectors import accepted_paper_authors as exported_selector
from tests.papers.conftest import make_paper

pytestmark = pytest.mark.django_db

S = PaperStatus


@pytest.mark.embedded
def test_seed_demo_has_papers_in_every_state_with_real_pdfs(media_root):
    call_command("seed_demo")

    assert set(PositionPaper.objects.values_list("status", flat=True)) == set(S.values)
    versions = list(PaperVersion.objects.all())
    assert len(versions) == PositionPaper.objects.count() + 1
    for version in versions:
        with version.file.open("rb") as handle:
            data = handle.read()
        assert check_pdf(data).pages == version.pages
        assert pypdf.PdfReader(io.BytesIO(data)).metadata.title == version.paper.title
    assert Forum.objects.filter(anonymous_review=True).count() == 1

    call_command("seed_demo")

    assert PaperVersion.objects.count() == len(versions)


@pytest.mark.embedded
def test_seed_demo_marks_authors_for_the_live_debate(media_root):
    call_command("seed_demo")
    housing = Forum.objects.get(event__slug="annual-meeting", slug="housing-right-to-the-city")

    authors = accepted_paper_authors(forum=housing)

    assert sorted(d.user.username for d in authors) == ["amina", "diego"]


def test_accepted_paper_authors_lists_each_author_once(forum, author, colleague, outsider):
    forum.papers_per_organization = 3
    forum.save()
    make_paper(forum, author, status=S.ACCEPTED, title="One")
    make_paper(forum, author, status=S.ACCEPTED, title="Two")
    make_paper(forum, colleague, status=S.REJECTED)
    make_paper(forum, outsider, status=S.UNDER_REVIEW)

    authors = list(exported_selector(forum=forum))

    assert authors == [author]
    assert isinstance(authors[0], Delegate)


@pytest.fixture
def admin_client(secretariat):
    client = Client()
    client.force_login(secretariat)
    return client


def test_admin_lists_papers_with_scores(admin_client, forum, author):
    make_paper(forum, author, status=S.SUBMITTED)

    response = admin_client.get("/admin/papers/positionpaper/?status__exact=submitted")

    assert response.status_code == 200
    assert "Who governs the metropolis?" in response.content.decode()


def test_admin_paper_page_shows_versions_reviews_and_history(admin_client, forum, author):
    paper = make_paper(forum, author, status=S.SUBMITTED)

    response = admin_client.get(f"/admin/papers/positionpaper/{paper.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"paper-{paper.pk}-v1.pdf" in html
    assert "Paper status changes" in html or "paper status changes" in html


def test_admin_cannot_add_or_delete_papers(admin_client):
    assert admin_client.get("/admin/papers/positionpaper/add/").status_code == 403


def test_admin_starts_review_through_the_transition(admin_client, forum, author):
    paper = make_paper(forum, author, status=S.SUBMITTED)

    admin_client.post(
        "/admin/papers/positionpaper/",
        {"action": "start_review", "_selected_action": [paper.pk]},
    )

    paper.refresh_from_db()
    assert paper.status == S.UNDER_REVIEW
    assert paper.history.last().to_status == S.UNDER_REVIEW


def test_admin_decision_asks_for_a_message_then_decides(
    admin_client, forum, author, django_capture_on_commit_callbacks
):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW)
    data = {"action": "accept_selected", "_selected_action": [paper.pk]}

    form = admin_client.post("/admin/papers/positionpaper/", data)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/papers/positionpaper/", {**data, "apply": "1", "message": "Welcome."}
        )

    paper.refresh_from_db()
    assert "Message to the authors" in form.content.decode()
    assert (paper.status, paper.decision_message) == (S.ACCEPTED, "Welcome.")
    assert [m.subject for m in mail.outbox] == [
        "Your position paper was accepted: Who governs the metropolis?"
    ]


def test_admin_action_reports_refusals(admin_client, forum, author):
    paper = make_paper(forum, author, status=S.DRAFT)

    response = admin_client.post(
        "/admin/papers/positionpaper/",
        {"action": "start_review", "_selected_action": [paper.pk]},
        follow=True,
    )

    assert "This paper is draft and cannot become under review." in response.content.decode()
    assert PositionPaper.objects.get(pk=paper.pk).status == S.DRAFT


def test_admin_edits_the_text_only(admin_client, forum, author):
    paper = make_paper(forum, author, status=S.ACCEPTED)

    admin_client.post(
        f"/admin/papers/positionpaper/{paper.pk}/change/",
        {
            "title": "Corrected title",
            "abstract": paper.abstract,
            "language": "en",
            "keywords": '["governance"]',
            **{
                f"{prefix}-{key}": value
                for prefix in ("versions", "assignments", "reviews", "history")
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )

    paper.refresh_from_db()
    assert (paper.title, paper.status) == ("Corrected title", S.ACCEPTED)


def test_admin_exports_papers_as_csv(admin_client, forum, author):
    paper = make_paper(forum, author, status=S.ACCEPTED)

    response = admin_client.post(
        "/admin/papers/positionpaper/",
        {"action": "export_papers", "_selected_action": [paper.pk]},
    )

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("event,forum,title,organization")
    assert "Who governs the metropolis?" in lines[1]


@pytest.mark.django_db(transaction=True)
def test_live_debate_marks_authors_of_accepted_papers():
    from debates.models import FloorRequest
    from debates.services import debate_transition, floor_request
    from tests.debates.conftest import make_room

    room = make_room(delegates=2)
    author, other = room.delegates
    make_paper(room.forum, author, status=S.ACCEPTED)
    make_paper(room.forum, other, status=S.REJECTED)
    debate_transition(actor=room.chair, debate_id=room.debate.pk, to="open")

    floor_request(actor=author.user, debate_id=room.debate.pk)
    floor_request(actor=other.user, debate_id=room.debate.pk)

    marked = dict(FloorRequest.objects.values_list("delegate_id", "is_paper_author"))
    assert marked == {author.pk: True, other.pk: False}
