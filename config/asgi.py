"""ASGI entry point: HTTP and WebSocket in one daphne process.

WebSockets pass the origin check (the ``Origin`` host must be in ALLOWED_HOSTS),
then authentication (the session cookie, or ``?token=<api token>``).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.ws_auth import SessionOrTokenAuthMiddlewareStack  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            SessionOrTokenAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
