"""The paper pages: submit (with and without JavaScript), a paper's page and its forms,
my papers, the review queue, the decision board, the forum page and /me/."""

import re

import pytest
from django.test import Client

from papers import services
from papers.models import PaperStatus, PositionPaper, Review
from tests.papers.conftest import make_paper, pdf_upload, stored_files
from tests.papers.test_files import oversized_pdf, renamed_executable
from tests.support import dangling_descriptions, described_by_count

pytestmark = pytest.mark.django_db

S = PaperStatus
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def submit_url(forum):
    return f"/papers/submit/{forum.event.slug}/{forum.slug}/"


def form_data(**extra):
    data = {
        "title": "Who governs the metropolis?",
        "abstract": "Institutions for cities that outgrew their borders.",
        "language": "en",
        "keywords": "governance, metropolis",
        "file": pdf_upload(),
        "intent": "draft",
    }
    data.update(extra)
    return data


def test_submit_page_has_the_form_and_the_upload_script(forum, author):
    response = logged_in(author.user).get(submit_url(forum))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Submit a position paper</h1>" in html
    assert 'enctype="multipart/form-data"' in html
    assert f'data-max-bytes="{10 * 1024 * 1024}"' in html
    assert "js/paper-upload.js" in html
    assert "<script>" not in html
    assert '<option value="en" selected>English</option>' in html  # the author's language


def test_submit_page_needs_login(forum, client):
    response = client.get(submit_url(forum))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_save_draft_without_javascript(forum, author, media_root):
    response = logged_in(author.user).post(submit_url(forum), form_data())

    paper = PositionPaper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/papers/{paper.pk}/"
    assert paper.status == S.DRAFT
    assert paper.keywords == ["governance", "metropolis"]
    assert len(stored_files(media_root)) == 1


def test_save_and_submit_in_one_step(forum, author):
    client = logged_in(author.user)

    response = client.post(submit_url(forum), form_data(intent="submit"), follow=True)

    assert PositionPaper.objects.get().status == S.SUBMITTED
    assert "Your paper is submitted. The chairs will have it reviewed." in response.content.decode()


def test_upload_with_javascript_answers_json(forum, author):
    response = logged_in(author.user).post(submit_url(forum), form_data(), **XHR)

    paper = PositionPaper.objects.get()
    assert response.status_code == 200
    assert response.json() == {"redirect": f"/papers/{paper.pk}/"}


@pytest.mark.parametrize(
    ("make", "status", "code"),
    [(renamed_executable, 400, "not_a_pdf"), (oversized_pdf, 413, "file_too_large")],
)
def test_hostile_upload_with_javascript_is_a_json_error(
    forum, author, media_root, make, status, code
):
    response = logged_in(author.user).post(
        submit_url(forum), form_data(file=pdf_upload(data=make())), **XHR
    )

    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not PositionPaper.objects.exists()
    assert stored_files(media_root) == []


def test_hostile_upload_without_javascript_shows_the_reason(forum, author, media_root):
    response = logged_in(author.user).post(
        submit_url(forum), form_data(file=pdf_upload(data=renamed_executable()))
    )

    assert response.status_code == 400
    assert "This file is not a PDF." in response.content.decode()
    assert stored_files(media_root) == []


