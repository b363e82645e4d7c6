"""Every input of a feed's bytes moves its Last-Modified (and its ETag at once), also
those with no timestamp of their own: a speaker's name, their organization's, the site's
address."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import DelegateFactory, OrganizationFactory
from tests.forums.ical.support import age_everything, make_session, parse_http_date

pytestmark = pytest.mark.django_db

URL = "/calendar/events/annual.ics"


@pytest.fixture
def with_speaker(forum):
    speaker = DelegateFactory(
        user__first_name="Ji-woo",
        user__last_name="Park",
        organization=OrganizationFactory(name="Seoul", short_name="Seoul"),
    )
    make_session(forum, speakers=[speaker])
    age_everything()
    return speaker


def later(monkeypatch, seconds=5):
    """Move the clock on: HTTP dates count whole seconds."""
    moved = timezone.now() + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: moved)
    return moved


def renamed(client, first, change, monkeypatch):
    change()
    by_date = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    by_etag = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    moved = later(monkeypatch)
    after = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    return by_date, by_etag, after, moved


def test_renaming_a_speaker_moves_last_modified(client, with_speaker, monkeypatch):
    first = client.get(URL)
    user = with_speaker.user

    def rename():
        user.first_name = "Jiwoo"
        user.save()

    by_date, by_etag, after, moved = renamed(client, first, rename, monkeypatch)

    assert (by_date.status_code, by_etag.status_code, after.status_code) == (200, 200, 200)
    assert b"Jiwoo Park (Seoul)" in by_date.content
    assert by_etag["ETag"] != first["ETag"]
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    assert after["Last-Modified"] <= http_date(moved.timestamp())


def test_renaming_a_speakers_organization_moves_last_modified(client, with_speaker, monkeypatch):
    first = client.get(URL)
    organization = with_speaker.organization

    def rename():
        organization.short_name = "SEL"
        organization.save()

    by_date, _by_etag, after, _moved = renamed(client, first, rename, monkeypatch)

    assert b"Ji-woo Park (SEL)" in by_date.content
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_another_site_address_moves_last_modified(client, with_speaker, settings, monkeypatch):
    first = client.get(URL)

    def move():
        settings.SITE_URL = "https://plenary.example.org"

    by_date, _by_etag, after, _moved = renamed(client, first, move, monkeypatch)

    assert b"@plenary.example.org" in by_date.content
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_an_unchanged_feed_keeps_its_last_modified(client, with_speaker, monkeypatch):
    first = client.get(URL)
    later(monkeypatch)

    again = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert (again.status_code, again["Last-Modified"]) == (304, first["Last-Modified"])
