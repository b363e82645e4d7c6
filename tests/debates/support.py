"""A protocol client for consumer tests: sends commands, sorts what comes back."""

import asyncio
import itertools

from channels.testing import WebsocketCommunicator

from config.asgi import application

ORIGIN = [(b"origin", b"http://localhost:8000")]
_refs = itertools.count(1)


class RoomClient:
    def __init__(self, debate_id: int, token: str | None = None, headers=None):
        path = f"/ws/debates/{debate_id}/" + (f"?token={token}" if token else "")
        self.ws = WebsocketCommunicator(application, path, headers=headers or ORIGIN)
        self.welcome: dict | None = None
        self.events: list[dict] = []
        self.ephemeral: list[dict] = []
        self.replies: dict[str, dict] = {}
        self.answers: list[dict] = []
        self.close_code: int | None = None

    async def connect_to(self, path: str) -> "RoomClient":
        """Connect to another path of the room (extra query parameters)."""
        self.ws = WebsocketCommunicator(application, path, headers=ORIGIN)
        return await self.connect()

    async def connect(self) -> "RoomClient":
        connected, _ = await self.ws.connect(timeout=5)
        assert connected
        first = await self.ws.receive_output(timeout=5)
        if first["type"] == "websocket.close":
            self.close_code = first.get("code")
            return self
        self._sort(first)
        return self

    def _sort(self, output: dict) -> None:
        import json

        if output["type"] == "websocket.close":
            self.close_code = output.get("code")
            return
        message = json.loads(output["text"])
        kind = message["type"]
        if kind == "welcome":
            self.welcome = message
        elif kind in {"ack", "error", "synced"}:
            self.replies[message.get("ref")] = message
            self.answers.append(message)
        elif "seq" in message:
            self.events.append(message)
        else:
            self.ephemeral.append(message)

    async def _next(self, timeout: float) -> dict | None:
        # receive_output() would cancel the application on a timeout; poll instead.
        if await self.ws.receive_nothing(timeout=timeout, interval=0.01):
            return None
        return await self.ws.receive_output()

    async def read(self, timeout: float = 0.2) -> None:
        """Take in everything that arrives until nothing more comes for ``timeout``."""
        while (output := await self._next(timeout)) is not None:
            self._sort(output)

    async def send(self, kind: str, data: dict | None = None, *, timeout: float = 5) -> dict:
        ref = f"r{next(_refs)}"
        frame = {"type": kind, "ref": ref}
        if data is not None:
            frame["data"] = data
        await self.ws.send_json_to(frame)
        return await self.reply(ref, timeout=timeout)

    async def send_raw(self, text: str, ref: str | None = None, *, timeout: float = 5) -> dict:
        await self.ws.send_to(text_data=text)
        return await self.reply(ref, timeout=timeout)

    async def reply(self, ref, *, timeout: float = 5) -> dict:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while ref not in self.replies:
            if loop.time() > deadline:
                raise AssertionError(f"no reply to {ref}")
            output = await self._next(0.05)
            if output is not None:
                self._sort(output)
        return self.replies.pop(ref)

    async def wait_for(self, kind: str, *, timeout: float = 5, ephemeral=False, where=None) -> dict:
        """The first message of type ``kind`` (for which ``where`` holds, if given)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        pool = self.ephemeral if ephemeral else self.events
        while True:
            for message in pool:
                if message["type"] == kind and (where is None or where(message)):
                    return message
            if loop.time() > deadline:
                raise AssertionError(f"no {kind} within {timeout} s")
            output = await self._next(0.05)
            if output is not None:
                self._sort(output)

    def types(self) -> list[str]:
        return [event["type"] for event in self.events]

    def seqs(self) -> list[int]:
        return [event["seq"] for event in self.events]

    async def close(self) -> None:
        await self.ws.disconnect()


async def join(room, user=None) -> RoomClient:
    token = room.token(user) if user is not None else None
    return await RoomClient(room.debate.pk, token).connect()


async def live(room):
    """The room, opened and started by its chair."""
    chair = await join(room, room.chair)
    assert (await chair.send("debate.open"))["type"] == "ack"
    assert (await chair.send("debate.start"))["type"] == "ack"
    return chair


async def motion_on_the_table(room, chair, proposer, seconder):
    """A motion proposed and seconded (its proposer may not second it)."""
    motion = (await proposer.send("motion.propose", {"text": "Adopt the housing resolution"}))[
        "data"
    ]["motion"]
    own = await proposer.send("motion.second", {"motion": motion})
    assert own["code"] == "conflict"
    assert (await seconder.send("motion.second", {"motion": motion}))["type"] == "ack"
    return motion


async def closed_with(client, timeout=3.0) -> int | None:
    """The close code the socket gets within ``timeout`` seconds (None: still open)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while client.close_code is None:
        if asyncio.get_running_loop().time() > deadline:
            return None
        await client.read(timeout=0.1)
    return client.close_code
