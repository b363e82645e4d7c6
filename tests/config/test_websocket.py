import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from config.asgi import application
from tests.factories import UserFactory

ALLOWED_ORIGIN = [(b"origin", b"http://localhost:8000")]

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def token_key(transactional_db):
    return Token.objects.create(user=UserFactory(username="kwame", is_staff=True)).key


@pytest.fixture
def session_cookie(transactional_db):
    client = Client()
    client.force_login(UserFactory(username="amina", is_staff=True))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def communicator(path="/ws/ping/", headers=ALLOWED_ORIGIN):
    return WebsocketCommunicator(application, path, headers=headers)


async def test_ping_answers_pong():
    ws = communicator()
    connected, _ = await ws.connect()
    assert connected

    await ws.send_json_to({"type": "ping"})

    assert await ws.receive_json_from() == {"type": "pong"}
    await ws.disconnect()


@pytest.mark.parametrize(
    "headers",
    [
        [(b"origin", b"https://evil.example.com")],
        [(b"origin", b"http://localhost.evil.example.com")],
        [(b"origin", b"null")],
        [],
    ],
    ids=["foreign", "lookalike", "null", "missing"],
)
async def test_foreign_or_missing_origin_is_refused(headers):
    ws = communicator(headers=headers)

    connected, _ = await ws.connect()

    assert connected is False


@pytest.mark.parametrize("path", ["/ws/nothing/", "/ws/debates/abc/", "/ws/debates/-1/", "/"])
async def test_unknown_path_closes_with_4404(path):
    ws = communicator(path)

    connected, _ = await ws.connect()

    assert connected
    assert await ws.receive_output() == {"type": "websocket.close", "code": 4404}


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json at all", "bad_request"),
        ("[1, 2, 3]", "bad_request"),
        ('"ping"', "bad_request"),
        ('{"type": "launch"}', "unknown_type"),
        ('{"type": 42}', "unknown_type"),
        ("x" * 1_000_000, "too_large"),
        ("[" * 4000, "bad_request"),
    ],
    ids=["not-json", "array", "string", "unknown-type", "wrong-type", "one-megabyte", "deep"],
)
async def test_malformed_frames_get_an_error_and_socket_stays_usable(frame, code):
    ws = communicator()
    await ws.connect()

    await ws.send_to(text_data=frame)
    error = await ws.receive_json_from()
    await ws.send_json_to({"type": "ping"})

    assert error["type"] == "error"
    assert error["code"] == code
    assert await ws.receive_json_from() == {"type": "pong"}
    await ws.disconnect()


async def test_binary_frame_is_refused_without_closing():
    ws = communicator()
    await ws.connect()

    await ws.send_to(bytes_data=b"\x00\x01")
    error = await ws.receive_json_from()
    await ws.send_json_to({"type": "ping"})

    assert error == {"type": "error", "code": "bad_request", "message": "Send a JSON text frame."}
    assert await ws.receive_json_from() == {"type": "pong"}
    await ws.disconnect()


async def test_anonymous_cannot_broadcast():
    ws = communicator()
    await ws.connect()

    await ws.send_json_to({"type": "broadcast", "text": "hello"})

    assert await ws.receive_json_from() == {
        "type": "error",
        "code": "forbidden",
        "message": "Only the secretariat may broadcast.",
    }
    await ws.disconnect()


async def test_token_authenticates_and_broadcast_reaches_every_client(token_key):
    sender = communicator(f"/ws/ping/?token={token_key}")
    listener = communicator()
    await sender.connect()
    await listener.connect()

    await sender.send_json_to({"type": "broadcast", "text": "Bonjour à tous"})

    expected = {"type": "broadcast", "text": "Bonjour à tous", "sender": "kwame"}
    assert await listener.receive_json_from() == expected
    assert await sender.receive_json_from() == expected
    await sender.disconnect()
    await listener.disconnect()


async def test_unknown_token_is_anonymous_even_with_a_session(session_cookie):
    headers = [*ALLOWED_ORIGIN, (b"cookie", session_cookie.encode())]
    ws = communicator("/ws/ping/?token=not-a-real-token", headers=headers)
    await ws.connect()

    await ws.send_json_to({"type": "broadcast", "text": "hello"})

    assert (await ws.receive_json_from())["code"] == "forbidden"
    await ws.disconnect()


async def test_session_cookie_authenticates(session_cookie):
    headers = [*ALLOWED_ORIGIN, (b"cookie", session_cookie.encode())]
    ws = communicator(headers=headers)
    await ws.connect()

    await ws.send_json_to({"type": "broadcast", "text": "hola"})

    assert await ws.receive_json_from() == {"type": "broadcast", "text": "hola", "sender": "amina"}
    await ws.disconnect()


async def test_broadcast_text_is_validated(token_key):
    ws = communicator(f"/ws/ping/?token={token_key}")
    await ws.connect()

    await ws.send_to(text_data=json.dumps({"type": "broadcast", "text": ["not", "text"]}))

    assert await ws.receive_json_from() == {
        "type": "error",
        "code": "bad_request",
        "message": "text must be 1 to 200 characters.",
    }
    await ws.disconnect()


async def test_broadcast_text_with_a_lone_surrogate_is_refused(token_key):
    sender = communicator(f"/ws/ping/?token={token_key}")
    listener = communicator()
    await sender.connect()
    await listener.connect()

    await sender.send_to(text_data='{"type": "broadcast", "text": "hi \\ud800"}')

    assert await sender.receive_json_from() == {
        "type": "error",
        "code": "bad_request",
        "message": "text must be valid Unicode.",
    }
    assert await listener.receive_nothing()
    await sender.disconnect()
    await listener.disconnect()


async def test_signed_in_delegate_cannot_broadcast(transactional_db):
    key = await database_sync_to_async(
        lambda: Token.objects.create(user=UserFactory(username="diego")).key
    )()
    ws = communicator(f"/ws/ping/?token={key}")
    await ws.connect()

    await ws.send_json_to({"type": "broadcast", "text": "hello everyone"})

    assert (await ws.receive_json_from())["code"] == "forbidden"
    await ws.disconnect()
