"""The invitation link and the delegation pages, as a person uses them."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from events.accounts import services
from events.models import Accreditation, Delegate, Invitation
from tests.factories import DelegateFactory, EventFactory, InvitationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def accept_url(invitation) -> str:
    return f"/invitations/{services.invitation_token(invitation)}/"


def test_the_link_shows_the_invitation_and_creates_the_account(client, dakar):
    invitation = InvitationFactory(organization=dakar, first_name="Awa", email="awa@example.org")

    page = client.get(accept_url(invitation))
    done = client.post(accept_url(invitation), {"password1": PASSWORD, "password2": PASSWORD})

    assert "Welcome, Awa" in page.content.decode()
    assert "You are invited to Plenary as a delegate of City of Dakar." in page.content.decode()
    assert (done.status_code, done["Location"]) == (302, "/me/")
    delegate = Delegate.objects.get()
    assert int(client.session["_auth_user_id"]) == delegate.user_id
    assert client.get("/me/").status_code == 200


def test_two_different_passwords_are_refused_and_nothing_is_created(client, dakar):
    invitation = InvitationFactory(organization=dakar)

    response = client.post(accept_url(invitation), {"password1": PASSWORD, "password2": "other"})

    assert response.status_code == 200
    assert "The two passwords differ." in response.content.decode()
    assert not Delegate.objects.exists()


@pytest.mark.parametrize(
    ("spoil", "status", "text"),
    [
        ("used", 410, "This invitation has already been used."),
        ("expired", 410, "This invitation has expired."),
        ("revoked", 410, "This invitation was withdrawn."),
        ("tampered", 400, "This invitation link is not valid."),
    ],
)
def test_an_unusable_link_says_why(client, dakar, spoil, status, text):
    invitation = InvitationFactory(organization=dakar)
    url = accept_url(invitation)
    if spoil == "used":
        services.invitation_accept(token=services.invitation_token(invitation), password=PASSWORD)
    elif spoil == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif spoil == "revoked":
        Invitation.objects.filter(pk=invitation.pk).update(status="revoked")
    else:
        url = url[:-3] + "zz/"

    response = client.get(url)

    assert response.status_code == status
    assert text in response.content.decode()


def test_the_delegation_page_shows_delegates_invitations_and_the_quota(client, focal_point, dakar):
    event = EventFactory(title="World Congress", delegation_quota=4)
    delegate = DelegateFactory(organization=dakar, user__first_name="Awa", user__last_name="Ndiaye")
    Accreditation.objects.create(delegate=delegate, event=event, organization=dakar)
    InvitationFactory(organization=dakar, email="moussa@example.org")
    client.force_login(focal_point.user)

    html = client.get(f"/delegation/{dakar.pk}/").content.decode()

    assert "World Congress: 1 of 4 places requested" in html
    assert "Awa Ndiaye" in html
    assert "moussa@example.org" in html
    assert client.get("/delegation/").status_code == 302


def test_another_citys_delegation_is_not_found(client, focal_point):
    client.force_login(focal_point.user)

    assert client.get(f"/delegation/{OrganizationFactory().pk}/").status_code == 404


def test_inviting_from_the_delegation_page(
    client, focal_point, dakar, django_capture_on_commit_callbacks
):
    client.force_login(focal_point.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/delegation/{dakar.pk}/invitations/",
            {
                "first_name": "Moussa",
                "last_name": "Diop",
                "email": "moussa@example.org",
                "title": "Councillor",
                "languages": "fr, wo",
                "time_zone": "Africa/Dakar",
            },
            follow=True,
        )

    assert "Invitation sent to moussa@example.org." in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.languages, invitation.time_zone) == (["fr", "wo"], "Africa/Dakar")
    assert mail.outbox[0].to == ["moussa@example.org"]


def test_inviting_an_address_in_use_says_so(client, focal_point, dakar):
    DelegateFactory(user__email="taken@example.org")
    client.force_login(focal_point.user)

    response = client.post(
        f"/delegation/{dakar.pk}/invitations/",
        {"first_name": "A", "last_name": "B", "email": "taken@example.org", "time_zone": "UTC"},
        follow=True,
    )

    assert "taken@example.org already belongs to an account." in response.content.decode()
    assert not Invitation.objects.exists()


def test_requesting_accreditation_from_the_delegation_page(client, focal_point, dakar):
    event = EventFactory(title="World Congress", delegation_quota=1)
    first, second = DelegateFactory(organization=dakar), DelegateFactory(organization=dakar)
    client.force_login(focal_point.user)
    url = f"/delegation/{dakar.pk}/accreditations/"

    ok = client.post(url, {"delegate": first.pk, "event": event.pk}, follow=True)
    over = client.post(url, {"delegate": second.pk, "event": event.pk}, follow=True)

    assert re.search(r"is registered for World Congress \(awaiting|pending\)", ok.content.decode())
    assert "has already registered 1 of its 1 delegates" in over.content.decode()
    assert Accreditation.objects.filter(event=event).count() == 1


def test_me_links_the_delegation_of_a_focal_point(client, focal_point, dakar):
    client.force_login(focal_point.user)

    html = client.get("/me/").content.decode()

    assert f'href="/delegation/{dakar.pk}/"' in html
    assert 'href="/accounts/2fa/"' in html


def test_other_apps_add_parts_to_the_delegation_page(client, focal_point, dakar, monkeypatch):
    from plenary import sections

    monkeypatch.setattr(sections, "_SECTIONS", {})
    sections.register_section(
        "delegation", lambda request, organization: f"<p>Mandate of {organization.short_name}</p>"
    )
    client.force_login(focal_point.user)

    html = client.get(f"/delegation/{dakar.pk}/").content.decode()

    assert "<p>Mandate of Dakar</p>" in html
