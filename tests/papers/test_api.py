"""The papers API: multipart upload, the workflow as actions, reviews, errors as JSON."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from demo.pdfmake import make_pdf
from papers.models import PaperStatus, PositionPaper, Review
from tests.papers.conftest import make_paper, pdf_upload, stored_files
from tests.papers.test_files import oversized_pdf, renamed_executable

pytestmark = pytest.mark.django_db

S = PaperStatus


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def new_paper(client, target, **extra):
    data = {
        "forum": target.pk,
        "title": "Who governs the metropolis?",
        "abstract": "Institutions for cities that outgrew their borders.",
        "language": "fr",
        "keywords": ["governance", "metropolis"],
        "file": pdf_upload(pages=2),
    }
    data.update(extra)
    return client.post("/api/v1/papers/", data, format="multipart")


def test_multipart_upload_creates_a_draft(forum, author, media_root):
    response = new_paper(as_user(author.user), forum)

    data = response.json()
    assert response.status_code == 201
    assert (data["status"], data["language"], data["keywords"]) == (
        "draft",
        "fr",
        ["governance", "metropolis"],
    )
    assert data["current_version"]["number"] == 1
    assert data["current_version"]["pages"] == 2
    assert data["file_url"] == f"http://testserver/api/v1/papers/{data['id']}/file/"
    assert data["actions"] == ["update", "versions", "submit", "withdraw"]
    assert [h["to_status"] for h in data["history"]] == ["draft"]
    assert len(stored_files(media_root)) == 1


def test_json_creates_a_draft_without_file(forum, author):
    response = as_user(author.user).post(
        "/api/v1/papers/",
        {"forum": forum.pk, "title": "T", "abstract": "A", "language": "es"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["current_version"] is None


def test_anonymous_cannot_create(forum, api_client):
    response = new_paper(api_client, forum)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("make", "status", "code"),
    [(renamed_executable, 400, "not_a_pdf"), (oversized_pdf, 413, "file_too_large")],
)
def test_hostile_upload_is_a_clean_json_error(forum, author, media_root, make, status, code):
    response = new_paper(as_user(author.user), forum, file=pdf_upload(data=make()))

    assert response.status_code == status
    assert response.json()["code"] == code
    assert set(response.json()) == {"detail", "code"}
    assert not PositionPaper.objects.exists()
    assert stored_files(media_root) == []


def test_oversized_upload_is_refused_from_its_length(forum, author, settings, media_root):
    settings.PAPER_MAX_BYTES = 10_000
    response = new_paper(
        as_user(author.user), forum, file=pdf_upload(data=b"%PDF-1.7\n" + b"0" * 300_000)
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The file is too large: papers may be at most 9.8\xa0KB.",
        "code": "file_too_large",
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"language": "english"}, "language"),
        ({"title": ""}, "title"),
        ({"keywords": ["k"] * 11}, "keywords"),
        ({"forum": 999999}, "forum"),
    ],
)
def test_invalid_fields_are_a_400(forum, author, payload, field):
    response = new_paper(as_user(author.user), forum, **payload)

    assert response.status_code == 400
    assert response.json()["code"] in {"invalid", "blank", "max_length", "does_not_exist"}
    assert field in response.json()["errors"]


def test_malformed_json_is_a_400(author):
    response = as_user(author.user).post(
        "/api/v1/papers/", data="{nope", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_json_nested_too_deeply_is_a_400(author):
    response = as_user(author.user).post(
        "/api/v1/papers/", data="[" * 5000 + "]" * 5000, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_unknown_filter_is_a_400(api_client):
    response = api_client.get("/api/v1/papers/?colour=red")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_parameter"


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", "1.5"])
def test_event_filter_that_names_no_event_is_a_400(api_client, value):
    response = api_client.get(f"/api/v1/papers/?event={value}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_choice"


def test_list_filters_by_event(forum, outsider, event):
    from tests.factories import EventFactory, ForumFactory

    make_paper(forum, outsider, status=S.ACCEPTED, title="Here")
    make_paper(ForumFactory(event=EventFactory()), outsider, status=S.ACCEPTED, title="There")

    response = as_user(outsider.user).get(f"/api/v1/papers/?event={event.pk}")

    assert [p["title"] for p in response.json()["results"]] == ["Here"]


def test_list_filters_by_forum_and_status(forum, author, outsider, event):
    from tests.factories import ForumFactory

    other = ForumFactory(event=event)
    make_paper(forum, outsider, status=S.ACCEPTED, title="Here")
    make_paper(other, outsider, status=S.ACCEPTED, title="There")
    make_paper(forum, author, status=S.DRAFT, title="Mine")
    client = as_user(author.user)

    by_forum = client.get(f"/api/v1/papers/?forum={forum.pk}").json()["results"]
    by_status = client.get("/api/v1/papers/?status=draft").json()["results"]

    assert sorted(p["title"] for p in by_forum) == ["Here", "Mine"]
    assert [p["title"] for p in by_status] == ["Mine"]


def test_whole_workflow_through_the_api(forum, author, reviewer, chair, media_root):
    author_api, chair_api, reviewer_api = (as_user(u) for u in (author.user, chair, reviewer.user))
    paper_id = new_paper(author_api, forum).json()["id"]
    base = f"/api/v1/papers/{paper_id}"

    submitted = author_api.post(f"{base}/submit/")
    assigned = chair_api.post(f"{base}/assign/", {"reviewer": reviewer.pk})
    reviewed = reviewer_api.post(
        f"{base}/reviews/",
        {
            "score": 3,
            "recommendation": "revise",
            "comments_to_author": "Add the costs.",
            "comments_to_chairs": "Promising.",
        },
    )
    revised_review = reviewer_api.post(f"{base}/reviews/", {"score": 4, "recommendation": "revise"})
    revisions = chair_api.post(f"{base}/request-revisions/", {"message": "Please add the costs."})
    upload = author_api.post(
        f"{base}/versions/", {"file": pdf_upload("v2.pdf", pages=3)}, format="multipart"
    )
    resubmitted = author_api.post(f"{base}/submit/")
    accepted = chair_api.post(f"{base}/accept/", {"message": "Welcome to the debate."})

    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert assigned.status_code == 201
    assert assigned.json()["reviewer"] == {"id": reviewer.pk, "name": reviewer.display_name}
    assert (reviewed.status_code, revised_review.status_code) == (201, 200)
    assert Review.objects.get().score == 4
    assert revisions.json()["status"] == "revisions_requested"
    assert (upload.status_code, upload.json()["number"], upload.json()["pages"]) == (201, 2, 3)
    assert resubmitted.json()["status"] == "under_review"
    final = accepted.json()
    assert (accepted.status_code, final["status"], final["decision_message"]) == (
        200,
        "accepted",
        "Welcome to the debate.",
    )
    assert [h["to_status"] for h in final["history"]] == [
        "draft",
        "submitted",
        "under_review",
        "revisions_requested",
        "submitted",
        "under_review",
        "accepted",
    ]
    assert [v["number"] for v in final["versions"]] == [1, 2]
    assert len(stored_files(media_root)) == 2


def test_claim_start_review_reject_withdraw_and_late_revision(
    forum, author, colleague, reviewer, chair
):
    first = make_paper(forum, author, status=S.SUBMITTED)
    second = make_paper(forum, colleague, status=S.SUBMITTED, title="Second")
    third = make_paper(forum, colleague, status=S.UNDER_REVIEW, title="Third")
    fourth = make_paper(forum, author, status=S.REVISIONS_REQUESTED, title="Fourth")
    until = (timezone.now() + datetime.timedelta(days=5)).isoformat()

    claimed = as_user(reviewer.user).post(f"/api/v1/papers/{first.pk}/claim/")
    started = as_user(chair).post(f"/api/v1/papers/{second.pk}/start-review/")
    rejected = as_user(chair).post(f"/api/v1/papers/{third.pk}/reject/", {"message": "No."})
    withdrawn = as_user(author.user).post(f"/api/v1/papers/{first.pk}/withdraw/")
    late = as_user(chair).post(f"/api/v1/papers/{fourth.pk}/late-revision/", {"until": until})

    assert (claimed.status_code, claimed.json()["claimed"]) == (201, True)
    assert started.json()["status"] == "under_review"
    assert rejected.json()["status"] == "rejected"
    assert withdrawn.json()["status"] == "withdrawn"
    assert late.json()["late_revision_until"] is not None


@pytest.mark.parametrize(
    ("action", "actor", "status", "code"),
    [
        ("withdraw", "colleague", 403, "forbidden"),
        ("submit", "author", 409, "invalid_transition"),
        ("accept", "author", 403, "forbidden"),
        ("accept", "reviewer", 403, "forbidden"),
        ("start-review", "chair", 409, "invalid_transition"),
        ("withdraw", "chair", 403, "forbidden"),
        ("claim", "outsider", 404, "not_found"),
        ("claim", "reviewer", 409, "already_assigned"),
        ("assign", "author", 403, "forbidden"),
    ],
)
def test_refusals_are_json_with_the_right_status(
    forum, author, colleague, outsider, reviewer, chair, action, actor, status, code
):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])
    users = {
        "author": author.user,
        "colleague": colleague.user,
        "outsider": outsider.user,
        "reviewer": reviewer.user,
        "chair": chair,
    }
    payload = {"message": "Yes", "reviewer": reviewer.pk}

    response = as_user(users[actor]).post(f"/api/v1/papers/{paper.pk}/{action}/", payload)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert PositionPaper.objects.get(pk=paper.pk).status == S.UNDER_REVIEW


def test_decision_without_message_is_a_400(forum, author, reviewer, chair):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    response = as_user(chair).post(f"/api/v1/papers/{paper.pk}/accept/", {})

    assert response.status_code == 400
    assert response.json()["errors"] == {"message": ["This field is required."]}


def test_review_values_are_checked_by_the_api(forum, author, reviewer):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    response = as_user(reviewer.user).post(
        f"/api/v1/papers/{paper.pk}/reviews/", {"score": 9, "recommendation": "love"}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"score", "recommendation"}


def test_text_with_a_lone_surrogate_is_a_400_and_changes_nothing(forum, author, reviewer):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    response = as_user(reviewer.user).post(
        f"/api/v1/papers/{paper.pk}/reviews/",
        data='{"score": 3, "recommendation": "\\ud800", "comments_to_author": "a\\udc00"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert not Review.objects.filter(paper=paper).exists()


def test_author_edits_text_with_patch_and_put_is_not_allowed(forum, author):
    paper = make_paper(forum, author)
    client = as_user(author.user)

    patched = client.patch(f"/api/v1/papers/{paper.pk}/", {"title": "Better title"})
    put = client.put(f"/api/v1/papers/{paper.pk}/", {"title": "x"})

    assert (patched.status_code, patched.json()["title"]) == (200, "Better title")
    assert put.status_code == 405


@pytest.mark.parametrize("paper_id", ["424242", "abc", "1e3", "%00"])
def test_claim_of_an_unknown_paper_is_a_404(reviewer, paper_id):
    response = as_user(reviewer.user).post(f"/api/v1/papers/{paper_id}/claim/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_schema_describes_papers(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    paths = schema["paths"]
    assert "/api/v1/papers/" in paths
    assert "/api/v1/papers/{id}/file/" in paths
    assert "/api/v1/papers/{id}/reviews/" in paths
    assert "/api/v1/papers/{id}/request-revisions/" in paths


def test_pdf_from_the_api_is_the_uploaded_one(forum, author):
    data = make_pdf("Exactly this", "x")
    client = as_user(author.user)
    paper_id = new_paper(client, forum, file=pdf_upload(data=data)).json()["id"]

    response = client.get(f"/api/v1/papers/{paper_id}/file/")

    assert response.content == data