def test_missing_fields_are_shown_on_the_form(forum, author):
    response = logged_in(author.user).post(submit_url(forum), form_data(title="", language="xx1"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert "Select a valid choice. xx1 is not one of the available choices." in html


@pytest.mark.parametrize(
    ("language", "options"),
    [
        ("en", ["Arabic", "Chinese", "English", "French", "German"]),
        ("fr", ["Allemand", "Anglais", "Arabe", "Chinois", "Coréen"]),
        ("es", ["Alemán", "Árabe", "Chino", "Coreano", "Español"]),
    ],
)
def test_the_paper_form_offers_languages_by_name_in_the_readers_order(
    forum, author, language, options
):
    response = logged_in(author.user).get(submit_url(forum), HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    start = html.index('id="id_language"')
    select = html[start : html.index("</select>", start)]
    names = re.findall(r'<option value="[a-z]+"(?: selected)?>([^<]+)</option>', select)
    assert names[:5] == options
    assert len(names) == 12
    assert "bidi" not in html


def test_a_paper_in_a_language_outside_the_list_keeps_it_on_its_form(forum, author):
    paper = make_paper(forum, author)
    PositionPaper.objects.filter(pk=paper.pk).update(language="nl")

    html = logged_in(author.user).get(f"/papers/{paper.pk}/edit/").content.decode()

    assert '<option value="nl" selected>Dutch</option>' in html


def test_every_description_a_paper_field_points_to_exists(forum, author):
    response = logged_in(author.user).post(submit_url(forum), form_data(title="", abstract=""))

    html = response.content.decode()
    assert described_by_count(html) == 5  # title, abstract: errors; abstract, keywords, file: help
    assert dangling_descriptions(html) == []


def test_unaccredited_delegate_is_told_why(forum, outsider):
    from events.models import Accreditation

    Accreditation.objects.filter(delegate=outsider).delete()

    response = logged_in(outsider.user).post(submit_url(forum), form_data(), **XHR)

    assert response.status_code == 403
    assert response.json()["code"] == "not_accredited"


def test_revision_is_uploaded_on_the_edit_page_and_submitted(forum, author, reviewer, media_root):
    paper = make_paper(forum, author, status=S.REVISIONS_REQUESTED, reviewers=[reviewer])
    client = logged_in(author.user)

    page = client.get(f"/papers/{paper.pk}/edit/")
    response = client.post(
        f"/papers/{paper.pk}/edit/",
        form_data(title="Revised title", file=pdf_upload("v2.pdf"), intent="submit"),
    )

    paper.refresh_from_db()
    assert "Leave the file empty to keep version 1." in page.content.decode()
    assert response.status_code == 302
    assert (paper.title, paper.current_version.number, paper.status) == (
        "Revised title",
        2,
        S.UNDER_REVIEW,
    )
    assert len(stored_files(media_root)) == 2


def test_edit_page_is_for_the_author_only(forum, author, colleague):
    paper = make_paper(forum, author)

    response = logged_in(colleague.user).get(f"/papers/{paper.pk}/edit/")

    assert response.status_code == 403


def test_author_submits_and_withdraws_on_the_paper_page(forum, author):
    paper = make_paper(forum, author)
    client = logged_in(author.user)

    page = client.get(f"/papers/{paper.pk}/").content.decode()
    client.post(f"/papers/{paper.pk}/transition/", {"to": "submitted"})
    submitted = PositionPaper.objects.get(pk=paper.pk).status
    response = client.post(
        f"/papers/{paper.pk}/transition/", {"to": "withdrawn", "message": "Merged"}, follow=True
    )

    assert "Submit to the chairs" in page
    assert submitted == S.SUBMITTED
    assert PositionPaper.objects.get(pk=paper.pk).status == S.WITHDRAWN
    assert "The paper is withdrawn." in response.content.decode()


def test_refused_transition_shows_the_reason(forum, author, colleague):
    paper = make_paper(forum, author)

    response = logged_in(author.user).post(
        f"/papers/{paper.pk}/transition/", {"to": "accepted"}, follow=True
    )

    assert "This paper is draft and cannot become accepted." in response.content.decode()
    assert PositionPaper.objects.get(pk=paper.pk).status == S.DRAFT


def test_chair_starts_review_assigns_and_decides_on_the_paper_page(
    forum, author, reviewer, second_reviewer, chair
):
    paper = make_paper(forum, author, status=S.SUBMITTED)
    client = logged_in(chair)

    client.post(f"/papers/{paper.pk}/transition/", {"to": "under_review"})
    page = client.get(f"/papers/{paper.pk}/").content.decode()
    client.post(f"/papers/{paper.pk}/assign/", {"reviewer": reviewer.pk})
    assignment = paper.assignments.get()
    client.post(f"/papers/{paper.pk}/assign/", {"reviewer": second_reviewer.pk})
    client.post(f"/papers/{paper.pk}/assignments/{assignment.pk}/remove/")
    no_message = client.post(
        f"/papers/{paper.pk}/transition/", {"to": "decision", "decision": "accepted"}, follow=True
    )
    deciding = client.get(f"/papers/{paper.pk}/").content.decode()
    unconfirmed = client.post(
        f"/papers/{paper.pk}/transition/",
        {"to": "decision", "decision": "accepted", "message": "Welcome."},
        follow=True,
    )
    unconfirmed_status = PositionPaper.objects.get(pk=paper.pk).status
    decided = client.post(
        f"/papers/{paper.pk}/transition/",
        {"to": "decision", "decision": "accepted", "message": "Welcome.", "without_reviews": "on"},
        follow=True,
    )

    paper.refresh_from_db()
    assert "0 of 1 review is in: the decision waits for the reviews." in deciding
    assert "<summary>Decide without waiting for the reviews</summary>" in deciding
    assert "Not every review is in: confirm that you decide without them." in (
        unconfirmed.content.decode()
    )
    assert unconfirmed_status == S.UNDER_REVIEW
    assert "Jiwoo Park (Seoul)" in page
    assert list(paper.assignments.values_list("reviewer", flat=True)) == [second_reviewer.pk]
    assert "Choose a decision and write a message" in no_message.content.decode()
    assert (paper.status, paper.decision_message) == (S.ACCEPTED, "Welcome.")
    assert "The paper is accepted and published. The author has been told." in (
        decided.content.decode()
    )


def test_once_every_review_is_in_the_chair_decides_without_confirming(
    forum, author, reviewer, chair
):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW)
    paper.assignments.create(reviewer=reviewer)
    client = logged_in(chair)
    waiting = client.get(f"/papers/{paper.pk}/").content.decode()
    services.review_submit(actor=reviewer.user, paper=paper, score=4, recommendation="accept")

    page = client.get(f"/papers/{paper.pk}/").content.decode()
    decided = client.post(
        f"/papers/{paper.pk}/transition/",
        {"to": "decision", "decision": "accepted", "message": "Welcome."},
        follow=True,
    )

    assert "0 of 1 review is in: the decision waits for the reviews." in waiting
    assert 'name="without_reviews"' in waiting
    assert "the decision waits for the reviews" not in page
    assert '<details class="decide-early">' not in page
    assert 'name="without_reviews"' not in page
    assert PositionPaper.objects.get(pk=paper.pk).status == S.ACCEPTED
    assert "The paper is accepted and published. The author has been told." in (
        decided.content.decode()
    )


def test_a_paper_without_reviewers_is_decided_only_when_the_chair_confirms(forum, author, chair):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW)
    client = logged_in(chair)

    page = client.get(f"/papers/{paper.pk}/").content.decode()
    refused = client.post(
        f"/papers/{paper.pk}/transition/",
        {"to": "decision", "decision": "rejected", "message": "Out of scope."},
        follow=True,
    )

    assert "No reviewer is assigned: the decision waits for the reviews." in page
    assert "Not every review is in: confirm that you decide without them." in (
        refused.content.decode()
    )
    assert PositionPaper.objects.get(pk=paper.pk).status == S.UNDER_REVIEW


def test_assign_form_offers_no_reviewer_of_the_authors_organization(
    forum, author, colleague, reviewer, chair
):
    forum.reviewers.add(colleague)
    paper = make_paper(forum, author, status=S.SUBMITTED)

    html = logged_in(chair).get(f"/papers/{paper.pk}/").content.decode()

    assert f'<option value="{reviewer.pk}">' in html
    assert f'<option value="{colleague.pk}">' not in html


def test_reviewer_reviews_on_the_paper_page(forum, author, reviewer):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])
    client = logged_in(reviewer.user)

    response = client.post(
        f"/papers/{paper.pk}/review/",
        {
            "score": "4",
            "recommendation": "accept",
            "comments_to_author": "Good.",
            "comments_to_chairs": "",
        },
        follow=True,
    )
    invalid = client.post(f"/papers/{paper.pk}/review/", {"score": "9"}, follow=True)

    review = Review.objects.get()
    assert (review.score, review.recommendation, review.comments_to_author) == (
        4,
        "accept",
        "Good.",
    )
    assert "Your review is saved." in response.content.decode()
    assert "Give a score and a recommendation." in invalid.content.decode()


