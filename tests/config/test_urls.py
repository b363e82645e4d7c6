"""Every page's URL name reverses to that page, never to an API route of the same name."""

import itertools
import uuid

import pytest
from django.urls import NoReverseMatch, get_resolver, resolve, reverse
from rest_framework.views import APIView

# allauth's own names whose addresses the project serves with its own views.
SERVED_BY_OWN_VIEW = {"account_login": "login", "account_logout": "logout"}
SAMPLES = ["annual-meeting", "annual", "7", "abcdefghijklmnop-123", str(uuid.UUID(int=7))]


def page_names() -> list[str]:
    """Names outside any namespace: the pages (the API's are all under ``api:``)."""
    return sorted(name for name in get_resolver().reverse_dict if isinstance(name, str))


def reverse_with_samples(name: str) -> list[str]:
    """Every address ``name`` reverses to with sample values for its parameters."""
    urls = []
    for possibility, _pattern, _defaults, _converters in get_resolver().reverse_dict.getlist(name):
        for _template, params in possibility:
            for values in itertools.product(SAMPLES, repeat=len(params)):
                try:
                    urls.append(reverse(name, kwargs=dict(zip(params, values, strict=True))))
                except NoReverseMatch:
                    continue
    return urls


def is_api_view(func) -> bool:
    view_class = getattr(func, "cls", None) or getattr(func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def test_every_page_name_reverses_to_its_own_page_view():
    checked = 0
    for name in page_names():
        urls = reverse_with_samples(name)
        assert urls, f"{name} does not reverse with any sample"
        for url in urls:
            match = resolve(url)
            assert not url.startswith("/api/"), (name, url)
            assert (match.url_name, match.namespace) == (SERVED_BY_OWN_VIEW.get(name, name), ""), (
                name,
                url,
            )
            assert not is_api_view(match.func), (name, url)
            checked += 1
    assert checked >= 20


def test_the_pages_that_shared_a_name_with_the_api_reach_their_pages():
    assert reverse("seat-cancel", args=["annual", "housing"]) == (
        "/events/annual/forums/housing/seat/cancel/"
    )
    assert (
        reverse("accreditation-cancel", args=["annual"]) == "/events/annual/accreditation/cancel/"
    )
    assert reverse("event-detail", args=["annual"]) == "/events/annual/"
    assert reverse("api:seat-cancel", args=[7]) == "/api/v1/seats/7/cancel/"
    assert reverse("api:docs") == "/api/docs/"


def test_an_unknown_api_address_answers_json_404_in_development_too(client, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/nope/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "There is nothing at this address.", "code": "not_found"}


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.mark.django_db
def test_only_the_api_pages_allow_inline_styles(client):
    docs = client.get("/api/docs/")
    browsable = client.get("/api/v1/", HTTP_ACCEPT="text/html")
    json_answer = client.get("/api/v1/")
    home = client.get("/")

    assert "style-src 'self' 'unsafe-inline'" in docs["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in browsable["Content-Security-Policy"]
    for response in (json_answer, home):
        assert "style-src 'self';" in response["Content-Security-Policy"]
    for response in (docs, browsable, json_answer, home):
        assert "script-src 'self';" in response["Content-Security-Policy"]
