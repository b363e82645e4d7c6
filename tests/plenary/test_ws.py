"""The WebSocket origin check: with DEBUG off only the exact origins (scheme, host and
port) of CSRF_TRUSTED_ORIGINS and SITE_URL, checked through a real daphne process; in
development any port of an allowed host."""

import asyncio
import json

import pytest
import websockets
from channels.testing import WebsocketCommunicator
from websockets.exceptions import InvalidStatus

from harness.processes import DaphneWorker, wait_for_other_database_sessions_to_end
from plenary.ping import PingConsumer
from plenary.ws import origin_checked, origin_key

TRUSTED = "https://plenary.example.org"


@pytest.fixture(scope="module")
def production_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A worker with DEBUG off, serving SITE_URL http://127.0.0.1:<its port>."""
    with django_db_blocker.unblock():
        worker = DaphneWorker(log_dir=tmp_path_factory.mktemp("daphne-production"))
        worker.extra_env = {
            "DEBUG": "0",
            "DEMO": "0",
            "SITE_URL": worker.http_url,
            "CSRF_TRUSTED_ORIGINS": TRUSTED,
        }
        worker.start()
    yield worker
    worker.stop()
    with django_db_blocker.unblock():
        wait_for_other_database_sessions_to_end()


async def _ping(url: str, origin: str | None):
    try:
        async with websockets.connect(url, origin=origin, open_timeout=10) as ws:
            await ws.send('{"type": "ping"}')
            return json.loads(await ws.recv())["type"]
    except InvalidStatus as refused:
        return refused.response.status_code


def test_only_the_exact_site_and_trusted_origins_may_open_a_socket(production_worker):
    url = f"{production_worker.ws_url}/ws/ping/"
    port = production_worker.port
    origins = [
        f"http://127.0.0.1:{port}",
        TRUSTED,
        "https://plenary.example.org:443",
        "http://127.0.0.1:9999",
        "https://127.0.0.1",
        f"https://127.0.0.1:{port}",
        "http://plenary.example.org",
        "https://plenary.example.org:8443",
        f"http://localhost:{port}",
        "null",
        None,
    ]

    answers = {origin: asyncio.run(_ping(url, origin)) for origin in origins}

    assert answers == {
        f"http://127.0.0.1:{port}": "pong",
        TRUSTED: "pong",
        "https://plenary.example.org:443": "pong",
        "http://127.0.0.1:9999": 403,
        "https://127.0.0.1": 403,
        f"https://127.0.0.1:{port}": 403,
        "http://plenary.example.org": 403,
        "https://plenary.example.org:8443": 403,
        f"http://localhost:{port}": 403,
        "null": 403,
        None: 403,
    }


def test_origins_compare_scheme_host_and_port():
    assert [
        origin_key("https://Plenary.Example.org"),
        origin_key("http://127.0.0.1:8000/"),
        origin_key("http://[::1]:8000"),
        origin_key("null"),
        origin_key("plenary.example.org"),
        origin_key("http://host:99999"),
    ] == [
        ("https", "plenary.example.org", 443),
        ("http", "127.0.0.1", 8000),
        ("http", "::1", 8000),
        None,
        None,
        None,
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize("origin", ["http://127.0.0.1:8000", "http://localhost:8000"])
async def test_in_development_make_run_addresses_are_accepted(settings, origin):
    settings.DEBUG = True
    application = origin_checked(PingConsumer.as_asgi())
    ws = WebsocketCommunicator(application, "/ws/ping/", headers=[(b"origin", origin.encode())])

    connected, _ = await ws.connect()

    assert connected is True
    await ws.disconnect()
