"""Settings for the test suite: the real settings, read with test-friendly defaults.

Tests run with DEBUG off like production; these defaults only fill in what a
developer machine does not set (a throwaway secret key, plain HTTP, an email outbox).
"""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "plenary-test-suite-secret-key-not-for-production-use")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DEMO", "1")
# Tests that are about two-factor authentication turn the requirement on themselves.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "")


def _redis_url_of_worker(url: str, worker: str) -> str:
    """Parallel test workers (pytest-xdist's ``gw0``, ``gw1``...) each get a Redis
    database of their own, after the one given: a worker flushing its cache or reading its
    channel groups never touches another's."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 1 + int(worker.removeprefix('gw'))}"))


# The server processes a worker starts inherit both variables: they read the same
# database as the worker, not one further on.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and os.environ.get("REDIS_URL") and os.environ.get("PLENARY_REDIS_WORKER") != _worker:
    os.environ["REDIS_URL"] = _redis_url_of_worker(os.environ["REDIS_URL"], _worker)
    os.environ["PLENARY_REDIS_WORKER"] = _worker

from config.settings import *  # noqa: E402, F403

# Static files come from the finders; whitenoise wants its (empty) root to exist.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Hashing passwords at full strength dominates a test run that creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
