"""Invitations: signed, expiring, single-use links in the invitee's language; accepting
creates the account and the delegate; every refusal has a code and creates nothing."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.utils import timezone

from events.accounts import services
from events.models import Delegate, Invitation
from plenary.errors import ServiceError
from tests.factories import DelegateFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def link_token(message) -> str:
    return re.search(r"/invitations/([^/\s]+)/", message.body).group(1)


def test_invitation_is_sent_in_the_invitees_language_text_and_html(
    focal_point, dakar, invite, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(focal_point.user, dakar, languages=["fr", "en"])

    assert invitation.status == "pending"
    assert invitation.invited_by == focal_point.user
    [message] = mail.outbox
    assert message.to == ["awa.ndiaye@dakar.example.org"]
    assert message.subject == "Vous êtes invité·e sur Plenary comme délégué·e de Dakar"
    assert "Fatou Sarr vous invite sur Plenary" in message.body
    # The token is signed with the second it was made: compare what it carries.
    assert signing.loads(link_token(message), salt=services.TOKEN_SALT) == [
        invitation.pk,
        invitation.nonce,
    ]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Accepter l'invitation" in html


def test_accepting_sets_the_password_and_creates_the_delegate(
    focal_point, dakar, invite, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(focal_point.user, dakar)
    token = link_token(mail.outbox[0])

    delegate = services.invitation_accept(token=token, password=PASSWORD)

    invitation.refresh_from_db()
    assert (invitation.status, invitation.delegate) == ("accepted", delegate)
    assert delegate.organization == dakar
    assert (delegate.title, delegate.languages, delegate.time_zone) == (
        "Deputy Mayor",
        ["fr", "en"],
        "Africa/Dakar",
    )
    user = delegate.user
    assert (user.username, user.email, user.get_full_name()) == (
        "awa.ndiaye",
        "awa.ndiaye@dakar.example.org",
        "Awa Ndiaye",
    )
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified is True


def test_a_used_link_says_so_and_creates_nothing_more(focal_point, dakar, invite):
    invitation = invite(focal_point.user, dakar)
    token = services.invitation_token(invitation)
    services.invitation_accept(token=token, password=PASSWORD)

    with pytest.raises(ServiceError) as refused:
        services.invitation_accept(token=token, password=PASSWORD)

    assert refused.value.code == "invitation_used"
    assert refused.value.status_code == 410
    assert get_user_model().objects.filter(email__iexact=invitation.email).count() == 1


def test_a_tampered_link_is_refused(focal_point, dakar, invite):
    invitation = invite(focal_point.user, dakar)
    token = services.invitation_token(invitation)
    forged = signing.dumps([invitation.pk + 1, invitation.nonce], salt="another salt")

    for bad in (token[:-2] + "xx", forged, "nothing-signed"):
        with pytest.raises(ServiceError) as refused:
            services.invitation_accept(token=bad, password=PASSWORD)
        assert (refused.value.code, refused.value.status_code) == ("invitation_invalid", 400)
    assert not Delegate.objects.exists()


def test_sending_again_replaces_the_old_link(
    focal_point, dakar, invite, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(focal_point.user, dakar)
        services.invitation_resend(actor=focal_point.user, invitation=invitation)
    old, new = (link_token(message) for message in mail.outbox)

    with pytest.raises(ServiceError) as refused:
        services.invitation_accept(token=old, password=PASSWORD)
    delegate = services.invitation_accept(token=new, password=PASSWORD)

    assert refused.value.code == "invitation_replaced"
    assert delegate.user.email == invitation.email
    invitation.refresh_from_db()
    assert invitation.send_count == 2


def test_an_expired_link_says_so(focal_point, dakar, invite):
    invitation = invite(focal_point.user, dakar)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with pytest.raises(ServiceError) as refused:
        services.invitation_accept(token=services.invitation_token(invitation), password=PASSWORD)

    assert refused.value.code == "invitation_expired"
    assert "has expired" in refused.value.message
    assert not Delegate.objects.exists()


def test_a_withdrawn_link_says_so(focal_point, dakar, invite):
    invitation = invite(focal_point.user, dakar)
    services.invitation_revoke(actor=focal_point.user, invitation=invitation)

    with pytest.raises(ServiceError) as refused:
        services.invitation_accept(token=services.invitation_token(invitation), password=PASSWORD)

    assert refused.value.code == "invitation_revoked"


def test_a_weak_password_is_refused_and_the_link_still_works(focal_point, dakar, invite):
    invitation = invite(focal_point.user, dakar)
    token = services.invitation_token(invitation)

    with pytest.raises(ServiceError) as refused:
        services.invitation_accept(token=token, password="12345678")

    assert refused.value.code == "password_invalid"
    assert not Delegate.objects.exists()
    assert services.invitation_accept(token=token, password=PASSWORD).organization == dakar


def test_an_address_already_in_use_is_refused(focal_point, dakar, invite):
    DelegateFactory(user__email="taken@example.org")

    with pytest.raises(ServiceError) as refused:
        invite(focal_point.user, dakar, email="TAKEN@example.org")

    assert (refused.value.code, refused.value.status_code) == ("email_in_use", 409)
    assert not Invitation.objects.exists()


def test_an_address_with_an_invitation_waiting_is_refused(focal_point, dakar, invite):
    invite(focal_point.user, dakar)

    with pytest.raises(ServiceError) as refused:
        invite(focal_point.user, dakar, email="Awa.Ndiaye@dakar.example.org")

    assert refused.value.code == "already_invited"
    assert Invitation.objects.count() == 1


def test_a_focal_point_cannot_invite_for_another_city(focal_point, invite):
    bogota = OrganizationFactory(name="Alcaldía Mayor de Bogotá")

    with pytest.raises(ServiceError) as refused:
        invite(focal_point.user, bogota)

    assert (refused.value.code, refused.value.status_code) == ("not_focal_point", 403)
    assert not Invitation.objects.exists()


def test_a_delegate_who_is_no_focal_point_cannot_invite(dakar, invite):
    delegate = DelegateFactory(organization=dakar)

    with pytest.raises(ServiceError) as refused:
        invite(delegate.user, dakar)

    assert refused.value.code == "not_focal_point"


def test_a_revoked_focal_point_can_invite_no_more(focal_point, dakar, invite, secretariat):
    services.focal_point_change(actor=secretariat, focal_point=focal_point, to="revoked")

    with pytest.raises(ServiceError) as refused:
        invite(focal_point.user, dakar)

    assert refused.value.code == "not_focal_point"


def test_the_secretariat_invites_for_any_organization(secretariat, invite):
    quito = OrganizationFactory(name="Quito")

    invitation = invite(secretariat, quito, email="ana@quito.example.org")

    assert invitation.organization == quito


def test_a_bad_time_zone_or_language_is_refused(focal_point, dakar, invite):
    with pytest.raises(ServiceError) as zone:
        invite(focal_point.user, dakar, time_zone="Mars/Olympus")
    with pytest.raises(ServiceError) as language:
        invite(focal_point.user, dakar, languages=["French"])

    assert (zone.value.code, language.value.code) == ("invalid", "invalid")
    assert not Invitation.objects.exists()


def test_invitation_transitions_say_who_may_do_what(focal_point, dakar, invite):
    invitation = invite(focal_point.user, dakar)
    stranger = UserFactory()

    assert services.invitation_allowed_transitions(
        invitation=invitation, actor=focal_point.user
    ) == ["revoked"]
    assert services.invitation_allowed_transitions(invitation=invitation, actor=stranger) == []
    with pytest.raises(ServiceError) as refused:
        services.invitation_revoke(actor=stranger, invitation=invitation)
    assert refused.value.code == "not_focal_point"
