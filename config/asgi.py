"""ASGI entry point: HTTP and WebSocket in one daphne process.

WebSockets pass the origin check (``plenary.ws.origin_checked``: with DEBUG off, the
exact origins of CSRF_TRUSTED_ORIGINS and SITE_URL), then authentication (the session
cookie, or ``?token=<api token>``).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.ws_auth import SessionOrTokenAuthMiddlewareStack  # noqa: E402
from plenary.ws import origin_checked  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": origin_checked(
            SessionOrTokenAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