def test_reviewer_claims_from_the_queue(forum, author, reviewer):
    paper = make_paper(forum, author, status=S.SUBMITTED)
    client = logged_in(reviewer.user)

    queue = client.get("/papers/reviews/").content.decode()
    response = client.post(f"/papers/{paper.pk}/claim/")

    assert "Who governs the metropolis?" in queue
    assert "Review this paper" in queue
    assert response.status_code == 302
    assert response["Location"] == f"/papers/{paper.pk}/#review"
    assert PositionPaper.objects.get(pk=paper.pk).status == S.UNDER_REVIEW


def test_claim_of_a_paper_outside_ones_pool_is_not_found(forum, author, outsider):
    paper = make_paper(forum, author, status=S.SUBMITTED)

    response = logged_in(outsider.user).post(f"/papers/{paper.pk}/claim/")

    assert response.status_code == 404


def test_chair_grants_a_late_revision_on_the_page(forum, author, chair):
    paper = make_paper(forum, author, status=S.REVISIONS_REQUESTED)

    response = logged_in(chair).post(
        f"/papers/{paper.pk}/late-revision/", {"days": "5"}, follow=True
    )

    paper.refresh_from_db()
    assert paper.late_revision_until is not None
    assert "The author may submit a revision until then." in response.content.decode()


