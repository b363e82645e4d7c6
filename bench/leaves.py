"""Mass leave: N sockets of a live debate close at the same moment, on 2 workers.

The coffee break: a thousand delegates shut their laptops at once. One more socket stays
and watches the room's presence. Beside it, in the same run, a bare `websockets` server
sees the same N sockets close (its figure is the close handshake alone).

Reports the time until every close handshake is answered, the time until the watcher's
presence says the room is empty again (the target: within a heartbeat), the application
instances daphne had to kill because their disconnect did not finish ("took too long to
shut down"), and the workers' CPU per leave. ``BENCH_LEAVES_NS`` picks the sizes
(default 1000).
"""

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import cpu_seconds, free_port, start, stop, wait_port  # noqa: E402
from bench.votes import Client, open_sockets, setup, start_workers, workers_env  # noqa: E402

# Sockets opened this many at a time before the leave (the join is not what is measured).
JOIN_CONCURRENCY = 64
# How long daphne gives a disconnect before it kills the application instance, and more.
KILL_WATCH = 15
KILLED = "took too long to shut down"


def run() -> str:
    sizes = [int(n) for n in os.environ.get("BENCH_LEAVES_NS", "1000").split(",")]
    load = os.getloadavg()
    rows = []
    for size in sizes:
        for name, measure in (("bare websockets (baseline)", bare), ("Plenary room", room)):
            print(f"  mass leave, {name}, N={size}", flush=True)
            try:
                rows.append({"config": name, **asyncio.run(measure(size))})
            except Exception as exc:  # the table says which run failed
                rows.append({"config": name, "clients": size, "error": repr(exc)[:300]})
    return _markdown(rows, load)


async def close_all(clients) -> float:
    """Close every socket at once; the seconds until the last close handshake ended."""
    started = time.perf_counter()
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
    return time.perf_counter() - started


async def bare(size: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="plenary-leaves-"))
    port = free_port()
    process = start(
        [sys.executable, "-m", "bench._bare_server", str(port)],
        os.environ.copy(),
        workdir / "bare.log",
    )
    wait_port(port, process)
    try:
        gate = asyncio.Semaphore(JOIN_CONCURRENCY)

        async def one():
            async with gate:
                return Client(
                    await connect(
                        f"ws://127.0.0.1:{port}/",
                        origin=f"http://127.0.0.1:{port}",
                        open_timeout=120,
                        ping_interval=None,
                    )
                )

        clients = await asyncio.gather(*(one() for _ in range(size)))
        cpu = cpu_seconds(process.pid)
        closed = await close_all(clients)
        await asyncio.sleep(1)
        return {
            "clients": size,
            "closed": closed,
            "presence": None,
            "killed": None,
            "cpu_ms": 1000 * (cpu_seconds(process.pid) - cpu) / size,
        }
    finally:
        stop([process])


async def _presence_reaches(watcher: Client, count: int, timeout: float) -> float | None:
    """Seconds until the watcher's presence frame says ``count`` (None: not in time)."""
    started = time.perf_counter()
    deadline = started + timeout
    while (left := deadline - time.perf_counter()) > 0:
        try:
            raw = await asyncio.wait_for(watcher.frames.get(), left)
        except TimeoutError:
            return None
        frame = json.loads(raw)
        if frame.get("type") == "presence" and frame.get("count") == count:
            return time.perf_counter() - started
    return None


async def room(size: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="plenary-leaves-"))
    env = workers_env(workdir)
    data, _path = setup(env, size + 1, workdir)
    processes, ports, pids = start_workers(env, workdir)
    try:
        opened = await open_sockets(ports, data["debate"], data["tokens"], JOIN_CONCURRENCY)
        clients = [client for client, _first in opened]
        watcher, leaving = clients[-1], clients[:-1]
        if await _presence_reaches(watcher, size + 1, 60) is None:
            raise RuntimeError("the room never counted every socket in")
        cpu = sum(cpu_seconds(pid) for pid in pids)
        started = time.perf_counter()
        closed = await close_all(leaving)
        empty = await _presence_reaches(watcher, 1, 60)
        presence = None if empty is None else time.perf_counter() - started
        await asyncio.sleep(KILL_WATCH)
        cpu_ms = 1000 * (sum(cpu_seconds(pid) for pid in pids) - cpu) / size
        await watcher.close()
        killed = sum(
            log.read_text(errors="replace").count(KILLED) for log in workdir.glob("worker-*.log")
        )
        return {
            "clients": size,
            "closed": closed,
            "presence": presence,
            "killed": killed,
            "cpu_ms": cpu_ms,
        }
    finally:
        stop(processes)


def _markdown(rows: list[dict], load) -> str:
    lines = [
        "## Mass leave (`bench/leaves.py`)",
        "",
        "N sockets of a live debate, spread over 2 workers (`python -m plenary.server`, "
        "PostgreSQL, Redis), close at the same moment while one more socket watches the "
        "room's presence. The baseline is a bare `websockets` server seeing the same N "
        "sockets close. Times are from the moment every client starts its close; "
        "`killed` counts the application instances daphne ended because their disconnect "
        f"had not finished (watched for {KILL_WATCH} s). Clients on the same machine; load "
        f"average when the run began: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.",
        "",
        "| server | N | every close answered | presence right again | killed on leave "
        "| server CPU per leave |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "error" in row:
            lines.append(f"| {row['config']} | {row['clients']} | failed: `{row['error']}` ||||")
            continue
        presence = (
            "-"
            if row["presence"] is None and row["killed"] is None
            else ("not within 60 s" if row["presence"] is None else f"{row['presence']:.2f} s")
        )
        killed = "-" if row["killed"] is None else str(row["killed"])
        lines.append(
            f"| {row['config']} | {row['clients']} | {row['closed']:.2f} s | {presence} "
            f"| {killed} | {row['cpu_ms']:.2f} ms |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
