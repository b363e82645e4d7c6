"""Settings for the test suite: the real settings, read with test-friendly defaults.

Tests run with DEBUG off like production; these defaults only fill in what a
developer machine does not set (a throwaway secret key, plain HTTP, an email outbox).
"""

import os

os.environ.setdefault("SECRET_KEY", "plenary-test-suite-secret-key-not-for-production-use")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DEMO", "1")
# Tests that are about two-factor authentication turn the requirement on themselves.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "")

from config.settings import *  # noqa: F403

# Static files come from the finders; whitenoise wants its (empty) root to exist.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Hashing passwords at full strength dominates a test run that creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
