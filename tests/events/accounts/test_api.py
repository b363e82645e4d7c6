"""The API of invitations, focal points, delegations and sign-in lockouts: answers, bad
input refused with a code and nothing created, query counts that do not grow."""

import pytest
from rest_framework.test import APIClient

from events.accounts import services, signin
from events.models import Accreditation, Delegate, Invitation
from tests.factories import (
    DelegateFactory,
    EventFactory,
    FocalPointFactory,
    InvitationFactory,
    OrganizationFactory,
    SignInLockoutFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def invitation_body(organization, **fields):
    return {
        "organization": organization.pk,
        "email": "awa@dakar.example.org",
        "first_name": "Awa",
        "last_name": "Ndiaye",
        "title": "Deputy Mayor",
        "languages": ["fr", "en"],
        "time_zone": "Africa/Dakar",
        **fields,
    }


def test_a_focal_point_invites_through_the_api(focal_point, dakar):
    response = client_for(focal_point.user).post(
        "/api/v1/invitations/", invitation_body(dakar), format="json"
    )

    assert response.status_code == 201
    body = response.json()
    invitation = Invitation.objects.get()
    assert body["id"] == invitation.pk
    assert {key: body[key] for key in ("organization", "email", "status", "expired")} == {
        "organization": dakar.pk,
        "email": "awa@dakar.example.org",
        "status": "pending",
        "expired": False,
    }
    assert body["actions"] == ["resend", "revoke"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"email": "taken@example.org"}, 409, "email_in_use"),
        ({"organization": "other"}, 403, "not_focal_point"),
        ({"email": "not an address"}, 400, "invalid"),
        ({"time_zone": "Mars/Olympus"}, 400, "invalid"),
        ({"languages": "fr"}, 400, "not_a_list"),
    ],
)
def test_bad_invitations_are_refused_with_a_code(focal_point, dakar, change, status, code):
    UserFactory(email="taken@example.org")
    body = {**invitation_body(dakar), **change}
    if change.get("organization") == "other":
        body["organization"] = OrganizationFactory().pk

    response = client_for(focal_point.user).post("/api/v1/invitations/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not Invitation.objects.exists()


def test_accepting_through_the_api_then_replaying(focal_point, dakar):
    invitation = services.invitation_create(
        actor=focal_point.user,
        organization=dakar,
        email="awa@dakar.example.org",
        first_name="Awa",
        last_name="Ndiaye",
    )
    token = services.invitation_token(invitation)
    anonymous = APIClient()

    first = anonymous.post(
        "/api/v1/invitations/accept/", {"token": token, "password": PASSWORD}, format="json"
    )
    replay = anonymous.post(
        "/api/v1/invitations/accept/", {"token": token, "password": PASSWORD}, format="json"
    )

    delegate = Delegate.objects.get()
    assert first.status_code == 201
    assert first.json() == {
        "delegate": delegate.pk,
        "username": "awa",
        "email": "awa@dakar.example.org",
        "organization": dakar.pk,
    }
    assert (replay.status_code, replay.json()["code"]) == (410, "invitation_used")
    assert Delegate.objects.count() == 1


def test_a_tampered_token_is_refused_through_the_api(focal_point, dakar):
    invitation = InvitationFactory(organization=dakar)
    token = services.invitation_token(invitation)

    response = APIClient().post(
        "/api/v1/invitations/accept/",
        {"token": token.replace(":", ":x", 1), "password": PASSWORD},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (400, "invitation_invalid")
    assert not Delegate.objects.exists()


def test_resend_and_revoke_through_the_api(focal_point, dakar):
    invitation = InvitationFactory(organization=dakar)
    client = client_for(focal_point.user)

    resent = client.post(f"/api/v1/invitations/{invitation.pk}/resend/")
    revoked = client.post(f"/api/v1/invitations/{invitation.pk}/revoke/")
    again = client.post(f"/api/v1/invitations/{invitation.pk}/resend/")

    assert (resent.status_code, resent.json()["send_count"]) == (200, 2)
    assert (revoked.status_code, revoked.json()["status"], revoked.json()["actions"]) == (
        200,
        "revoked",
        [],
    )
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_a_focal_point_sees_only_its_organizations_invitations(focal_point, dakar):
    mine = InvitationFactory(organization=dakar)
    InvitationFactory()

    response = client_for(focal_point.user).get("/api/v1/invitations/")

    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_invitation_list_query_count_does_not_grow(
    secretariat, dakar, django_assert_max_num_queries
):
    client = client_for(secretariat)
    InvitationFactory.create_batch(2, organization=dakar)
    with django_assert_max_num_queries(4):
        small = client.get("/api/v1/invitations/")
    InvitationFactory.create_batch(30)
    with django_assert_max_num_queries(4):
        large = client.get("/api/v1/invitations/")

    assert (small.json()["count"], large.json()["count"]) == (2, 32)


def test_a_focal_points_invitation_list_query_count_does_not_grow(
    focal_point, dakar, django_assert_max_num_queries
):
    client = client_for(focal_point.user)
    InvitationFactory.create_batch(2, organization=dakar)
    with django_assert_max_num_queries(4):
        small = client.get("/api/v1/invitations/")
    InvitationFactory.create_batch(30, organization=dakar)
    with django_assert_max_num_queries(4):
        large = client.get("/api/v1/invitations/")

    assert (small.json()["count"], large.json()["count"]) == (2, 32)
    assert {tuple(row["actions"]) for row in large.json()["results"]} == {("resend", "revoke")}


def test_the_secretariat_appoints_focal_points_through_the_api(secretariat, dakar):
    user = UserFactory()
    client = client_for(secretariat)

    created = client.post(
        "/api/v1/focal-points/", {"user": user.pk, "organization": dakar.pk}, format="json"
    )
    revoked = client.post(f"/api/v1/focal-points/{created.json()['id']}/revoke/")

    assert created.status_code == 201
    assert created.json()["user"]["username"] == user.username
    assert (created.json()["status"], created.json()["actions"]) == ("active", ["revoke"])
    assert (revoked.json()["status"], revoked.json()["actions"]) == ("revoked", ["reinstate"])


def test_a_focal_point_cannot_appoint_another(focal_point, dakar):
    response = client_for(focal_point.user).post(
        "/api/v1/focal-points/", {"user": UserFactory().pk, "organization": dakar.pk}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_focal_point_list_query_count_does_not_grow(secretariat, django_assert_max_num_queries):
    client = client_for(secretariat)
    FocalPointFactory.create_batch(2)
    with django_assert_max_num_queries(4):
        small = client.get("/api/v1/focal-points/")
    FocalPointFactory.create_batch(30)
    with django_assert_max_num_queries(4):
        large = client.get("/api/v1/focal-points/")

    assert (small.json()["count"], large.json()["count"]) == (2, 32)


def test_the_delegation_lists_delegates_and_their_accreditations(focal_point, dakar):
    event = EventFactory()
    delegate = DelegateFactory(organization=dakar)
    accreditation = Accreditation.objects.create(delegate=delegate, event=event, organization=dakar)
    InvitationFactory(organization=dakar)
    client = client_for(focal_point.user)

    listing = client.get("/api/v1/delegations/").json()
    delegates = client.get(f"/api/v1/delegations/{dakar.pk}/delegates/").json()
    other = client.get(f"/api/v1/delegations/{OrganizationFactory().pk}/delegates/")

    assert listing["results"] == [
        {
            "id": dakar.pk,
            "name": "City of Dakar",
            "short_name": "Dakar",
            "country": "SN",
            "region": "africa",
            "delegates": 1,
            "pending_invitations": 1,
        }
    ]
    assert delegates["results"][0]["accreditations"][0]["id"] == accreditation.pk
    assert other.status_code == 404


def test_a_focal_point_registers_a_delegate_through_the_accreditations_api(focal_point, dakar):
    event = EventFactory(delegation_quota=1)
    first, second = DelegateFactory(organization=dakar), DelegateFactory(organization=dakar)
    client = client_for(focal_point.user)

    ok = client.post(
        "/api/v1/accreditations/", {"event": event.pk, "delegate_id": first.pk}, format="json"
    )
    over = client.post(
        "/api/v1/accreditations/", {"event": event.pk, "delegate_id": second.pk}, format="json"
    )
    listed = client.get("/api/v1/accreditations/").json()

    assert (ok.status_code, ok.json()["delegate"]["id"]) == (201, first.pk)
    assert (over.status_code, over.json()["code"]) == (400, "quota_reached")
    assert [row["id"] for row in listed["results"]] == [ok.json()["id"]]


def test_delegation_queries_do_not_grow(secretariat, django_assert_max_num_queries):
    client = client_for(secretariat)
    organization = OrganizationFactory()
    DelegateFactory.create_batch(2, organization=organization)
    with django_assert_max_num_queries(4):
        client.get("/api/v1/delegations/")
    with django_assert_max_num_queries(5):
        small = client.get(f"/api/v1/delegations/{organization.pk}/delegates/")
    event = EventFactory()
    for delegate in DelegateFactory.create_batch(20, organization=organization):
        Accreditation.objects.create(delegate=delegate, event=event, organization=organization)
    OrganizationFactory.create_batch(20)
    with django_assert_max_num_queries(4):
        client.get("/api/v1/delegations/")
    with django_assert_max_num_queries(5):
        large = client.get(f"/api/v1/delegations/{organization.pk}/delegates/")

    assert (small.json()["count"], large.json()["count"]) == (2, 22)


def test_the_secretariat_lifts_a_lockout_through_the_api(secretariat, api_client):
    delegate = DelegateFactory()
    for n in range(5):
        api_client.post(
            "/api/v1/auth/token/",
            {"username": delegate.user.username, "password": f"{n}"},
            format="json",
        )
    client = client_for(secretariat)
    [lockout] = client.get("/api/v1/signin-lockouts/").json()["results"]

    lifted = client.post(f"/api/v1/signin-lockouts/{lockout['id']}/lift/")
    right = api_client.post(
        "/api/v1/auth/token/",
        {"username": delegate.user.username, "password": "correct horse battery staple"},
        format="json",
    )

    assert (lockout["kind"], lockout["user"], lockout["failures"], lockout["active"]) == (
        "account",
        delegate.user.pk,
        5,
        True,
    )
    assert lifted.json()["active"] is False
    assert right.status_code == 200


def test_only_the_secretariat_sees_lockouts(focal_point):
    response = client_for(focal_point.user).get("/api/v1/signin-lockouts/")

    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_lockout_list_query_count_does_not_grow(secretariat, django_assert_max_num_queries):
    client = client_for(secretariat)
    SignInLockoutFactory.create_batch(2)
    with django_assert_max_num_queries(3):
        small = client.get("/api/v1/signin-lockouts/")
    SignInLockoutFactory.create_batch(30)
    with django_assert_max_num_queries(3):
        large = client.get("/api/v1/signin-lockouts/")

    assert (small.json()["count"], large.json()["count"]) == (2, 32)


def test_the_schema_describes_accounts_and_delegations(api_client):
    paths = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()[
        "paths"
    ]

    assert {
        "/api/v1/invitations/",
        "/api/v1/invitations/{id}/resend/",
        "/api/v1/invitations/{id}/revoke/",
        "/api/v1/invitations/accept/",
        "/api/v1/focal-points/",
        "/api/v1/focal-points/{id}/revoke/",
        "/api/v1/delegations/",
        "/api/v1/delegations/{id}/delegates/",
        "/api/v1/signin-lockouts/",
        "/api/v1/signin-lockouts/{id}/lift/",
    } <= set(paths)


def test_lifting_needs_the_secretariat(focal_point):
    lockout = SignInLockoutFactory()

    with pytest.raises(signin.NotAllowed):
        signin.signin_lockout_lift(actor=focal_point.user, lockout=lockout)
