"""Fan-out: N clients in one debate room, a sender posting at a fixed rate.

Compares, on this machine and with the same client code:
- a bare `websockets` broadcast server (the baseline),
- a naive Channels room (every consumer in the group, one group_send per socket),
- Plenary's room (one subscription per worker, the event encoded once, local fan-out)
  on one worker with the in-memory layer, and on two workers over Redis with
  RedisChannelLayer and with RedisPubSubChannelLayer.

Reports p50/p99 delivery latency, deliveries per second, server CPU per delivery and
server memory per connection. Run alone: ``python bench/fanout.py`` (``BENCH_FANOUT_NS``
picks the room sizes, default 100,500,1000,2000).
"""

import asyncio
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import (  # noqa: E402
    cpu_seconds,
    daphne,
    free_port,
    fresh_postgres,
    fresh_redis,
    percentile,
    rss_bytes,
    server_env,
    start,
    stop,
    wait_http,
    wait_port,
)

MESSAGES = int(os.environ.get("BENCH_FANOUT_MESSAGES", "10"))
MARKER = "bench "
RATE = float(os.environ.get("BENCH_FANOUT_RATE", "2"))  # messages per second


@dataclasses.dataclass
class Config:
    name: str
    kind: str  # bare | naive | room
    workers: int = 1
    layer: str = ""  # "" (in-memory) | redis | redis-pubsub
    database: str = "sqlite"


CONFIGS = [
    Config("bare websockets broadcast (baseline)", "bare"),
    Config("Channels, group_send per consumer, in-memory layer", "naive"),
    Config("Channels, group_send per consumer, Redis pub/sub layer", "naive", layer="redis-pubsub"),
    Config("Plenary room, 1 worker, in-memory layer", "room"),
    Config("Plenary room, 2 workers, RedisChannelLayer", "room", 2, "redis", "postgresql"),
    Config(
        "Plenary room, 2 workers, RedisPubSubChannelLayer", "room", 2, "redis-pubsub", "postgresql"
    ),
]


def run() -> str:
    sizes = [int(n) for n in os.environ.get("BENCH_FANOUT_NS", "100,500,1000,2000").split(",")]
    results = []
    for config in CONFIGS:
        print(f"  {config.name}", flush=True)
        try:
            results.extend(asyncio.run(_run_config(config, sizes)))
        except Exception as exc:  # report, do not hide: the table says which run failed
            results.append({"config": config.name, "clients": "-", "error": repr(exc)[:300]})
    return _markdown(results, sizes)


# --- servers -------------------------------------------------------------------------


