"""Accounts in the browser: a forgotten password, an invitation from email to a seat, a
focal point registering a delegation of four, a chair with a TOTP code."""

import re

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from playwright.sync_api import expect

from events.accounts import services
from events.models import Accreditation, Delegate, Invitation
from forums.models import Seat
from tests.browser.accounts_support import (
    PASSWORD,
    link_in,
    log_in,
    wait_for_mail,
)
from tests.factories import (
    DelegateFactory,
    EventFactory,
    FocalPointFactory,
    ForumFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a brand new passphrase 2027"


def test_a_delegate_resets_a_forgotten_password_from_the_login_page(
    page, daphne_outbox, screenshot
):
    delegate = DelegateFactory(user__email="amina@dakar.example.org")

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("amina@dakar.example.org")
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")

    message = wait_for_mail(daphne_outbox, "amina@dakar.example.org")
    page.goto(link_in(message, "/accounts/password/reset/key/"))
    page.get_by_label("New Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_text("Your password is now changed.")).to_be_visible()
    screenshot(page, "password-reset-done")

    log_in(page, delegate.user.username, NEW_PASSWORD)
    expect(page.locator(".user-name")).to_have_text(delegate.user.get_full_name())


def test_an_invited_delegate_goes_from_the_email_to_a_seat(page, screenshot):
    dakar = OrganizationFactory(name="City of Dakar", short_name="Dakar")
    focal_point = FocalPointFactory(organization=dakar)
    event = EventFactory(
        title="World Congress", slug="congress", accreditation_requires_approval=False
    )
    ForumFactory(event=event, title="Metropolitan Governance", slug="governance", seat_capacity=10)
    services.invitation_create(
        actor=focal_point.user,
        organization=dakar,
        email="awa@dakar.example.org",
        first_name="Awa",
        last_name="Ndiaye",
        languages=["en"],
        time_zone="Africa/Dakar",
    )
    [message] = [m for m in mail.outbox if m.to == ["awa@dakar.example.org"]]
    path = re.search(r"https?://[^/\s]+(/invitations/\S+/)", message.body).group(1)

    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Awa")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(".user-name")).to_have_text("Awa Ndiaye")

    page.goto("/events/congress/")
    page.get_by_role("button", name="Request accreditation").click()
    expect(page.get_by_text("You are accredited for this event.")).to_be_visible()
    page.goto("/events/congress/forums/governance/")
    page.get_by_role("button", name="Take a seat").click()
    expect(page.get_by_role("button", name="Give up my seat")).to_be_visible()
    screenshot(page, "invited-delegate-seated")

    delegate = Delegate.objects.get(user__email="awa@dakar.example.org")
    assert delegate.organization == dakar
    assert Seat.objects.get(delegate=delegate).status == "confirmed"
    assert Invitation.objects.get().status == "accepted"


def test_a_focal_point_registers_a_delegation_of_four(
    browser, page, daphne_server, daphne_outbox, screenshot
):
    dakar = OrganizationFactory(name="City of Dakar", short_name="Dakar")
    focal_point = FocalPointFactory(organization=dakar, user__first_name="Fatou")
    EventFactory(title="World Congress", slug="congress", delegation_quota=4)
    people = [
        ("Awa", "Ndiaye", "fr"),
        ("Moussa", "Diop", "fr"),
        ("Aminata", "Fall", "en"),
        ("Ibrahima", "Sow", "es"),
    ]

    log_in(page, focal_point.user.username)
    page.goto(f"/delegation/{dakar.pk}/")
    for first, last, language in people:
        page.get_by_label("First name").fill(first)
        page.get_by_label("Last name").fill(last)
        page.get_by_label("Email").fill(f"{first.lower()}@dakar.example.org")
        page.get_by_label("Title").fill("Councillor")
        page.get_by_label("Languages").fill(f"{language}, en")
        page.get_by_label("Time zone").fill("Africa/Dakar")
        page.get_by_role("button", name="Send the invitation").click()
        expect(
            page.get_by_text(f"Invitation sent to {first.lower()}@dakar.example.org.")
        ).to_be_visible()
    expect(page.locator("#invitations tbody tr")).to_have_count(4)

    subjects = {}
    for first, _last, _language in people:
        message = wait_for_mail(daphne_outbox, f"{first.lower()}@dakar.example.org")
        subjects[first] = str(message["Subject"])
        invitee = browser.new_context(base_url=daphne_server.http_url, locale="en-GB")
        invitee_page = invitee.new_page()
        invitee_page.goto(link_in(message, "/invitations/"))
        invitee_page.get_by_label("Choose a password").fill(PASSWORD)
        invitee_page.get_by_label("The same password again").fill(PASSWORD)
        invitee_page.get_by_role("button", name="Create my account").click()
        expect(invitee_page).to_have_url(re.compile(r"/me/$"))
        invitee.close()
    assert subjects["Moussa"] == "Vous êtes invité·e sur Plenary comme délégué·e de Dakar"
    assert subjects["Ibrahima"] == "Está invitado/a a Plenary como delegado/a de Dakar"

    page.goto(f"/delegation/{dakar.pk}/")
    for first, last, _language in people:
        page.get_by_role("button", name=f"Request accreditation for {first} {last}").click()
        expect(page.get_by_text(f"{first} {last} is registered for World Congress")).to_be_visible()
    expect(page.get_by_text("World Congress: 4 of 4 places requested")).to_be_visible()
    expect(page.locator("#invitations")).to_contain_text("No invitation is waiting for an answer.")
    screenshot(page, "delegation-of-four")

    assert Accreditation.objects.filter(organization=dakar, status="pending").count() == 4


def test_a_chair_signs_in_with_a_totp_code(page, screenshot):
    chair = UserFactory(username="kwame", first_name="Kwame", last_name="Mensah")
    ForumFactory().chairs.add(chair)
    secret = generate_totp_secret()
    TOTP.activate(chair, secret)

    log_in(page, "kwame")
    expect(page.get_by_label("Code")).to_be_visible()
    screenshot(page, "chair-totp")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign In").click()

    expect(page.locator(".user-name")).to_have_text("Kwame Mensah")


def test_lockout_page_is_styled_like_the_site(page):
    delegate = DelegateFactory()
    for n in range(5):
        log_in(page, delegate.user.username, f"wrong-{n}")

    log_in(page, delegate.user.username)

    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins.")
    expect(page.locator(".site-header")).to_be_visible()