def test_forum_page_lists_accepted_papers_only(forum, author, outsider, client):
    make_paper(forum, outsider, status=S.ACCEPTED, title="Published paper")
    make_paper(forum, author, status=S.UNDER_REVIEW, title="Private paper")
    make_paper(forum, author, status=S.REJECTED, title="Rejected paper")

    html = client.get(forum.get_absolute_url()).content.decode()

    assert "Position papers" in html
    assert "Published paper" in html
    assert outsider.organization.name in html
    assert "Download PDF" in html
    assert "Private paper" not in html
    assert "Rejected paper" not in html
    assert "Call open" in html


def test_forum_page_invites_delegates_and_shows_chairs_the_board(forum, author, chair):
    as_author = logged_in(author.user).get(forum.get_absolute_url()).content.decode()
    as_chair = logged_in(chair).get(forum.get_absolute_url()).content.decode()

    assert "Submit a position paper" in as_author
    assert "Decision board" not in as_author
    assert "Decision board" in as_chair


def test_me_lists_the_papers_of_my_organization(forum, author, colleague):
    make_paper(forum, colleague, status=S.SUBMITTED, title="Colleague's paper")

    html = logged_in(author.user).get("/me/").content.decode()

    assert "Colleague&#x27;s paper" in html
    assert "Submitted" in html


def test_my_papers_page_shows_papers_and_open_calls(forum, author, chair, reviewer):
    make_paper(forum, author, status=S.REVISIONS_REQUESTED, title="Needs work")

    html = logged_in(author.user).get("/papers/").content.decode()

    assert "Needs work" in html
    assert "Revisions requested" in html
    assert forum.title in html
    # The paper holds the organization's one place: the call says so instead of a button.
    assert "Your organization has already submitted 1 of the 1 position papers" in html
    assert f"/papers/submit/{forum.event.slug}/{forum.slug}/" not in html


def test_decision_board_sorts_by_mean_score(forum, author, outsider, colleague, reviewer, chair):
    low = make_paper(forum, author, status=S.UNDER_REVIEW, title="Low", reviewers=[reviewer])
    high = make_paper(forum, outsider, status=S.UNDER_REVIEW, title="High", reviewers=[reviewer])
    make_paper(forum, colleague, status=S.SUBMITTED, title="Unreviewed")
    make_paper(forum, colleague, status=S.DRAFT, title="Draft")
    Review.objects.create(paper=low, reviewer=reviewer, score=2, recommendation="reject")
    Review.objects.create(paper=high, reviewer=reviewer, score=5, recommendation="accept")
    client = logged_in(chair)
    url = f"/papers/board/{forum.event.slug}/{forum.slug}/"

    best_first = client.get(url).content.decode()
    worst_first = client.get(f"{url}?sort=score").content.decode()

    def order(html):
        return sorted(["High", "Low", "Unreviewed"], key=html.index)

    assert order(best_first) == ["High", "Low", "Unreviewed"]
    assert order(worst_first) == ["Low", "High", "Unreviewed"]
    assert ">Draft<" not in best_first
    assert "5.0" in best_first
