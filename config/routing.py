from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import path, re_path

from config.ping import PingConsumer
from debates.consumers import CLOSE_NOT_FOUND
from debates.routing import websocket_urlpatterns as debate_urlpatterns


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Any other path (``/ws/debates/abc/`` too): closed at once with 4404, as for a
    debate that does not exist, instead of an exception in the router."""

    async def connect(self):
        await self.accept()
        await self.close(code=CLOSE_NOT_FOUND)


websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *debate_urlpatterns,
    re_path(r"", NotFoundConsumer.as_asgi()),
]
