"""Fan-out of a debate's events inside one worker process.

Each worker keeps ONE channel-layer subscription per debate that has sockets on it,
whatever the number of sockets: the hub receives each event's wire text (encoded once,
by the publisher) and hands the same text to every local socket. It also

- delivers events in ``seq`` order without gaps, reading any missing ones from the log
  (a message the channel layer dropped is never lost: the database is the truth);
- keeps presence in the cache, per worker with a heartbeat, so counts are right across
  workers and a dead worker's sockets expire;
- aggregates reactions and vote progress into at most a few frames per second;
- announces, once, when a speaker's time is up (the service is idempotent, so any
  number of workers may watch the same timer); which timer to watch comes with each
  event (``debates.events`` says what each type does to it).
"""

import asyncio
import datetime
import logging
import time
import uuid
import weakref
from collections import Counter

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.utils import timezone

from debates import selectors
from debates.broadcast import group_name, room_message
from debates.models import Debate
from debates.protocol import encode
from debates.services import floor_time_up

logger = logging.getLogger(__name__)

WORKER_ID = uuid.uuid4().hex[:12]
HEARTBEAT_SECONDS = 5.0
PRESENCE_TTL = 20
REACTION_WINDOW = 1.0
PROGRESS_WINDOW = 0.5
# Ephemeral turnout frames, each with the field naming its ballot box.
PROGRESS_OF = {"vote.progress": "vote", "election.progress": "election"}
GROUP_REFRESH_SECONDS = 600


@database_sync_to_async
def _log_head(debate_id: int) -> tuple[int, dict | None]:
    debate = Debate.objects.filter(pk=debate_id).values("seq", "state").first()
    if debate is None:
        return 0, None
    return debate["seq"], (debate["state"] or {}).get("speaker")


@database_sync_to_async
def _events_between(debate_id: int, after: int, up_to: int | None) -> list[dict]:
    return [room_message(event) for event in selectors.events_between(debate_id, after, up_to)]


@database_sync_to_async
def _announce_time_up(debate_id: int, request_id: int) -> None:
    floor_time_up(debate_id=debate_id, request_id=request_id)


