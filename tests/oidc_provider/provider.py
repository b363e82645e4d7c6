"""Start the test identity provider in a child process and tell Plenary where it is."""

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from harness.processes import free_port
from tests.support import ROOT

PROVIDER_ID = "cityid"
CLIENT_ID = "plenary-tests"


def rsa_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


class OIDCProvider:
    """``with OIDCProvider(tmp_path, redirect_uris=[...], users=[...]) as idp:``; then
    ``idp.plenary_env()`` are the variables that point Plenary at it."""

    def __init__(self, directory: Path, *, redirect_uris: list[str], users: list[dict]):
        self.port = free_port()
        self.directory = directory
        self.redirect_uris = redirect_uris
        self.users = users
        self.secret = secrets.token_urlsafe(24)
        self.process: subprocess.Popen | None = None
        self.log_path = directory / f"oidc-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def plenary_env(self) -> dict[str, str]:
        prefix = f"SSO_{PROVIDER_ID.upper()}_"
        return {
            "SSO_PROVIDERS": PROVIDER_ID,
            prefix + "NAME": "CityID",
            prefix + "URL": self.issuer,
            prefix + "CLIENT_ID": CLIENT_ID,
            prefix + "SECRET": self.secret,
        }

    def start(self, timeout: float = 60.0) -> "OIDCProvider":
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "OIDC_TEST_PORT": str(self.port),
            "OIDC_TEST_DATABASE": str(self.directory / f"oidc-{self.port}.sqlite3"),
            "OIDC_TEST_RSA_KEY": rsa_private_key(),
            "OIDC_TEST_SECRET_KEY": secrets.token_urlsafe(40),
            "OIDC_TEST_CLIENT_ID": CLIENT_ID,
            "OIDC_TEST_CLIENT_SECRET": self.secret,
            "OIDC_TEST_REDIRECT_URIS": " ".join(self.redirect_uris),
            "OIDC_TEST_USERS": json.dumps(self.users),
            "PYTHONUNBUFFERED": "1",
        }
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.oidc_provider.serve"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        discovery = f"{self.issuer}/.well-known/openid-configuration"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the OIDC provider exited:\n{self.log()}")
            try:
                with urllib.request.urlopen(discovery, timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the OIDC provider did not answer:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
