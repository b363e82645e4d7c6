"""Who sees what: the permission matrix on pages, the API and file downloads.

Roles: the author, a delegate of the same organization, a delegate of another
organization, an assigned reviewer, an assigned reviewer of a forum with anonymous
review, a chair, and an anonymous visitor.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from papers.models import PaperStatus, Review
from papers.pdf import anonymous_copy
from tests.papers.conftest import make_paper

pytestmark = pytest.mark.django_db

S = PaperStatus
ROLES = [
    "author",
    "colleague",
    "outsider",
    "reviewer",
    "anonymous_reviewer",
    "chair",
    "anonymous",
]
SEES_PRIVATE = {"author", "colleague", "reviewer", "anonymous_reviewer", "chair"}
# Who sees a paper, by state. Drafts have no reviewers yet.
VISIBLE = {
    S.DRAFT: {"author", "colleague", "chair"},
    S.UNDER_REVIEW: SEES_PRIVATE,
    S.ACCEPTED: set(ROLES),
    S.REJECTED: SEES_PRIVATE,
    S.WITHDRAWN: SEES_PRIVATE,
}
MATRIX = [(state, role) for state in VISIBLE for role in ROLES]


@pytest.fixture
def people(author, colleague, outsider, reviewer, chair):
    return {
        "author": author.user,
        "colleague": colleague.user,
        "outsider": outsider.user,
        "reviewer": reviewer.user,
        "anonymous_reviewer": reviewer.user,
        "chair": chair,
        "anonymous": None,
    }


def setup_paper(forum, author, reviewer, state, role):
    if role == "anonymous_reviewer":
        forum.anonymous_review = True
        forum.save()
    reviewers = [] if state == S.DRAFT else [reviewer]
    return make_paper(forum, author, status=state, reviewers=reviewers)


def page_client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize(("state", "role"), MATRIX)
def test_paper_page_permission_matrix(forum, author, reviewer, people, state, role):
    paper = setup_paper(forum, author, reviewer, state, role)

    response = page_client(people[role]).get(f"/papers/{paper.pk}/")

    if role in VISIBLE[state]:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Who governs the metropolis?</h1>" in html
        shows_identity = role != "anonymous_reviewer" or state == S.ACCEPTED
        assert ("City of Dakar" in html) is shows_identity
        assert ("Amina Diallo" in html) is shows_identity
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next=/papers/{paper.pk}/"
    else:
        assert response.status_code == 404
        assert "Who governs" not in response.content.decode()


@pytest.mark.parametrize(("state", "role"), MATRIX)
def test_api_paper_permission_matrix(forum, author, reviewer, people, state, role):
    paper = setup_paper(forum, author, reviewer, state, role)

    response = api_client(people[role]).get(f"/api/v1/papers/{paper.pk}/")

    if role in VISIBLE[state]:
        data = response.json()
        assert response.status_code == 200
        assert (data["id"], data["title"], data["status"]) == (paper.pk, paper.title, state)
        if role == "anonymous_reviewer" and state != S.ACCEPTED:
            assert (data["author"], data["organization"]) == (None, None)
        else:
            assert data["author"] == {"id": author.pk, "name": "Amina Diallo"}
            assert data["organization"]["name"] == "City of Dakar"
    else:
        assert response.status_code == 404
        assert response.json() == {
            "detail": "Not found.",
            "code": "not_found",
        }


@pytest.mark.parametrize(("state", "role"), MATRIX)
def test_file_download_permission_matrix(forum, author, reviewer, people, state, role):
    paper = setup_paper(forum, author, reviewer, state, role)
    with paper.current_version.file.open("rb") as stored:
        expected = stored.read()
    if role == "anonymous_reviewer" and state != S.ACCEPTED:
        # Without the document's metadata (tests/papers/test_pdf_content.py).
        expected = anonymous_copy(expected)

    page = page_client(people[role]).get(f"/papers/{paper.pk}/file/")
    api = api_client(people[role]).get(f"/api/v1/papers/{paper.pk}/file/")

    if role in VISIBLE[state]:
        for response in (page, api):
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == (
                f'attachment; filename="paper-{paper.pk}-v1.pdf"'
            )
            assert response.content == expected
        assert page["Cache-Control"] == (
            "public, max-age=300" if state == S.ACCEPTED else "private, no-store"
        )
    else:
        assert api.status_code == 404
        assert api.json()["code"] == "not_found"
        assert page.status_code == (302 if role == "anonymous" else 404)


def test_earlier_versions_are_not_public(forum, author, reviewer, client):
    paper = make_paper(forum, author, status=S.ACCEPTED)

    page = client.get(f"/papers/{paper.pk}/versions/1/file/")
    api = APIClient().get(f"/api/v1/papers/{paper.pk}/file/?version=1")
    versions = APIClient().get(f"/api/v1/papers/{paper.pk}/versions/")

    assert page.status_code == 404
    assert api.status_code == 404
    assert (versions.status_code, versions.json()) == (200, [])


def test_api_file_refuses_unknown_parameters_and_bad_versions(forum, author):
    paper = make_paper(forum, author, status=S.ACCEPTED)
    client = APIClient()

    unknown = client.get(f"/api/v1/papers/{paper.pk}/file/?v=1")
    bad = client.get(f"/api/v1/papers/{paper.pk}/file/?version=one")
    missing = client.get(f"/api/v1/papers/{paper.pk}/file/?version=9")

    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_parameter")
    assert (bad.status_code, bad.json()["detail"]) == (
        400,
        "version: A version number is a whole number.",
    )
    assert missing.status_code == 404


def test_pdf_download_answers_accept_application_pdf(forum, author):
    paper = make_paper(forum, author, status=S.ACCEPTED)

    response = APIClient().get(f"/api/v1/papers/{paper.pk}/file/", HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_download_is_sandboxed(forum, author, client):
    paper = make_paper(forum, author, status=S.ACCEPTED)

    response = client.get(f"/papers/{paper.pk}/file/")

    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", ROLES)
def test_api_list_shows_what_each_role_may_see(
    forum, author, reviewer, second_reviewer, people, outsider, role
):
    if role == "anonymous_reviewer":
        forum.anonymous_review = True
        forum.save()
    make_paper(forum, author, status=S.DRAFT, title="Draft of Dakar")
    make_paper(forum, author, status=S.UNDER_REVIEW, title="Reviewed by me", reviewers=[reviewer])
    make_paper(
        forum,
        outsider,
        status=S.UNDER_REVIEW,
        title="Reviewed by another",
        reviewers=[second_reviewer],
    )
    make_paper(forum, outsider, status=S.ACCEPTED, title="Published")
    make_paper(forum, outsider, status=S.REJECTED, title="Rejected elsewhere")

    response = api_client(people[role]).get("/api/v1/papers/")

    titles = sorted(paper["title"] for paper in response.json()["results"])
    expected = {
        "author": ["Draft of Dakar", "Published", "Reviewed by me"],
        "colleague": ["Draft of Dakar", "Published", "Reviewed by me"],
        "outsider": ["Published", "Rejected elsewhere", "Reviewed by another"],
        "reviewer": ["Published", "Reviewed by me"],
        "anonymous_reviewer": ["Published", "Reviewed by me"],
        "chair": [
            "Draft of Dakar",
            "Published",
            "Rejected elsewhere",
            "Reviewed by another",
            "Reviewed by me",
        ],
        "anonymous": ["Published"],
    }[role]
    assert response.status_code == 200
    assert titles == expected


def test_secretariat_sees_every_paper(forum, author, outsider, secretariat_client):
    make_paper(forum, author, status=S.DRAFT)
    make_paper(forum, outsider, status=S.WITHDRAWN)

    response = secretariat_client.get("/api/v1/papers/")

    assert response.json()["count"] == 2


def test_papers_of_draft_events_are_not_public(forum, author, event):
    make_paper(forum, author, status=S.ACCEPTED)
    event.status = "draft"
    event.save()

    response = APIClient().get("/api/v1/papers/")

    assert response.json()["count"] == 0


def add_reviews(paper, reviewer, second_reviewer):
    Review.objects.create(
        paper=paper,
        reviewer=reviewer,
        version=paper.current_version,
        score=4,
        recommendation="accept",
        comments_to_author="Say more about transport.",
        comments_to_chairs="My favourite.",
    )
    Review.objects.create(
        paper=paper,
        reviewer=second_reviewer,
        version=paper.current_version,
        score=2,
        recommendation="revise",
        comments_to_author="",
        comments_to_chairs="Weak on finance.",
    )


@pytest.mark.parametrize("role", ROLES)
def test_reviews_are_shown_by_role(forum, author, reviewer, second_reviewer, people, role):
    if role == "anonymous_reviewer":
        forum.anonymous_review = True
        forum.save()
    paper = make_paper(forum, author, status=S.ACCEPTED, reviewers=[reviewer, second_reviewer])
    add_reviews(paper, reviewer, second_reviewer)

    response = api_client(people[role]).get(f"/api/v1/papers/{paper.pk}/reviews/")

    data = response.json()
    assert response.status_code == 200
    if role == "chair":
        assert [(r["score"], r["comments_to_chairs"]) for r in data] == [
            (4, "My favourite."),
            (2, "Weak on finance."),
        ]
        assert data[0]["reviewer"]["name"] == reviewer.display_name
    elif role in ("reviewer", "anonymous_reviewer"):
        assert [(r["score"], r["comments_to_chairs"]) for r in data] == [(4, "My favourite.")]
    elif role in ("author", "colleague"):
        assert data == [{"comments_to_author": "Say more about transport."}]
    else:
        assert data == []


def test_authors_read_no_comments_before_the_decision(forum, author, reviewer, second_reviewer):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer, second_reviewer])
    add_reviews(paper, reviewer, second_reviewer)

    response = api_client(author.user).get(f"/api/v1/papers/{paper.pk}/reviews/")
    page = page_client(author.user).get(f"/papers/{paper.pk}/").content.decode()

    assert response.json() == []
    assert "Say more about transport." not in page
    assert "My favourite." not in page


def test_paper_page_shows_reviews_by_role(forum, author, reviewer, second_reviewer, chair):
    paper = make_paper(forum, author, status=S.REJECTED, reviewers=[reviewer, second_reviewer])
    add_reviews(paper, reviewer, second_reviewer)

    chair_page = page_client(chair).get(f"/papers/{paper.pk}/").content.decode()
    author_page = page_client(author.user).get(f"/papers/{paper.pk}/").content.decode()
    reviewer_page = page_client(reviewer.user).get(f"/papers/{paper.pk}/").content.decode()

    assert "My favourite." in chair_page
    assert "Weak on finance." in chair_page
    assert "Say more about transport." in author_page
    assert "My favourite." not in author_page
    assert "Weak on finance." not in author_page
    assert reviewer.display_name not in author_page
    assert "You gave 4 of 5" in reviewer_page
    assert "Weak on finance." not in reviewer_page


def test_anonymous_reviewer_page_and_queue_name_nobody(forum, author, reviewer):
    forum.anonymous_review = True
    forum.save()
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    client = page_client(reviewer.user)
    page = client.get(f"/papers/{paper.pk}/").content.decode()
    queue = client.get("/papers/reviews/").content.decode()
    listing = api_client(reviewer.user).get("/api/v1/papers/").json()["results"][0]

    for html in (page, queue):
        assert "Who governs the metropolis?" in html
        assert "Dakar" not in html
        assert "Amina" not in html
    assert (listing["author"], listing["organization"]) == (None, None)
    assert "amina-diallo-paper.pdf" not in page


def test_history_and_versions_are_for_the_authors_side_and_chairs(
    forum, author, reviewer, colleague, chair
):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    def detail(user):
        return api_client(user).get(f"/api/v1/papers/{paper.pk}/").json()

    assert [len(detail(u)["history"]) for u in (author.user, colleague.user, chair)] == [1, 1, 1]
    assert detail(reviewer.user)["history"] == []
    assert len(detail(reviewer.user)["versions"]) == 1
    assert (
        "amina-diallo-paper.pdf"
        in page_client(colleague.user).get(f"/papers/{paper.pk}/").content.decode()
    )


def test_scores_and_messages_only_for_those_who_may_read_them(
    forum, author, reviewer, second_reviewer, chair, outsider
):
    paper = make_paper(forum, author, status=S.ACCEPTED, reviewers=[reviewer, second_reviewer])
    add_reviews(paper, reviewer, second_reviewer)

    as_chair = api_client(chair).get(f"/api/v1/papers/{paper.pk}/").json()
    as_author = api_client(author.user).get(f"/api/v1/papers/{paper.pk}/").json()
    as_public = api_client(outsider.user).get(f"/api/v1/papers/{paper.pk}/").json()

    assert (as_chair["mean_score"], as_chair["review_count"]) == (3.0, 2)
    assert (as_author["mean_score"], as_author["decision_message"]) == (None, "Thank you.")
    assert (as_public["mean_score"], as_public["decision_message"]) == (None, None)


def test_decision_board_is_for_chairs_only(forum, author, people):
    make_paper(forum, author, status=S.SUBMITTED)
    url = f"/papers/board/{forum.event.slug}/{forum.slug}/"

    statuses = {role: page_client(user).get(url).status_code for role, user in people.items()}

    assert statuses == {
        "author": 403,
        "colleague": 403,
        "outsider": 403,
        "reviewer": 403,
        "anonymous_reviewer": 403,
        "chair": 200,
        "anonymous": 302,
    }


def test_secretariat_uses_the_decision_board(forum, author, secretariat):
    make_paper(forum, author, status=S.SUBMITTED)

    response = page_client(secretariat).get(f"/papers/board/{forum.event.slug}/{forum.slug}/")

    assert response.status_code == 200
    assert "Who governs the metropolis?" in response.content.decode()
