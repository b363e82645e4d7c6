"""Plenary's daphne: daphne with the limits that Plenary's protocols promise.

Run it as daphne, with the same options: ``python -m plenary.server -b 127.0.0.1 -p 8000
config.asgi:application`` (``make run``, the tests' workers and the deployment guide do).

- WebSocket messages and frames are limited to ``WEBSOCKET_MAX_BYTES`` (128 KiB), just
  above the 64 KiB of the live protocol, so that the application answers a frame over
  64 KiB with ``too_large`` and keeps the socket; only a frame over 128 KiB closes it
  with a close frame (1009, "message too big") rather than a dropped connection.
  daphne's own default, 1 MiB, let such frames in and then dropped the connection (1006).
- A request line longer than ``MAX_LINE_BYTES`` (16 KiB) is answered ``414 URI Too
  Long``; a header line that long, or a request head over ``MAX_HEAD_BYTES`` (16 KiB),
  ``431 Request Header Fields Too Large``, with ``Connection: close``. Twisted dropped
  such connections without a word (or answered a bare 400 the client never read): the
  server now answers, then reads and discards what the client is still sending for a
  few seconds before it closes, so that the answer is not lost to a reset.

- Request bodies go to the application as they came: Twisted does not parse form
  bodies itself (daphne never reads what it parses, and a malformed multipart body made
  Twisted answer a bare 400 before the application could say what was wrong).

- A WebSocket handshake may wait ``CONNECT_TIMEOUT_SECONDS`` (30 s) for the application
  (daphne's 5 s rejected most of a storm of reconnections while their tokens were
  looked up); the room accepts at once and says who you are in its ``welcome``.
- TCP endpoints accept a backlog of ``ACCEPT_BACKLOG`` connections (Twisted's default,
  50, made a reconnect storm of a thousand sockets fail its handshakes: the kernel caps
  it at ``net.core.somaxconn``).

Options given on the command line win over these defaults.
"""

import sys

from twisted.web import http

WEBSOCKET_MAX_BYTES = 128 * 1024
MAX_LINE_BYTES = 16 * 1024
MAX_HEAD_BYTES = 16 * 1024
# After a refusal: how long, and how much, the rest of the request is read and dropped.
DRAIN_SECONDS = 5
DRAIN_BYTES = 4 * 1024 * 1024

ACCEPT_BACKLOG = 4096
CONNECT_TIMEOUT_SECONDS = 30

REASONS = {414: "URI Too Long", 431: "Request Header Fields Too Large"}
MESSAGES = {
    414: "The address is too long: at most 16 KiB.",
    431: "The request's headers are too large: at most 16 KiB in all.",
}


class Channel(http.HTTPChannel):
    """Twisted's HTTP channel, answering 414 or 431 to a request head it will not read."""

    MAX_LENGTH = MAX_LINE_BYTES
    totalHeadersSize = MAX_HEAD_BYTES
    _refused = False
    _drained = 0

    def _on_first_line(self) -> bool:
        return bool(self._HTTPChannel__first_line)

    def lineLengthExceeded(self, line):
        self._refuse(414 if self._on_first_line() else 431)

    def lineReceived(self, line):
        if self._refused:
            return
        if self._receivedHeaderSize + len(line) > self.totalHeadersSize:
            self._refuse(414 if self._on_first_line() else 431)
            return
        super().lineReceived(line)

    def rawDataReceived(self, data):
        if self._refused:
            return
        super().rawDataReceived(data)

    def dataReceived(self, data):
        if self._refused:
            self._drained += len(data)
            if self._drained > DRAIN_BYTES:
                self.transport.abortConnection()
            return
        super().dataReceived(data)

    def _refuse(self, status: int) -> None:
        self._refused = True
        self.setRawMode()
        body = f"{status} {REASONS[status]}\n{MESSAGES[status]}\n".encode()
        self.transport.write(
            (
                f"HTTP/1.1 {status} {REASONS[status]}\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            + body
        )
        # Half-close: the client reads the answer and the end of the stream while what it
        # still sends is read and dropped; then the connection goes.
        if hasattr(self.transport, "loseWriteConnection"):
            self.transport.loseWriteConnection()
        self.callLater(DRAIN_SECONDS, self.transport.loseConnection)


def _channel(factory) -> http._GenericHTTPChannelProtocol:
    return http._GenericHTTPChannelProtocol(Channel())


def with_defaults(argv: list[str]) -> list[str]:
    """daphne's arguments with Plenary's WebSocket limits and handshake timeout unless
    they are given."""
    options = list(argv)
    given = {arg.split("=", 1)[0] for arg in options}
    defaults = []
    for option, value in (
        ("--websocket-max-message-size", WEBSOCKET_MAX_BYTES),
        ("--websocket-max-frame-size", WEBSOCKET_MAX_BYTES),
        ("--websocket_connect_timeout", CONNECT_TIMEOUT_SECONDS),
    ):
        if option not in given:
            defaults += [option, str(value)]
    return defaults + options


def _closing_websocket_factory():
    from daphne import server
    from daphne.ws_protocol import WebSocketFactory

    class ClosingWebSocketFactory(WebSocketFactory):
        """Sockets that break a limit are closed with a close frame that says why
        (1009 for a message too big), not dropped."""

        def setProtocolOptions(self, **options):
            super().setProtocolOptions(**options, failByDrop=False)

    server.WebSocketFactory = ClosingWebSocketFactory


def with_backlog(descriptions: list[str]) -> list[str]:
    """Twisted endpoint descriptions, TCP ones with ``ACCEPT_BACKLOG`` unless they say."""
    return [
        f"{description}:backlog={ACCEPT_BACKLOG}"
        if description.startswith("tcp:") and ":backlog=" not in description
        else description
        for description in descriptions
    ]


def main(argv: list[str] | None = None) -> None:
    from daphne import cli, http_protocol
    from daphne.cli import CommandLineInterface

    build = cli.build_endpoint_description_strings
    cli.build_endpoint_description_strings = lambda **kwargs: with_backlog(build(**kwargs))

    class Request(http_protocol.WebRequest):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._parsePOSTFormSubmission = False

    http_protocol.HTTPFactory.protocol = _channel
    # daphne's factory looks the request class up by name when it builds a channel.
    http_protocol.WebRequest = Request
    _closing_websocket_factory()
    CommandLineInterface().run(with_defaults(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
