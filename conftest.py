"""Settings for the test run, applied before Django reads its settings."""

import os

os.environ.setdefault("SECRET_KEY", "plenary-test-suite-secret-key-not-for-production-use")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("EMAIL_URL", "locmem://")
