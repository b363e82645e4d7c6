"""Plenary's daphne (``python -m plenary.server``), through a real process: frames just
over the protocol's 64 KiB get the protocol's ``too_large`` and the socket stays open;
an oversized address or header gets 414 or 431 instead of a dropped connection."""

import asyncio
import json
import socket

import pytest
import websockets
from websockets.exceptions import ConnectionClosedError

from plenary.server import ACCEPT_BACKLOG, WEBSOCKET_MAX_BYTES, with_backlog, with_defaults
from tests.factories import DebateFactory

KIB = 1024


def raw_request(worker, head: bytes) -> bytes:
    """Send ``head`` as a client would (all of it), then read the whole answer."""
    with socket.create_connection(("127.0.0.1", worker.port), timeout=10) as sock:
        sock.sendall(head)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_line(answer: bytes) -> bytes:
    return answer.split(b"\r\n", 1)[0]


def test_a_70_kb_address_is_answered_414(daphne_server):
    answer = raw_request(
        daphne_server, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )

    assert status_line(answer) == b"HTTP/1.1 414 URI Too Long"
    assert b"Connection: close" in answer
    assert answer.endswith(b"The address is too long: at most 16 KiB.\n")


def test_a_70_kb_header_is_answered_431(daphne_server):
    answer = raw_request(
        daphne_server,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 70_000 + b"\r\n\r\n",
    )

    assert status_line(answer) == b"HTTP/1.1 431 Request Header Fields Too Large"


def test_many_headers_over_the_limit_together_are_answered_431(daphne_server):
    headers = b"".join(b"X-H%d: %s\r\n" % (n, b"c" * 900) for n in range(40))

    answer = raw_request(
        daphne_server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n"
    )

    assert status_line(answer) == b"HTTP/1.1 431 Request Header Fields Too Large"


def test_a_long_but_acceptable_address_is_served(daphne_server):
    answer = raw_request(
        daphne_server,
        b"GET /api/v1/?page=1&x=" + b"d" * 8_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Connection: close\r\n\r\n",
    )

    assert status_line(answer) == b"HTTP/1.1 200 OK"


async def _frames(url: str, origin: str, frames: list[str]) -> list:
    answers = []
    async with websockets.connect(url, origin=origin, max_size=None, open_timeout=10) as ws:
        if "/debates/" in url:
            answers.append(json.loads(await ws.recv())["type"])
        for frame in frames:
            await ws.send(frame)
            try:
                answers.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
            except ConnectionClosedError as closed:
                answers.append(("closed", closed.rcvd.code))
                break
    return answers


@pytest.mark.django_db(transaction=True)
def test_a_debate_frame_just_over_64_kib_is_too_large_and_the_socket_stays(daphne_server):
    debate = DebateFactory(visibility="public")
    url = f"{daphne_server.ws_url}/ws/debates/{debate.pk}/"
    just_over = json.dumps({"type": "message.post", "data": {"text": "x" * (64 * KIB)}})

    answers = asyncio.run(
        _frames(
            url,
            daphne_server.http_url,
            [just_over, json.dumps({"type": "sync", "ref": "s", "data": {"since": 0}})],
        )
    )

    assert answers[0] == "welcome"
    assert answers[1] == {
        "type": "error",
        "ref": None,
        "code": "too_large",
        "message": "Frames are limited to 65536 bytes.",
    }
    assert answers[2] == {"type": "synced", "ref": "s", "seq": debate.seq}


def test_frames_up_to_the_server_limit_reach_the_application(daphne_server):
    url = f"{daphne_server.ws_url}/ws/ping/"
    at_limit = "y" * WEBSOCKET_MAX_BYTES
    over_limit = "y" * (WEBSOCKET_MAX_BYTES + 1)

    answers = asyncio.run(
        _frames(url, daphne_server.http_url, [at_limit, '{"type": "ping"}', over_limit])
    )

    assert answers == [
        {"type": "error", "code": "too_large", "message": "Send a JSON text frame."},
        {"type": "pong"},
        ("closed", 1009),
    ]


def test_the_limits_are_defaults_that_options_override():
    assert with_defaults(["-p", "8000", "config.asgi:application"]) == [
        "--websocket-max-message-size",
        "131072",
        "--websocket-max-frame-size",
        "131072",
        "--websocket_connect_timeout",
        "30",
        "-p",
        "8000",
        "config.asgi:application",
    ]
    given = [
        "--websocket-max-message-size=4096",
        "--websocket-max-frame-size",
        "4096",
        "--websocket_connect_timeout=5",
        "app",
    ]
    assert with_defaults(given) == given


def test_a_malformed_multipart_body_reaches_the_api(daphne_server):
    body = b"--abc--\r\n"
    answer = raw_request(
        daphne_server,
        b"POST /api/v1/seats/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: multipart/form-data; boundary=abc\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body) + body,
    )

    assert status_line(answer) == b"HTTP/1.1 401 Unauthorized"
    assert answer.endswith(
        b'{"detail":"Authentication credentials were not provided.","code":"not_authenticated"}'
    )


def test_tcp_endpoints_accept_a_storm_of_connections_unless_told_otherwise():
    assert with_backlog(
        ["tcp:port=8000:interface=127.0.0.1", "tcp:port=8001:backlog=10", "unix:/run/p.sock"]
    ) == [
        f"tcp:port=8000:interface=127.0.0.1:backlog={ACCEPT_BACKLOG}",
        "tcp:port=8001:backlog=10",
        "unix:/run/p.sock",
    ]
