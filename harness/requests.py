"""Many HTTP requests at the same moment, over real connections."""

import concurrent.futures
import dataclasses
import json
import threading
import time
import urllib.error
import urllib.request


@dataclasses.dataclass
class Response:
    status: int
    body: dict | list | None
    seconds: float
    error: str | None = None


def burst(requests: list[tuple[str, str, dict[str, str], bytes | None]]) -> list[Response]:
    """Send every request at the same moment, one thread each, over real connections.

    Each request is ``(method, url, headers, body)``. All threads wait at a barrier and
    are released together. Returns the responses in the order of ``requests``.
    """
    barrier = threading.Barrier(len(requests))

    def send(request):
        method, url, headers, body = request
        prepared = urllib.request.Request(url, data=body, method=method, headers=headers)
        barrier.wait()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(prepared, timeout=120) as answer:
                raw = answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            raw = error.read()
            status = error.code
        except OSError as error:
            return Response(0, None, time.perf_counter() - started, repr(error))
        seconds = time.perf_counter() - started
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = {"raw": raw[:500].decode(errors="replace")}
        return Response(status, parsed, seconds)

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))
