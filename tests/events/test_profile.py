"""A delegate's profile page (/me/profile/) and the service behind it; the site and the
emails follow what it says."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events.models import Delegate
from events.services import accreditation_request, delegate_update_profile
from plenary.errors import NotAllowed
from tests.factories import DelegateFactory, EventFactory, ForumFactory, SessionFactory
from tests.support import signed_in

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Awa Ndiaye-Sène",
    "title": "Deputy Mayor",
    "languages": ["fr", "wo"],
    "language": "fr",
    "time_zone": "Africa/Dakar",
}


def _saved(delegate) -> dict:
    delegate = Delegate.objects.get(pk=delegate.pk)
    return {field: getattr(delegate, field) for field in GOOD}


def test_profile_page_shows_the_current_profile(delegate):
    html = signed_in(delegate.user).get("/me/profile/").content.decode()

    assert f'value="{delegate.user.get_full_name()}"' in html
    assert 'value="Councillor"' in html
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in html
    assert '<option value="en" selected>English</option>' in html


def test_me_page_links_the_profile(delegate):
    html = signed_in(delegate.user).get("/me/").content.decode()

    assert '<a href="/me/profile/">Edit my profile</a>' in html


def test_profile_form_round_trip_saves_and_switches_the_language(delegate):
    client = signed_in(delegate.user)

    response = client.post("/me/profile/", {**GOOD, "languages": ["fr"], "other_languages": "wo"})

    assert response.status_code == 302
    assert response["Location"] == "/me/profile/"
    assert _saved(delegate) == GOOD
    assert response.cookies["django_language"].value == "fr"
    page = client.get("/me/profile/").content.decode()
    assert '<html lang="fr">' in page
    assert "Votre profil est enregistré." in page
    assert 'value="Awa Ndiaye-Sène"' in page
    assert 'name="other_languages" value="wo"' in page


def test_profile_form_names_every_bad_field_and_saves_nothing(delegate):
    before = _saved(delegate)

    response = signed_in(delegate.user).post(
        "/me/profile/",
        {
            "name": "  ",
            "title": "",
            "languages": ["fr"],
            "other_languages": "fr, zz",
            "language": "de",
            "time_zone": "Mars/Olympus",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert _saved(delegate) == before
    assert "Nothing was saved. Check these fields:" in html
    assert '<a href="#id_name">Your name</a>: Enter your name as badges should show it.' in html
    assert '<a href="#id_other_languages">Other languages</a>: Unknown language code: zz.' in html
    assert '<a href="#id_language">Preferred language</a>: Select a valid choice.' in html
    assert '<a href="#id_time_zone">Your time zone</a>: Select a valid choice.' in html


def test_profile_page_needs_a_sign_in(client):
    response = client.get("/me/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/profile/")


def test_service_refuses_unknown_codes_with_a_reason_per_field(delegate):
    with pytest.raises(ValidationError) as caught:
        delegate_update_profile(
            actor=delegate.user,
            delegate=delegate,
            name="",
            languages=["fr", "xx"],
            language="pt",
            time_zone="Europe/Atlantis",
        )

    assert caught.value.message_dict == {
        "name": ["Enter your name as badges should show it."],
        "languages": ["Unknown language code: xx."],
        "language": ["pt is not a language of the site; choose one of en, fr, es."],
        "time_zone": ["Europe/Atlantis is not a time zone (for example Europe/Madrid)."],
    }
    assert Delegate.objects.get(pk=delegate.pk).languages == ["en"]


def test_only_the_delegate_or_the_secretariat_changes_a_profile(
    delegate, other_delegate, secretariat
):
    with pytest.raises(NotAllowed):
        delegate_update_profile(actor=other_delegate.user, delegate=delegate, title="Mayor")

    delegate_update_profile(actor=secretariat, delegate=delegate, title="Mayor")

    assert Delegate.objects.get(pk=delegate.pk).title == "Mayor"


def test_the_name_on_the_profile_is_the_name_shown(delegate):
    delegate_update_profile(actor=delegate.user, delegate=delegate, name="Zoë Ōkubo")

    assert Delegate.objects.get(pk=delegate.pk).display_name == "Zoë Ōkubo"


def test_signed_in_pages_follow_the_preferred_language(delegate):
    delegate_update_profile(actor=delegate.user, delegate=delegate, language="es")
    client = signed_in(delegate.user)

    html = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="es">' in html
    assert "<h1>Mis inscripciones</h1>" in html


def test_a_language_the_visitor_chose_wins_over_the_profile(delegate):
    delegate_update_profile(actor=delegate.user, delegate=delegate, language="es")
    client = signed_in(delegate.user)
    client.cookies["django_language"] = "fr"

    assert '<html lang="fr">' in client.get("/me/").content.decode()
    assert '<html lang="en">' in client.get("/me/?lang=en").content.decode()


def test_without_a_chosen_language_the_browser_decides(delegate):
    html = signed_in(delegate.user).get("/me/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="fr">' in html


def test_my_time_on_the_schedule_is_the_profile_time_zone(delegate):
    forum = ForumFactory(event=EventFactory(slug="annual", time_zone="America/Toronto"))
    SessionFactory(forum=forum)
    delegate_update_profile(actor=delegate.user, delegate=delegate, time_zone="Asia/Seoul")

    html = signed_in(delegate.user).get("/events/annual/").content.decode()

    assert 'data-event-zone="America/Toronto" data-viewer-zone="Asia/Seoul">' in html


def test_emails_come_in_the_preferred_language(delegate, django_capture_on_commit_callbacks):
    delegate_update_profile(actor=delegate.user, delegate=delegate, language="es")
    delegate = Delegate.objects.select_related("user").get(pk=delegate.pk)
    event = EventFactory(accreditation_requires_approval=False, title="Annual Meeting")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_request(actor=delegate.user, event=event)

    assert [message.subject for message in mail.outbox] == ["Está acreditado para Annual Meeting"]


def test_a_new_delegate_keeps_the_browser_language(delegate):
    assert DelegateFactory().language == ""


def test_an_account_without_a_delegate_profile_is_told_where_its_settings_are(db):
    from tests.factories import UserFactory

    response = signed_in(UserFactory(is_staff=True)).get("/me/profile/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Your account is not linked to a member organization" in html
    assert 'href="/accounts/email/"' in html
    assert 'href="/accounts/password/change/"' in html
