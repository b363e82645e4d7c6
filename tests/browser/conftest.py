"""Playwright driving the system Chromium (never a downloaded browser)."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.browser.room_support import Pages, rename
from tests.debates.conftest import make_room
from tests.support import ROOT

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the browser tests (which run in one pass, see tests/conftest.py) and run them
    last."""
    browser_items = [
        item for item in items if "tests/browser/" in str(item.path).replace(os.sep, "/")
    ]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.once)
    others = [item for item in items if item not in browser_items]
    items[:] = others + browser_items


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        reason = "no Chromium found (install the system package 'chromium' or set CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


# Per module: Playwright's sync API runs an event loop in the main thread while it
# is open, which would stop the asyncio tests of other modules from running.
@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    # A page follows the room within a heartbeat (5 s): beside the other test processes
    # on a busy machine, an assertion on a page waits up to twice that.
    expect.set_options(timeout=10_000)

    # Playwright's sync API keeps an event loop running in this thread; the tests'
    # own database calls are still plain synchronous code. Only for this module: the
    # processes started later (check --deploy, servers) must not inherit it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, daphne_server):
    context = browser.new_context(base_url=daphne_server.http_url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    def take(page, name: str, *, part: str | None = None) -> Path:
        """The whole page, or only the element ``part`` (a selector) of it."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        if part:
            page.locator(part).screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=True)
        return path

    return take


# --- the live debate room (tests/browser/test_room_*.py) ---------------------------------


@pytest.fixture
def amina_diego():
    """A scheduled debate (35 s to speak) with a chair and two delegates of member
    cities: Amina Diallo (Dakar, Africa) and Diego Restrepo (Bogotá, Americas)."""

    def build(**config):
        room = make_room(delegates=2, **{"speaking_seconds": 35, **config})
        rename(room.delegates[0], "Amina", "Diallo", "Dakar")
        rename(room.delegates[1], "Diego", "Restrepo", "Bogotá")
        return room

    return build


@pytest.fixture
def pages(browser, daphne_server):
    opened = Pages(browser, daphne_server)
    yield opened
    opened.close()


# --- the walk through the demo (tests/browser/test_walk*.py) -----------------------------


@pytest.fixture(scope="module")
def walk_demo(daphne_server, django_db_blocker):
    """The demo data, committed for the server to read; the database is emptied after the
    module, as a transactional test leaves it. Its tests must write nothing themselves
    (``django_db(transaction=True, available_apps=[])``: the flush after each empties no
    table, so the demo stays for all of the module's tests)."""
    # The papers' PDFs go where the server reads its media.
    media = override_settings(MEDIA_ROOT=daphne_server.extra_env["MEDIA_ROOT"])
    with django_db_blocker.unblock(), media:
        call_command("seed_demo", stdout=io.StringIO())
    yield daphne_server
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
