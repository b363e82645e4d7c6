"""The badge signs you in on your phone: the link of its QR code opens a short session of
its owner, bound to the badge; a reprint, an expiry, a forged or another event's code
sign nobody in; a signed-in browser is asked first; a badge session may not change the
account without the password."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from debates.models import Debate
from events.models import Accreditation
from onsite import credentials, services, signin
from onsite.badges.prints import badge_code, badge_credential
from onsite.models import Badge
from tests.debates.conftest import make_room
from tests.factories import AccreditationFactory, EventFactory, SigningKeyFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def path_of(badge) -> str:
    return badge_code(badge).removeprefix(settings.SITE_URL)


def signed_in_as(client):
    return client.get("/me/").wsgi_request.user


def test_a_badges_link_signs_its_owner_in_for_a_session_bound_to_the_badge(client, badge):
    owner = badge.accreditation.delegate.user
    path = path_of(badge)

    answer = client.get(path)

    assert path == f"/b/{badge_credential(badge)}"
    assert answer.status_code == 302
    assert answer["Location"] == f"/events/{badge.accreditation.event.slug}/"
    accreditation_id, version, _at = client.session[signin.SESSION_KEY]
    assert (accreditation_id, version) == (badge.accreditation_id, 1)
    # Twelve hours at most (the badge itself expires after the event).
    assert 12 * 3600 - 60 < client.session.get_expiry_age() <= 12 * 3600
    assert signed_in_as(client) == owner


def test_the_session_ends_with_the_badge_when_it_expires_first(client, badge):
    soon = timezone.now() + datetime.timedelta(hours=2)
    Badge.objects.filter(pk=badge.pk).update(expires_at=soon)
    badge.refresh_from_db()

    client.get(path_of(badge))

    assert client.session.get_expiry_date() == soon


def test_the_link_opens_the_events_live_room_where_the_delegate_has_a_seat(client, secretariat):
    room = make_room(delegates=1)
    Debate.objects.filter(pk=room.debate.pk).update(status=Debate.Status.LIVE)
    accreditation = Accreditation.objects.get(delegate=room.delegates[0], event=room.forum.event)
    badge = services.badge_issue(actor=secretariat, accreditation=accreditation)

    answer = client.get(path_of(badge))

    assert answer["Location"] == f"/debates/{room.debate.pk}/"


def refusal(answer) -> tuple[int, str, str]:
    html = answer.content.decode()
    reason = re.search(r'data-reason="([a-z_]+)">([^<]*)<', html)
    return answer.status_code, reason.group(1), reason.group(2)


def test_a_reprinted_badge_signs_nobody_in_and_its_open_session_ends(client, badge, secretariat):
    old = path_of(badge)
    client.get(old)
    assert signed_in_as(client).is_authenticated

    new = services.badge_issue(actor=secretariat, accreditation=badge.accreditation)

    assert client.get("/me/").status_code == 302  # to the login page: signed out
    assert not signed_in_as(client).is_authenticated
    assert signin.SESSION_KEY not in client.session
    assert refusal(Client().get(old)) == (
        410,
        "revoked",
        "This badge was replaced by a reprint: scan the new one.",
    )
    assert Client().get(path_of(new)).status_code == 302


def test_an_expired_badge_signs_nobody_in(client, badge):
    Badge.objects.filter(pk=badge.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    badge.refresh_from_db()

    assert refusal(client.get(path_of(badge))) == (410, "expired", "This badge has expired.")
    assert not signed_in_as(client).is_authenticated


def test_a_tampered_code_is_refused_as_forged_in_the_visitors_language(client, badge):
    code = badge_credential(badge)
    tampered = code[:12] + ("A" if code[12] != "A" else "B") + code[13:]

    english = client.get(f"/b/{tampered}")
    french = client.get(f"/b/{tampered}", HTTP_ACCEPT_LANGUAGE="fr")
    spanish = client.get(f"/b/{tampered}", HTTP_ACCEPT_LANGUAGE="es")

    assert refusal(english) == (
        400,
        "bad_signature",
        "This badge&#x27;s code is damaged or forged: its signature is wrong.",
    )
    assert refusal(french)[2] != refusal(english)[2]
    assert refusal(spanish)[2] not in (refusal(english)[2], refusal(french)[2])
    assert not signed_in_as(client).is_authenticated


def test_a_code_signed_with_another_events_key_is_refused_as_forged(client, badge):
    other = SigningKeyFactory(event=EventFactory())
    forged = credentials.sign(
        credentials.Credential(
            event_id=badge.accreditation.event_id,
            accreditation_id=badge.accreditation_id,
            version=1,
            expires_at=badge.expires_at,
        ),
        bytes(other.private_key),
    )

    assert refusal(client.get(f"/b/{forged}"))[:2] == (400, "bad_signature")
    assert not signed_in_as(client).is_authenticated


@pytest.mark.parametrize("code", ["nonsense", "PL:AAAA", "PL:" + "A" * 127, "PL:" + "A" * 600])
def test_what_is_no_badges_code_is_a_bad_request(client, code):
    assert refusal(client.get(f"/b/{code}"))[:2] == (400, "malformed")


def test_a_badge_of_an_event_that_issued_none_is_unknown(client, badge):
    code = credentials.sign(
        credentials.Credential(
            event_id=EventFactory().pk,
            accreditation_id=badge.accreditation_id,
            version=1,
            expires_at=badge.expires_at,
        ),
        credentials.new_key_pair()[0],
    )

    assert refusal(client.get(f"/b/{code}"))[:2] == (404, "unknown")


def test_an_accreditation_no_longer_approved_ends_its_badge_session(client, badge):
    client.get(path_of(badge))
    Accreditation.objects.filter(pk=badge.accreditation_id).update(
        status=Accreditation.Status.CANCELLED
    )

    assert not signed_in_as(client).is_authenticated
    assert refusal(client.get(path_of(badge)))[:2] == (403, "not_accredited")


def test_the_secretariat_signs_in_with_its_password_not_its_badge(client, event, secretariat):
    staff = UserFactory(is_staff=True)
    accreditation = AccreditationFactory(event=event, delegate__user=staff)
    badge = services.badge_issue(actor=secretariat, accreditation=accreditation)

    assert refusal(client.get(path_of(badge)))[:2] == (403, "password_only")
    assert not signed_in_as(client).is_authenticated


def test_over_another_persons_session_the_page_asks_first_and_signs_in_on_post(badge):
    other = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(other)
    path = path_of(badge)
    owner = badge.accreditation.delegate.user

    asked = client.get(path)
    still = signed_in_as(client)
    forged = client.post(path)  # no CSRF token: another site cannot make it
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', asked.content.decode())
    confirmed = client.post(path, {"csrfmiddlewaretoken": token.group(1)})

    assert asked.status_code == 200
    assert f"Sign in as {owner.get_full_name()}" in asked.content.decode()
    assert still == other
    assert forged.status_code == 403
    assert confirmed.status_code == 302
    assert signed_in_as(client) == owner
    assert client.session[signin.SESSION_KEY][:2] == [badge.accreditation_id, 1]


def test_a_link_another_site_sent_the_browser_to_asks_before_signing_in(badge):
    client = Client()

    asked = client.get(path_of(badge), HTTP_SEC_FETCH_SITE="cross-site")

    assert asked.status_code == 200
    assert not signed_in_as(client).is_authenticated
    direct = client.get(path_of(badge), HTTP_SEC_FETCH_SITE="none")
    assert direct.status_code == 302
    assert signed_in_as(client) == badge.accreditation.delegate.user


def test_the_owner_signed_in_with_the_password_keeps_that_session(client, badge):
    owner = badge.accreditation.delegate.user
    client.force_login(owner)

    answer = client.get(path_of(badge))

    assert answer.status_code == 302
    assert signin.SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "page",
    ["/accounts/password/change/", "/accounts/email/", "/accounts/2fa/", "/accounts/sessions/"],
)
def test_a_badge_session_gives_the_password_before_changing_the_account(client, badge, page):
    client.get(path_of(badge))

    answer = client.get(page)

    assert answer.status_code == 302
    assert answer["Location"] == f"/accounts/reauthenticate/?next={page}"


def test_a_badge_session_may_not_change_the_calendar_address(client, badge):
    delegate = badge.accreditation.delegate
    token = delegate.calendar_token
    client.get(path_of(badge))

    page = client.post("/me/calendar-token/")
    api = client.post("/api/v1/me/calendar-token/")

    delegate.refresh_from_db()
    assert page.status_code == 403
    assert api.status_code == 403
    assert api.json() == {
        "detail": "You are signed in with your badge: give your password to change this.",
        "code": "password_required",
    }
    assert delegate.calendar_token == token


def test_the_password_given_makes_the_badge_session_an_ordinary_one(client, badge):
    client.get(path_of(badge))
    page = "/accounts/password/change/"

    given = client.post(f"/accounts/reauthenticate/?next={page}", {"password": PASSWORD})
    answer = client.get(page)

    assert given.status_code == 302
    assert answer.status_code == 200
    assert signin.SESSION_KEY not in client.session