class Room:
    """The sockets of one debate in this process, and the subscription that feeds them."""

    def __init__(self, debate_id: int):
        self.debate_id = debate_id
        self.members: set = set()
        self.last_seq = 0
        self.lock = asyncio.Lock()
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.tasks: list[asyncio.Task] = []
        self.timer: asyncio.Task | None = None
        self.reactions: Counter = Counter()
        self.progress: dict[tuple[str, int], dict] = {}
        self.flushes: dict[str, asyncio.Task] = {}
        self.presence: dict = {"count": 0, "by_role": {}, "by_region": {}}
        self.presence_task: asyncio.Task | None = None
        self.refreshes: set[asyncio.Task] = set()

    # -- lifecycle

    async def start(self) -> None:
        self.channel = await self.layer.new_channel(prefix=f"room{self.debate_id}.")
        await self.layer.group_add(group_name(self.debate_id), self.channel)
        # Read after subscribing: whatever committed before is in the log, whatever
        # commits after reaches the subscription.
        self.last_seq, speaker = await _log_head(self.debate_id)
        self._watch_timer(speaker)
        self.tasks = [
            asyncio.create_task(self._receive_loop()),
            asyncio.create_task(self._heartbeat_loop()),
        ]

    async def stop(self) -> None:
        for task in [*self.tasks, self.timer, self.presence_task, *self.flushes.values()]:
            if task is not None:
                task.cancel()
        try:
            await self.layer.group_discard(group_name(self.debate_id), self.channel)
            await cache.adelete(self._presence_key(WORKER_ID))
        except Exception:
            logger.exception("Could not leave debate %s cleanly", self.debate_id)

    # -- events

    async def _receive_loop(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Channel layer receive failed for debate %s", self.debate_id)
                await asyncio.sleep(1)
                continue
            try:
                if message.get("type") == "room.event":
                    await self.on_event(message)
                elif message.get("type") == "room.ephemeral":
                    self.on_ephemeral(message["payload"])
                elif message.get("type") == "room.rights":
                    self.on_rights(message["users"])
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Could not deliver a message of debate %s", self.debate_id)

    async def on_event(self, message: dict) -> None:
        """A logged event from the channel layer (``debates.broadcast.room_message``)."""
        async with self.lock:
            seq = message["seq"]
            if seq <= self.last_seq:
                return
            if seq > self.last_seq + 1:
                for missing in await _events_between(self.debate_id, self.last_seq, seq - 1):
                    await self._deliver(missing)
            await self._deliver(message)

    async def catch_up(self) -> None:
        """Deliver whatever the log has beyond what this room has delivered."""
        async with self.lock:
            for message in await _events_between(self.debate_id, self.last_seq, None):
                await self._deliver(message)

    async def _deliver(self, message: dict) -> None:
        seq, text = message["seq"], message["text"]
        self.last_seq = seq
        if "timer" in message:
            self._watch_timer(message["timer"])
        for member in list(self.members):
            try:
                await member.deliver(seq, text)
            except Exception:
                logger.exception("Could not deliver to a socket of debate %s", self.debate_id)

    async def send_all(self, text: str) -> None:
        for member in list(self.members):
            try:
                await member.send_ephemeral(text)
            except Exception:
                logger.exception("Could not send to a socket of debate %s", self.debate_id)

    def on_rights(self, user_ids: list[int] | None) -> None:
        """Sockets of these users (None: all) look at their rights again."""
        wanted = None if user_ids is None else set(user_ids)
        for member in list(self.members):
            if wanted is None or member.user_id in wanted:
                task = asyncio.create_task(member.refresh_rights())
                self.refreshes.add(task)
                task.add_done_callback(self.refreshes.discard)

    # -- the speaker's timer

    def _watch_timer(self, speaker: dict | None) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if speaker and speaker.get("ends_at") and not speaker.get("time_up"):
            ends_at = datetime.datetime.fromisoformat(speaker["ends_at"])
            self.timer = asyncio.create_task(self._time_up(speaker["request"], ends_at))

    async def _time_up(self, request_id: int, ends_at: datetime.datetime) -> None:
        delay = (ends_at - timezone.now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            await _announce_time_up(self.debate_id, request_id)
        except Exception:
            logger.exception("Could not announce time up in debate %s", self.debate_id)

    # -- ephemeral messages

    def on_ephemeral(self, payload: dict) -> None:
        kind = payload.get("type")
        if kind == "reaction":
            self.reactions[payload["emoji"]] += 1
            self._flush_later("reaction", REACTION_WINDOW, self._flush_reactions)
        elif kind in PROGRESS_OF:
            key = (kind, payload[PROGRESS_OF[kind]])
            current = self.progress.get(key)
            if current is None or payload["cast"] >= current["cast"]:
                self.progress[key] = payload
            self._flush_later("progress", PROGRESS_WINDOW, self._flush_progress)

    def _flush_later(self, name: str, delay: float, flush) -> None:
        if name in self.flushes and not self.flushes[name].done():
            return

        async def later():
            await asyncio.sleep(delay)
            await flush()

        self.flushes[name] = asyncio.create_task(later())

    async def _flush_reactions(self) -> None:
        counts, self.reactions = dict(self.reactions), Counter()
        if counts:
            await self.send_all(encode({"type": "reaction", "counts": counts}))

    async def _flush_progress(self) -> None:
        progress, self.progress = self.progress, {}
        for (kind, ballot_box), payload in progress.items():
            await self.send_all(
                encode(
                    {
                        "type": kind,
                        PROGRESS_OF[kind]: ballot_box,
                        "cast": payload["cast"],
                        "eligible": payload["eligible"],
                    }
                )
            )

    # -- presence

    def _presence_key(self, worker_id: str) -> str:
        return f"presence:{self.debate_id}:{worker_id}"

    def _local_presence(self) -> dict:
        # A socket counts once it is welcomed (it joins the room just before).
        here = [member for member in self.members if member.role]
        by_role = Counter(member.role for member in here)
        by_region = Counter(member.region for member in here if member.region)
        return {"count": len(here), "by_role": by_role, "by_region": by_region}

    def presence_changed(self) -> None:
        if self.presence_task is None or self.presence_task.done():
            self.presence_task = asyncio.create_task(self._presence_soon())

    async def _presence_soon(self) -> None:
        # Each change of presence is a frame to every socket: in a big room, changes are
        # gathered longer (a storm of joins costs a few frames, not one per join), always
        # told within a heartbeat.
        await asyncio.sleep(min(HEARTBEAT_SECONDS / 2, 0.2 + len(self.members) / 1000))
        await self.publish_presence()

    async def publish_presence(self) -> None:
        """Write this worker's counts, add up every live worker's, tell local sockets."""
        now = time.time()
        registry_key = f"presence:{self.debate_id}:workers"
        await cache.aset(self._presence_key(WORKER_ID), self._local_presence(), PRESENCE_TTL)
        workers = await cache.aget(registry_key) or {}
        workers = {w: seen for w, seen in workers.items() if now - seen < PRESENCE_TTL}
        workers[WORKER_ID] = now
        await cache.aset(registry_key, workers, PRESENCE_TTL * 3)
        parts = await cache.aget_many([self._presence_key(w) for w in workers])
        total = {"count": 0, "by_role": Counter(), "by_region": Counter()}
        for part in parts.values():
            total["count"] += part["count"]
            total["by_role"].update(part["by_role"])
            total["by_region"].update(part["by_region"])
        presence = {
            "count": total["count"],
            "by_role": dict(total["by_role"]),
            "by_region": dict(total["by_region"]),
        }
        if presence != self.presence:
            self.presence = presence
            await self.send_all(encode({"type": "presence", **presence}))

    async def _heartbeat_loop(self) -> None:
        last_group_refresh = time.monotonic()
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await self.publish_presence()
                await self.catch_up()
                if time.monotonic() - last_group_refresh > GROUP_REFRESH_SECONDS:
                    await self.layer.group_add(group_name(self.debate_id), self.channel)
                    last_group_refresh = time.monotonic()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Heartbeat of debate %s failed", self.debate_id)


class RoomHub:
    def __init__(self):
        self.rooms: dict[int, Room] = {}
        self.lock = asyncio.Lock()

    async def join(self, debate_id: int, member) -> Room:
        async with self.lock:
            room = self.rooms.get(debate_id)
            if room is None:
                room = Room(debate_id)
                await room.start()
                self.rooms[debate_id] = room
            room.members.add(member)
        room.presence_changed()
        return room

    async def leave(self, debate_id: int, member) -> None:
        async with self.lock:
            room = self.rooms.get(debate_id)
            if room is None:
                return
            room.members.discard(member)
            if not room.members:
                del self.rooms[debate_id]
                await room.stop()
                return
        room.presence_changed()


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RoomHub]" = weakref.WeakKeyDictionary()


def get_hub() -> RoomHub:
    """The hub of the running event loop (one per worker process in production)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = RoomHub()
    return hub
