"""Whether PostgreSQL and Redis are there for the tests that need them (real processes are
in ``harness``)."""

import functools
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@functools.cache
def _redis_reachable(url: str) -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except Exception as exc:
        return f"Redis at {url} is not reachable ({exc})"
    return None


@functools.cache
def _postgresql_reachable() -> str | None:
    import psycopg

    params = settings.DATABASES["default"]
    try:
        with psycopg.connect(
            host=params.get("HOST") or None,
            port=params.get("PORT") or None,
            user=params.get("USER") or None,
            password=params.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            pass
    except Exception as exc:
        return f"PostgreSQL at {params.get('HOST')}:{params.get('PORT')} is not reachable ({exc})"
    return None


def services_missing_reason() -> str | None:
    """Why the PostgreSQL + Redis tests cannot run here, or None when they can."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set TEST_DATABASE_URL (make test runs a second pass with it)"
    if not settings.REDIS_URL:
        return "needs Redis: set TEST_REDIS_URL (make test runs a second pass with it)"
    return _postgresql_reachable() or _redis_reachable(settings.REDIS_URL)


def services_available() -> bool:
    return services_missing_reason() is None


JS_DIR = ROOT / "tests" / "js"


def run_node_script(script: str, stdin: bytes) -> str:
    """Run ``tests/js/<script>`` with the machine's node and the packages ``make test``
    installs in tests/js (npm ci). Without node the test skips with the reason, or fails
    under REQUIRE_SERVICES=1 (CI must run it)."""
    import os
    import shutil
    import subprocess

    import pytest

    node = shutil.which("node")
    if node is None:
        reason = "needs node (Debian: apt-get install nodejs npm) to read feeds with ical.js"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    if not (JS_DIR / "node_modules" / "ical.js" / "package.json").exists():
        pytest.fail(
            "ical.js is not installed in tests/js/node_modules: make test installs it "
            "(npm ci --prefix tests/js)",
            pytrace=False,
        )
    completed = subprocess.run(
        [node, str(JS_DIR / script)],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
        cwd=JS_DIR,
    )
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")
    return completed.stdout.decode()


class _IdsAndReferences(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        self.described_by += (attributes.get("aria-describedby") or "").split()


def dangling_descriptions(html: str) -> list[str]:
    """The ids that an ``aria-describedby`` of ``html`` names but no element carries."""
    parser = _IdsAndReferences()
    parser.feed(html)
    return [ref for ref in parser.described_by if ref not in parser.ids]


def described_by_count(html: str) -> int:
    parser = _IdsAndReferences()
    parser.feed(html)
    return len(parser.described_by)


def signed_in(user):
    """A test client signed in as ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
