"""Fixtures shared by the whole suite.

The suite runs on the embedded default (SQLite, in-memory channel layer) and, when
``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` are given, again on PostgreSQL and Redis
(``make test`` does both). Tests marked ``services`` need PostgreSQL and Redis: they
run in the second pass, skip with a reason when no service is configured, and fail
when ``REQUIRE_SERVICES=1`` and a service cannot be reached. Tests marked ``once`` (the
browser tests, the API contract run, the random command sequences and the data
migrations) run in one pass: the PostgreSQL + Redis one when it follows, the embedded one
otherwise. Tests marked ``embedded`` (the demo data that ``make run`` serves on SQLite) run
in the embedded pass only.
"""

import os

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import DelegateFactory, EventFactory, OrganizationFactory, UserFactory
from tests.support import services_available, services_missing_reason

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
TEST_PASS = os.environ.get("PLENARY_TEST_PASS", "")
SECOND_PASS_FOLLOWS = TEST_PASS == "embedded" and (
    REQUIRE_SERVICES
    or bool(os.environ.get("TEST_DATABASE_URL") or os.environ.get("TEST_REDIS_URL"))
)


def pytest_sessionstart(session):
    if REQUIRE_SERVICES and TEST_PASS == "services":
        reason = services_missing_reason()
        if reason:
            pytest.exit(f"REQUIRE_SERVICES=1 but {reason}", returncode=3)


def pytest_collection_modifyitems(config, items):
    if TEST_PASS == "services":
        # The embedded pass that ran before this one covered them.
        _deselect(config, items, [item for item in items if item.get_closest_marker("embedded")])
    elif SECOND_PASS_FOLLOWS:
        _deselect(config, items, _in_the_second_pass(items))
    if hasattr(config, "workerinput"):
        # In parallel processes the long modules (browser, whole servers, migrations)
        # start first, so that no process is left with one of them at the end.
        items.sort(key=lambda item: not item.get_closest_marker("once"))


def _in_the_second_pass(items):
    """They run in the PostgreSQL + Redis pass that follows this one."""
    return [
        item
        for item in items
        if item.get_closest_marker("once")
        or (item.get_closest_marker("services") and not services_available())
    ]


def _deselect(config, items, dropped):
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        deselected = set(dropped)
        items[:] = [item for item in items if item not in deselected]


def pytest_runtest_setup(item):
    if item.get_closest_marker("services") and not services_available():
        reason = services_missing_reason()
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _database_left_free(request):
    """On PostgreSQL, sessions still open when the run ends are ended before the test
    database is dropped (the database thread of async tests keeps its connection)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield
        return
    from harness.processes import end_sessions_left_open

    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    yield
    with blocker.unblock():
        end_sessions_left_open()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in another language activates it for the
    rest of the thread, and the next test would build its data in that language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Each test starts with an empty cache (throttling and rate limits live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path_factory):
    """Uploaded files of each test go to a directory of their own, never to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def delegate(db):
    return DelegateFactory()


@pytest.fixture
def other_delegate(db):
    return DelegateFactory()


@pytest.fixture
def secretariat(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def delegate_client(delegate):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=delegate.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def secretariat_client(secretariat):
    client = APIClient()
    client.force_authenticate(secretariat)
    return client


@pytest.fixture
def settings_redis_url():
    return settings.REDIS_URL


@pytest.fixture(scope="session")
def daphne_outbox(tmp_path_factory):
    """Where the shared daphne process writes the email it sends (``EMAIL_URL=filebased``)."""
    return tmp_path_factory.mktemp("daphne-outbox")


@pytest.fixture(scope="session")
def daphne_server(django_db_setup, django_db_blocker, tmp_path_factory, daphne_outbox):
    """One daphne process serving the test database, for browser and end-to-end tests.

    Tests that use it must also use ``transactional_db`` so that what they create is
    committed and visible to the server process. Its email goes to ``daphne_outbox``.
    """
    from harness.processes import DaphneWorker, wait_for_other_database_sessions_to_end

    with django_db_blocker.unblock():
        worker = DaphneWorker(
            log_dir=tmp_path_factory.mktemp("daphne"),
            extra_env={
                "MEDIA_ROOT": str(tmp_path_factory.mktemp("daphne-media")),
                "EMAIL_URL": f"filebased://{daphne_outbox}",
            },
        ).start()
    yield worker
    worker.stop()
    with django_db_blocker.unblock():
        wait_for_other_database_sessions_to_end()
