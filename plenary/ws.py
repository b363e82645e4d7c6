"""What every WebSocket of Plenary shares: close codes, the answer to an unknown path and
the origin check."""

from urllib.parse import urlsplit

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator
from django.conf import settings

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Any path that no route matches (``/ws/debates/abc/`` too): accepted and closed at
    once with 4404, as for a debate that does not exist, instead of an exception in the
    router."""

    async def connect(self):
        await self.accept()
        await self.close(code=CLOSE_NOT_FOUND)


def origin_key(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or address, with the scheme's default port;
    None for what is not an http(s) origin (``null``, a bare name)."""
    try:
        parts = urlsplit(url.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


DEFAULT_PORTS = {"http": 80, "https": 443}


class ExactOriginValidator(OriginValidator):
    """Accept a WebSocket only from one of ``origins``, compared by scheme, host and port
    (``http://127.0.0.1:9999`` is not ``http://127.0.0.1:8000``, nor ``https://...``)."""

    def __init__(self, application, origins):
        super().__init__(application, list(origins))
        self.keys = {key for key in map(origin_key, origins) if key is not None}

    def valid_origin(self, parsed_origin):
        return parsed_origin is not None and origin_key(parsed_origin.geturl()) in self.keys


def origin_checked(application):
    """The origin check every WebSocket passes: with DEBUG off, the exact origins of
    ``CSRF_TRUSTED_ORIGINS`` and ``SITE_URL``; in development, any scheme and port of a
    host in ``ALLOWED_HOSTS`` (``make run`` on localhost or 127.0.0.1, any port)."""
    if settings.DEBUG:
        return AllowedHostsOriginValidator(application)
    return ExactOriginValidator(application, [*settings.CSRF_TRUSTED_ORIGINS, settings.SITE_URL])
