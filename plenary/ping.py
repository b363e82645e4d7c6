"""``/ws/ping/``: a tiny consumer that proves the WebSocket path and the channel layer.

Commands: ``{"type": "ping"}`` answers ``{"type": "pong"}``; ``{"type": "broadcast",
"text": "..."}`` (the secretariat only) sends the text to every client of every worker
through the channel layer.
"""

import json

from channels.generic.websocket import AsyncWebsocketConsumer

from plenary.access import is_secretariat
from plenary.jsontext import is_valid_unicode

GROUP = "ping"
MAX_FRAME = 4096
MAX_TEXT = 200


class PingConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None or len(text_data) > MAX_FRAME:
            await self._error(
                "too_large" if text_data else "bad_request", "Send a JSON text frame."
            )
            return
        try:
            message = json.loads(text_data)
        except (ValueError, RecursionError):
            await self._error("bad_request", "The frame is not valid JSON.")
            return
        if not isinstance(message, dict):
            await self._error("bad_request", "The frame must be a JSON object.")
            return
        kind = message.get("type")
        if kind == "ping":
            await self._send({"type": "pong"})
        elif kind == "broadcast":
            await self._broadcast(message.get("text"))
        else:
            await self._error("unknown_type", "Known types: ping, broadcast.")

    async def _broadcast(self, text):
        user = self.scope.get("user")
        # Every socket of every worker receives a broadcast: only the secretariat sends one.
        if not is_secretariat(user):
            await self._error("forbidden", "Only the secretariat may broadcast.")
            return
        if not isinstance(text, str) or not 0 < len(text) <= MAX_TEXT:
            await self._error("bad_request", f"text must be 1 to {MAX_TEXT} characters.")
            return
        if not is_valid_unicode(text):
            # A lone surrogate (from a \ud800 escape in the JSON) could not be sent to anyone.
            await self._error("bad_request", "text must be valid Unicode.")
            return
        await self.channel_layer.group_send(
            GROUP, {"type": "ping.broadcast", "text": text, "sender": user.get_username()}
        )

    async def ping_broadcast(self, event):
        await self._send({"type": "broadcast", "text": event["text"], "sender": event["sender"]})

    async def _error(self, code, message):
        await self._send({"type": "error", "code": code, "message": message})

    async def _send(self, payload):
        await self.send(text_data=json.dumps(payload))
