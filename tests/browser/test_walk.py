"""A walk through the demo as each of its people, on a phone and a laptop, in English,
French and Spanish: every page reached by the site's own links reads as finished."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from demo.data import DEMO_PASSWORD
from tests.browser.walk_support import Walk, report

# The tests' own process writes nothing: with no available apps, the flush after each one
# empties no table and the demo, loaded once for the module, stays for all of them.
pytestmark = pytest.mark.django_db(transaction=True, available_apps=[])

# Who walks: the demo's logins (README), a reviewer, and a visitor who is not signed in.
LOGINS = ["visitor", "secretariat", "chair", "amina", "diego", "ines", "doors", "fatou"]
WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
LANGUAGES = ["en", "fr", "es"]
PAGES_PER_LOGIN = 10


@pytest.fixture(scope="module")
def demo(daphne_server, django_db_blocker):
    """The demo data, committed for the server to read; the database is emptied after the
    module, as a transactional test leaves it."""
    # The papers' PDFs go where the server reads its media.
    media = override_settings(MEDIA_ROOT=daphne_server.extra_env["MEDIA_ROOT"])
    with django_db_blocker.unblock(), media:
        call_command("seed_demo", stdout=io.StringIO())
    yield daphne_server
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def log_in(page, login: str) -> None:
    """Through the sign-in form, in whatever language it is shown."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_walk_through_the_demo(browser, demo, language, width):
    findings, visited = [], []
    for login in LOGINS:
        context = browser.new_context(
            base_url=demo.http_url,
            viewport=WIDTHS[width],
            locale=f"{language}-{language.upper()}",
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": demo.http_url}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            if login != "visitor":
                log_in(page, login)
            walk = Walk(base_url=demo.http_url, language=language, max_pages=PAGES_PER_LOGIN)
            walk.run(page, walked={line.split(" ", 1)[1] for line in visited})
        finally:
            context.close()
        assert len(walk.visited) >= 3, (login, walk.visited)
        visited += [f"{login} {path}" for path in walk.visited]
        findings += walk.findings

    if findings:
        pytest.fail(f"{report(findings)}\n\npages visited:\n" + "\n".join(visited), pytrace=False)
