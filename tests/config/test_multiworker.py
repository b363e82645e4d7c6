"""Two real daphne processes share events through the Redis channel layer."""

import asyncio
import json
import uuid

import pytest
import websockets
from rest_framework.authtoken.models import Token

from harness.processes import DaphneWorker, wait_for_other_database_sessions_to_end
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_workers(tmp_path):
    # A prefix of its own, so nothing else on this Redis reaches these workers.
    env = {"CHANNEL_LAYER_PREFIX": f"plenary-test-{uuid.uuid4().hex[:8]}"}
    first = DaphneWorker(extra_env=env, log_dir=tmp_path)
    second = DaphneWorker(extra_env=env, log_dir=tmp_path)
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.stop()
        second.stop()
        wait_for_other_database_sessions_to_end()


async def _exchange(first: DaphneWorker, second: DaphneWorker, token: str) -> list[dict]:
    origin_first = f"http://127.0.0.1:{first.port}"
    origin_second = f"http://127.0.0.1:{second.port}"
    async with (
        websockets.connect(f"{first.ws_url}/ws/ping/?token={token}", origin=origin_first) as sender,
        websockets.connect(f"{second.ws_url}/ws/ping/", origin=origin_second) as listener,
    ):
        # Both are subscribed once each has answered a ping.
        for ws in (sender, listener):
            await ws.send(json.dumps({"type": "ping"}))
            assert json.loads(await asyncio.wait_for(ws.recv(), 10)) == {"type": "pong"}

        await sender.send(json.dumps({"type": "broadcast", "text": "across workers"}))

        received_by_listener = json.loads(await asyncio.wait_for(listener.recv(), 10))
        received_by_sender = json.loads(await asyncio.wait_for(sender.recv(), 10))
        return [received_by_listener, received_by_sender]


def test_group_message_crosses_daphne_workers_over_redis(two_workers):
    first, second = two_workers
    token = Token.objects.create(user=UserFactory(username="chair", is_staff=True)).key

    received = asyncio.run(_exchange(first, second, token))

    expected = {"type": "broadcast", "text": "across workers", "sender": "chair"}
    assert received == [expected, expected]
    assert first.process.pid != second.process.pid


def test_worker_refuses_foreign_origin(two_workers):
    first, _second = two_workers

    async def attempt():
        async with websockets.connect(
            f"{first.ws_url}/ws/ping/", origin="https://evil.example.com"
        ):
            pass

    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        asyncio.run(attempt())
    assert refused.value.response.status_code == 403
