"""Real processes for tests and benchmarks: daphne workers serving Plenary on free ports,
pointed at the database the caller uses."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_env() -> dict[str, str]:
    """Environment that points a child process at the database the tests are using."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": str(params["NAME"]), "DATABASE_URL": ""}
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return {"DATABASE_URL": f"postgres://{auth}{host}:{port}/{params['NAME']}"}


# libpq reads PGAPPNAME: the sessions of child processes are told apart from this
# process's own pooled connections, which must survive.
CHILD_APPLICATION_NAME = "plenary-test-child"


def wait_for_other_database_sessions_to_end(timeout: float = 5.0) -> None:
    """After child processes exit, PostgreSQL may keep their sessions a moment longer;
    the test database cannot be dropped until they are gone."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name = %s",
                [CHILD_APPLICATION_NAME],
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            [CHILD_APPLICATION_NAME],
        )


def end_sessions_left_open() -> None:
    """At the end of a run, end every other session on the test database (a thread's
    connection that an async test left open), so that it can be dropped."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


class DaphneWorker:
    """A real daphne process serving Plenary on a free port of 127.0.0.1, started as in
    production (``python -m plenary.server``: daphne with Plenary's limits)."""

    def __init__(
        self,
        *,
        extra_env: dict[str, str] | None = None,
        log_dir: Path | None = None,
        args: list[str] | None = None,
    ):
        self.port = free_port()
        self.extra_env = extra_env or {}
        # More daphne options (``--proxy-headers``, as deployments behind a proxy use).
        self.args = list(args or [])
        self.log_path = (log_dir or ROOT / "var") / f"daphne-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "DaphneWorker":
        self.launch()
        return self.wait_ready(timeout)

    def launch(self) -> "DaphneWorker":
        """Start the process without waiting for it (start several, then wait for each)."""
        env = {
            # A server runs as in production: with Django's async safety on, whatever the
            # test process allows itself.
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            # The suite's settings (fast password hashing, static files from the finders).
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DEBUG": "1",
            "HTTPS": "0",
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": "locmem://",
            "PYTHONUNBUFFERED": "1",
            "PGAPPNAME": CHILD_APPLICATION_NAME,
            **database_env(),
            **self.extra_env,
        }
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "plenary.server",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                *self.args,
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        return self

    def wait_ready(self, timeout: float = 30.0) -> "DaphneWorker":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.http_url}/api/v1/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"daphne did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL, as a crashed machine would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        with contextlib.suppress(OSError):
            self.log_path.unlink()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def start_workers(count: int, *, extra_env=None, log_dir=None, args=None) -> list[DaphneWorker]:
    workers = [
        DaphneWorker(extra_env=extra_env, log_dir=log_dir, args=args).launch() for _ in range(count)
    ]
    try:
        for worker in workers:
            worker.wait_ready(timeout=60)
    except Exception:
        for worker in workers:
            worker.stop()
        raise
    return workers