def _env(config: Config, workdir: Path) -> dict:
    extra = {"VAR_DIR": str(workdir)}
    if config.layer:
        extra.update(REDIS_URL=fresh_redis(), CHANNEL_LAYER=config.layer)
    if config.kind == "room":
        if config.database == "postgresql":
            extra["DATABASE_URL"] = fresh_postgres()
        else:
            extra["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    return server_env(**extra)


def _start_servers(config: Config, env: dict, workdir: Path):
    ports = [free_port() for _ in range(config.workers)]
    if config.kind == "bare":
        processes = [
            start(
                [sys.executable, "-m", "bench._bare_server", str(ports[0])],
                env,
                workdir / "bare.log",
            )
        ]
        wait_port(ports[0], processes[0])
        return processes, ports, "/"
    if config.kind == "naive":
        processes = [daphne("bench._naive_app:application", ports[0], env, workdir / "naive.log")]
        wait_port(ports[0], processes[0])
        return processes, ports, "/ws/naive/"
    processes = [
        daphne("config.asgi:application", port, env, workdir / f"room-{port}.log") for port in ports
    ]
    for process, port in zip(processes, ports, strict=True):
        wait_http(f"http://127.0.0.1:{port}/api/v1/", process)
    return processes, ports, None


# --- one configuration ---------------------------------------------------------------


async def _run_config(config: Config, sizes: list[int]) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="plenary-fanout-"))
    env = _env(config, workdir)
    setup = None
    if config.kind == "room":
        completed = subprocess.run(
            [sys.executable, "-m", "bench._fanout_setup"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        setup = json.loads(completed.stdout.strip().splitlines()[-1])
    processes, ports, path = _start_servers(config, env, workdir)
    if setup:
        path = f"/ws/debates/{setup['debate']}/"
    try:
        results = []
        for size in sizes:
            results.append(await _measure(config, processes, ports, path, size, setup))
            await asyncio.sleep(2)
        return results
    finally:
        stop(processes)


async def _measure(config, processes, ports, path, size, setup) -> dict:
    urls = [f"ws://127.0.0.1:{port}{path}" for port in ports]
    origins = [f"http://127.0.0.1:{port}" for port in ports]
    latencies: list[float] = []

    rss_before = sum(rss_bytes(p.pid) for p in processes)
    gate = asyncio.Semaphore(64)

    async def open_client(index):
        async with gate:
            ws = await connect(
                urls[index % len(urls)],
                origin=origins[index % len(urls)],
                open_timeout=60,
                ping_interval=None,
                max_size=2**22,
            )
            if config.kind == "room":
                await ws.recv()  # welcome
            return ws

    clients = await asyncio.gather(*(open_client(i) for i in range(size)))

    async def read(ws):
        # The same cheap extraction for every server: find the marker, read the time.
        try:
            async for raw in ws:
                now = time.time()
                at = raw.find(MARKER)
                if at < 0 or '"message.posted"' not in raw:
                    continue
                start = at + len(MARKER)
                latencies.append(now - float(raw[start : raw.index(" ", start)]))
        except Exception:
            return

    readers = [asyncio.create_task(read(ws)) for ws in clients]
    await asyncio.sleep(1.0)
    rss_connected = sum(rss_bytes(p.pid) for p in processes)

    if config.kind == "room":
        senders = [
            await connect(
                f"{urls[0]}?token={token}", origin=origins[0], ping_interval=None, max_size=2**22
            )
            for token in setup["tokens"]
        ]
        for sender in senders:
            await sender.recv()
        drains = [asyncio.create_task(_drain(sender)) for sender in senders]
    else:
        senders = [await connect(urls[0], origin=origins[0], ping_interval=None, max_size=2**22)]
        drains = [asyncio.create_task(_drain(senders[0]))]

    cpu_before = sum(cpu_seconds(p.pid) for p in processes)
    started = time.time()
    for number in range(MESSAGES):
        sender = senders[number % len(senders)]
        text = f"{MARKER}{time.time():.6f} {number}"
        if config.kind == "room":
            frame = {"type": "message.post", "ref": str(number), "data": {"text": text}}
        else:
            # What the room would send for the same message, so every server carries
            # frames of the same size.
            frame = _room_like_event(number, text)
        await sender.send(json.dumps(frame, separators=(",", ":")))
        await asyncio.sleep(1 / RATE)
    expected = MESSAGES * size
    deadline = time.time() + 20
    while len(latencies) < expected and time.time() < deadline:
        await asyncio.sleep(0.1)
    finished = time.time()
    cpu_after = sum(cpu_seconds(p.pid) for p in processes)

    for ws in [*clients, *senders]:
        await ws.close()
    for task in [*readers, *drains]:
        task.cancel()
    delivered = len(latencies)
    return {
        "config": config.name,
        "clients": size,
        "delivered": delivered,
        "expected": expected,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": 1000 * percentile(latencies, 0.99) if latencies else float("nan"),
        "per_second": delivered / max(finished - started, 1e-9),
        "cpu_us_per_delivery": 1e6 * (cpu_after - cpu_before) / max(delivered, 1),
        "kib_per_connection": (rss_connected - rss_before) / 1024 / size,
    }


def _room_like_event(number: int, text: str) -> dict:
    author = {
        "name": "Bench Sender",
        "organization": {"id": 1, "short_name": "Bench", "region": "europe"},
        "role": "delegate",
    }
    return {
        "type": "message.posted",
        "seq": number + 2,
        "at": "2027-01-01T00:00:00.000000Z",
        "actor": {"id": 1, **author},
        "data": {
            "message": {
                "id": number + 1,
                "text": text,
                "author": author,
                "at": "2027-01-01T00:00:00.000000Z",
            }
        },
    }


async def _drain(ws):
    try:
        async for _ in ws:
            pass
    except Exception:
        return


# --- report --------------------------------------------------------------------------


def _markdown(results: list[dict], sizes: list[int]) -> str:
    lines = [
        "## Live room fan-out (`bench/fanout.py`)",
        "",
        f"N clients in one room; a sender posts {MESSAGES} messages at {RATE:g} per second "
        "(through the whole service path for Plenary: validation, database, log, broadcast). "
        "The baseline and the naive room broadcast a frame of the same size as the room's "
        "`message.posted` event, and every client reads the time the same way. "
        "Latency is from the moment of sending to the moment each client has the frame. "
        "CPU and memory are the server processes' own (from /proc), clients run on the same "
        "machine.",
        "",
        "| configuration | N | delivered | p50 | p99 | deliveries/s | server CPU per delivery "
        "| server memory per connection |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in results:
        if "error" in row:
            lines.append(f"| {row['config']} | - | failed: `{row['error']}` ||||||")
            continue
        lines.append(
            f"| {row['config']} | {row['clients']} | {row['delivered']}/{row['expected']} "
            f"| {row['p50_ms']:.0f} ms | {row['p99_ms']:.0f} ms | {row['per_second']:.0f} "
            f"| {row['cpu_us_per_delivery']:.0f} µs | {row['kib_per_connection']:.0f} KiB |"
        )
    baseline = {
        r["clients"]: r for r in results if r["config"].startswith("bare") and "error" not in r
    }
    lines += [
        "",
        "Ratios to the bare `websockets` baseline at the same N (p99 latency, CPU per delivery):",
        "",
        "| configuration | N | p99 ratio | CPU ratio |",
        "|---|---|---|---|",
    ]
    for row in results:
        base = baseline.get(row.get("clients"))
        if "error" in row or base is None or row is base:
            continue
        lines.append(
            f"| {row['config']} | {row['clients']} "
            f"| {row['p99_ms'] / base['p99_ms']:.1f}x "
            f"| {row['cpu_us_per_delivery'] / base['cpu_us_per_delivery']:.1f}x |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
