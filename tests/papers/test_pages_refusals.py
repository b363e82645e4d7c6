"""The paper form is offered only where a paper may be submitted, and "Save and submit"
either submits or says why and keeps nothing."""

import pytest

from events.models import Accreditation
from papers.models import PaperStatus, PositionPaper
from tests.papers.conftest import make_paper, pdf_upload, stored_files
from tests.papers.test_pages import form_data, logged_in, submit_url

pytestmark = pytest.mark.django_db

S = PaperStatus


def test_the_form_is_not_offered_once_the_organizations_places_are_taken(forum, author, colleague):
    make_paper(forum, colleague, status=S.SUBMITTED)

    html = logged_in(author.user).get(submit_url(forum)).content.decode()

    assert "Your organization has already submitted 1 of the 1 position papers" in html
    assert 'enctype="multipart/form-data"' not in html


def test_the_form_is_not_offered_while_the_accreditation_is_pending(forum, author):
    Accreditation.objects.filter(delegate=author).update(status=Accreditation.Status.PENDING)

    html = logged_in(author.user).get(submit_url(forum)).content.decode()

    assert f"You need an approved accreditation for {forum.event.title} to submit a paper." in html
    assert 'enctype="multipart/form-data"' not in html


def test_the_form_is_not_offered_after_the_call_closed(forum, author):
    forum.call_opens_at = None
    forum.call_closes_at = forum.review_deadline.replace(year=2000)
    forum.save()

    html = logged_in(author.user).get(submit_url(forum)).content.decode()

    assert "The call for position papers of this forum has closed." in html
    assert 'enctype="multipart/form-data"' not in html


def test_the_forum_page_says_why_instead_of_offering_the_form(forum, author, colleague):
    make_paper(forum, colleague, status=S.SUBMITTED)
    path = f"/events/{forum.event.slug}/forums/{forum.slug}/"

    html = logged_in(author.user).get(path).content.decode()

    assert (
        '<p class="note submission-refusal">Your organization has already submitted 1 of the 1'
        in html
    )
    assert submit_url(forum) not in html


def test_the_forum_page_offers_the_form_to_who_may_submit(forum, author):
    path = f"/events/{forum.event.slug}/forums/{forum.slug}/"

    html = logged_in(author.user).get(path).content.decode()

    assert f'<a class="button" href="{submit_url(forum)}">Submit a position paper</a>' in html


def test_save_and_submit_without_a_pdf_says_why_and_saves_no_draft(forum, author, media_root):
    response = logged_in(author.user).post(submit_url(forum), form_data(file="", intent="submit"))

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<a href="#id_file">PDF file</a>: Upload the PDF of your paper before submitting it.'
        in html
    )
    assert not PositionPaper.objects.exists()
    assert stored_files(media_root) == []


def test_save_and_submit_with_a_pdf_submits(forum, author):
    response = logged_in(author.user).post(
        submit_url(forum), form_data(file=pdf_upload(), intent="submit"), follow=True
    )

    assert PositionPaper.objects.get().status == S.SUBMITTED
    assert "Your paper is submitted. The chairs will have it reviewed." in response.content.decode()


def test_save_and_submit_over_quota_says_why_and_saves_no_draft(
    forum, author, colleague, media_root
):
    form = logged_in(author.user).get(submit_url(forum))  # the form, while a place is free
    assert form.status_code == 200
    make_paper(forum, colleague, status=S.SUBMITTED)

    response = logged_in(author.user).post(submit_url(forum), form_data(intent="submit"))

    html = response.content.decode()
    assert response.status_code == 409
    assert "Your organization has already submitted 1 of the 1 position papers" in html
    assert not PositionPaper.objects.filter(author=author).exists()


def test_empty_required_fields_are_named_in_the_error_summary(forum, author):
    response = logged_in(author.user).post(submit_url(forum), form_data(title="", abstract=""))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved. Check these fields:" in html
    assert '<li><a href="#id_title">Title</a>: This field is required.</li>' in html
    assert '<li><a href="#id_abstract">Abstract</a>: This field is required.</li>' in html


def test_my_papers_says_why_an_open_call_takes_no_more_papers(forum, author, colleague):
    offered = logged_in(author.user).get("/papers/").content.decode()
    make_paper(forum, colleague, status=S.SUBMITTED)
    refused = logged_in(author.user).get("/papers/").content.decode()

    assert submit_url(forum) in offered
    assert submit_url(forum) not in refused
    assert (
        '<p class="note submission-refusal">Your organization has already submitted 1 of the 1'
        in refused
    )
