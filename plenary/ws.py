"""What every WebSocket of Plenary shares: close codes and the answer to an unknown path."""

from channels.generic.websocket import AsyncWebsocketConsumer

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
