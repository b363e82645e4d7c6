"""The statutes' records through the API: who reads and who writes, the import, the
proxy letter, and one query count per list."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from assembly.models import Mandate, Proxy, VotingRight
from demo.pdfmake import make_pdf
from tests.factories import (
    DelegateFactory,
    MandateFactory,
    OrganizationFactory,
    ProxyFactory,
    VotingRightFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def letter(content=None):
    data = content if content is not None else make_pdf("Proxy letter", "We give our vote.")
    return SimpleUploadedFile("letter.pdf", data, content_type="application/pdf")


def test_signed_in_users_read_the_standing_and_anonymous_visitors_do_not(event, delegate):
    right = VotingRightFactory(event=event, basis="exception", note="Floods")

    anonymous = APIClient().get("/api/v1/voting-rights/")
    listed = client_for(delegate.user).get(f"/api/v1/voting-rights/?event={event.pk}")

    assert anonymous.status_code == 401
    assert listed.status_code == 200
    assert [
        (row["organization"], row["basis"], row["note"]) for row in listed.json()["results"]
    ] == [(right.organization_id, "exception", "Floods")]


def test_only_the_secretariat_grants_and_revokes_standing(secretariat, event, delegate):
    city = OrganizationFactory()
    payload = {"event": event.pk, "organization": city.pk, "basis": "fees_paid"}

    refused = client_for(delegate.user).post("/api/v1/voting-rights/", payload, format="json")
    granted = client_for(secretariat).post("/api/v1/voting-rights/", payload, format="json")
    again = client_for(secretariat).post("/api/v1/voting-rights/", payload, format="json")

    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert granted.status_code == 201
    assert (again.status_code, again.json()["code"]) == (409, "already_in_standing")
    assert VotingRight.objects.filter(event=event, organization=city).count() == 1

    right_id = granted.json()["id"]
    not_theirs = client_for(delegate.user).delete(f"/api/v1/voting-rights/{right_id}/")
    revoked = client_for(secretariat).delete(f"/api/v1/voting-rights/{right_id}/")

    assert not_theirs.status_code == 403
    assert revoked.status_code == 204
    assert not VotingRight.objects.filter(pk=right_id).exists()


def test_the_import_adds_every_row_or_none_and_names_the_bad_ones(secretariat, event):
    lyon, porto = OrganizationFactory(name="Lyon"), OrganizationFactory(name="Porto")
    client = client_for(secretariat)

    refused = client.post(
        "/api/v1/voting-rights/import/",
        {"event": event.pk, "rows": [{"organization": "Lyon"}, {"organization": "Atlantis"}]},
        format="json",
    )

    assert refused.status_code == 400
    assert list(refused.json()["errors"]["rows"]) == ["2"]
    assert VotingRight.objects.filter(event=event).count() == 0

    added = client.post(
        "/api/v1/voting-rights/import/",
        {"event": event.pk, "rows": [{"organization": "Lyon"}, {"organization": "Porto"}]},
        format="json",
    )

    assert (added.status_code, added.json()) == (201, {"added": 2})
    assert set(VotingRight.objects.filter(event=event).values_list("organization", flat=True)) == {
        lyon.pk,
        porto.pk,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"rows": []},
        {"rows": "Lyon"},
        {"rows": [{"organization": 12, "basis": "bribed"}]},
        {"rows": [{"organization": "x" * 201}]},
    ],
)
def test_a_malformed_import_is_refused_field_by_field(secretariat, event, body):
    answer = client_for(secretariat).post(
        "/api/v1/voting-rights/import/", {"event": event.pk, **body}, format="json"
    )

    assert answer.status_code == 400
    assert "rows" in answer.json()["errors"]
    assert VotingRight.objects.count() == 0


def test_a_delegation_sets_its_own_mandate_and_not_another_members(event):
    city = OrganizationFactory()
    VotingRightFactory(event=event, organization=city)
    voter = accredited_delegate(event, organization=city)
    substitute = accredited_delegate(event, organization=city)
    stranger = accredited_delegate(event)

    own = client_for(voter.user).post(
        "/api/v1/mandates/",
        {"event": event.pk, "organization": city.pk, "delegates": [voter.pk, substitute.pk]},
        format="json",
    )
    other = client_for(stranger.user).post(
        "/api/v1/mandates/",
        {"event": event.pk, "organization": city.pk, "delegates": [stranger.pk]},
        format="json",
    )

    assert own.status_code == 201
    assert [(row["rank"], row["delegate"]["id"]) for row in own.json()] == [
        (1, voter.pk),
        (2, substitute.pk),
    ]
    assert other.status_code == 403
    assert list(
        Mandate.objects.filter(event=event).order_by("rank").values_list("delegate", flat=True)
    ) == [voter.pk, substitute.pk]


def test_a_proxy_goes_from_request_to_approval_with_its_letter(secretariat, event):
    grantor, holder = OrganizationFactory(), OrganizationFactory()
    for member in (grantor, holder):
        VotingRightFactory(event=event, organization=member)
    delegate = accredited_delegate(event, organization=grantor)
    content = make_pdf("Proxy letter", "We give our vote.")

    requested = client_for(delegate.user).post(
        "/api/v1/proxies/",
        {"event": event.pk, "grantor": grantor.pk, "holder": holder.pk, "letter": letter(content)},
        format="multipart",
    )
    proxy_id = requested.json()["id"]
    as_delegate = client_for(delegate.user).get(f"/api/v1/proxies/{proxy_id}/")
    self_approval = client_for(delegate.user).post(f"/api/v1/proxies/{proxy_id}/approve/")
    approved = client_for(secretariat).post(
        f"/api/v1/proxies/{proxy_id}/approve/", {"note": "Letter signed by the mayor"}
    )

    assert requested.status_code == 201
    assert requested.json()["letter_sha256"] == hashlib.sha256(content).hexdigest()
    assert as_delegate.json()["actions"] == ["withdraw"]
    assert self_approval.status_code == 403
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    assert approved.json()["actions"] == ["withdraw"]
    assert Proxy.objects.get(pk=proxy_id).note == "Letter signed by the mayor"


def test_the_letter_is_served_to_the_two_members_and_the_secretariat_only(secretariat, event):
    proxy = ProxyFactory(event=event)
    grantor_delegate = DelegateFactory(organization=proxy.grantor)
    holder_delegate = DelegateFactory(organization=proxy.holder)
    outsider = DelegateFactory()
    url = f"/api/v1/proxies/{proxy.pk}/letter/"

    answers = {
        name: client_for(user).get(url)
        for name, user in [
            ("grantor", grantor_delegate.user),
            ("holder", holder_delegate.user),
            ("secretariat", secretariat),
            ("outsider", outsider.user),
        ]
    }

    for name in ("grantor", "holder", "secretariat"):
        answer = answers[name]
        assert answer.status_code == 200, name
        assert answer["Content-Type"] == "application/pdf"
        assert answer["Content-Disposition"] == f'attachment; filename="proxy-{proxy.pk}.pdf"'
        assert b"".join(answer.streaming_content).startswith(b"%PDF-")
    assert answers["outsider"].status_code == 404
    assert client_for(outsider.user).get("/api/v1/proxies/").json()["results"] == []


def test_a_letter_missing_from_storage_is_answered_not_found(secretariat, event):
    proxy = ProxyFactory(event=event)
    proxy.letter.storage.delete(proxy.letter.name)

    answer = client_for(secretariat).get(f"/api/v1/proxies/{proxy.pk}/letter/")

    assert answer.status_code == 404
    assert answer.json()["detail"] == (
        "The letter of this proxy is missing from the site's storage. "
        "The secretariat can ask for it again."
    )


def test_a_letter_that_is_not_a_pdf_is_refused(secretariat, event):
    grantor, holder = OrganizationFactory(), OrganizationFactory()
    for member in (grantor, holder):
        VotingRightFactory(event=event, organization=member)

    answer = client_for(secretariat).post(
        "/api/v1/proxies/",
        {
            "event": event.pk,
            "grantor": grantor.pk,
            "holder": holder.pk,
            "letter": letter(b"<script>alert(1)</script>"),
        },
        format="multipart",
    )

    assert (answer.status_code, answer.json()["code"]) == (400, "not_a_pdf")
    assert Proxy.objects.count() == 0


def test_voting_rights_list_query_count(django_assert_max_num_queries, secretariat, event):
    VotingRightFactory.create_batch(3, event=event)
    client = client_for(secretariat)
    client.get("/api/v1/voting-rights/")
    VotingRightFactory.create_batch(12, event=event)

    with django_assert_max_num_queries(3):
        answer = client.get("/api/v1/voting-rights/")

    assert answer.json()["count"] == 15


def test_mandates_list_query_count(django_assert_max_num_queries, secretariat, event):
    MandateFactory.create_batch(3, event=event)
    client = client_for(secretariat)
    client.get("/api/v1/mandates/")
    MandateFactory.create_batch(12, event=event)

    with django_assert_max_num_queries(3):
        answer = client.get("/api/v1/mandates/")

    assert answer.json()["count"] == 15


def test_proxies_list_query_count(django_assert_max_num_queries, secretariat, event):
    ProxyFactory.create_batch(3, event=event)
    client = client_for(secretariat)
    client.get("/api/v1/proxies/")
    ProxyFactory.create_batch(12, event=event)

    with django_assert_max_num_queries(3):
        answer = client.get("/api/v1/proxies/")

    assert answer.json()["count"] == 15
    assert {tuple(row["actions"]) for row in answer.json()["results"]} == {("withdraw",)}
