"""Counters in the cache that hold a limit exactly, also across workers sharing Redis.

A window opens with the first hit and lasts ``seconds``; each hit increments the counter
atomically (Redis ``INCR``, or the local cache's lock) *before* it is judged, so requests
that arrive together each see a different count and no more than ``limit`` of them pass,
however many workers they reach. A refused hit gives its place back. Without Redis the
counters live in each process (one worker).
"""

import contextlib
import dataclasses
import time

from django.core.cache import cache


@dataclasses.dataclass(frozen=True)
class Hit:
    allowed: bool
    count: int
    retry_after: int


def _start_key(key: str) -> str:
    return f"{key}:start"


def hit(key: str, *, limit: int, seconds: int, refund: bool = True) -> Hit:
    """Count one hit against ``limit`` per window of ``seconds``. With ``refund``, a hit
    over the limit is not counted (the counter keeps the hits that passed)."""
    for _attempt in range(5):
        now = time.time()
        if cache.add(key, 0, timeout=seconds):
            cache.set(_start_key(key), now, timeout=seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the window closed between add and incr: open the next one
            continue
        break
    else:  # pragma: no cover - the cache keeps losing the key
        return Hit(allowed=False, count=limit + 1, retry_after=seconds)
    if count <= limit:
        return Hit(allowed=True, count=count, retry_after=0)
    if refund:
        release(key)
    return Hit(allowed=False, count=count, retry_after=retry_after(key, seconds=seconds))


def release(key: str) -> None:
    """Give back one hit (a request that was counted but should not be)."""
    with contextlib.suppress(ValueError):  # the window closed meanwhile
        cache.decr(key)


def count(key: str) -> int:
    return int(cache.get(key, 0) or 0)


def retry_after(key: str, *, seconds: int) -> int:
    started = cache.get(_start_key(key))
    if started is None:
        return seconds
    return max(1, int(started + seconds - time.time()) + 1)


def clear(key: str) -> None:
    cache.delete_many([key, _start_key(key)])
