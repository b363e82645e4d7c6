"""Join storm: N sockets opened at once, with no pacing, on 2 workers.

Every delegate of a live debate with an open vote reconnects at the same moment (after a
coffee break, a network blip). Beside it, in the same run, a bare `websockets` server
takes the same storm of connections (it sends no welcome: its figure is the handshake).

Reports failed handshakes, whether every socket's first frame is its `welcome`, the time
until the last socket has it, connections per second and the workers' CPU per connection.
``BENCH_JOINS_NS`` picks the sizes (default 2000); ``BENCH_JOINS_PROFILE=path`` records
worker 0 with py-spy.
"""

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import (  # noqa: E402
    cpu_seconds,
    free_port,
    percentile,
    start,
    stop,
    wait_port,
)

# How long a client waits for its handshake, then for its first frame.
WAIT = 120

from bench.votes import Client, setup, start_workers, stop_profiled, workers_env  # noqa: E402


def run() -> str:
    sizes = [int(n) for n in os.environ.get("BENCH_JOINS_NS", "2000").split(",")]
    load = os.getloadavg()
    rows = []
    for size in sizes:
        for name, measure in (("bare websockets (baseline)", bare), ("Plenary room", room)):
            print(f"  join storm, {name}, N={size}", flush=True)
            try:
                rows.append({"config": name, **asyncio.run(measure(size))})
            except Exception as exc:  # the table says which run failed
                rows.append({"config": name, "clients": size, "error": repr(exc)[:300]})
    return _markdown(rows, load)


async def storm(urls: list[tuple[str, str]], first_frame: bool) -> dict:
    """Open every socket at once; returns the delays and what failed."""
    delays, failures, firsts = [], [], []

    async def one(url: str, origin: str):
        try:
            ws = await connect(
                url, origin=origin, open_timeout=WAIT, ping_interval=None, max_size=2**24
            )
        except Exception as exc:
            failures.append(type(exc).__name__)
            return None
        if first_frame:
            try:
                firsts.append(json.loads(await asyncio.wait_for(ws.recv(), WAIT))["type"])
            except Exception as exc:
                failures.append(f"no first frame: {type(exc).__name__}")
                await ws.close()
                return None
        delays.append(time.perf_counter() - started)
        return Client(ws)

    started = time.perf_counter()
    sockets = await asyncio.gather(*(one(url, origin) for url, origin in urls))
    elapsed = time.perf_counter() - started
    for ws in sockets:
        if ws is not None:
            await ws.close()
    return {
        "clients": len(urls),
        "failed": sum(1 for failure in failures if not failure.startswith("no first")),
        "failures": sorted(set(failures)),
        "welcome_first": sum(1 for kind in firsts if kind == "welcome") if first_frame else None,
        "p50": statistics.median(delays) if delays else float("nan"),
        "p99": percentile(delays, 0.99),
        "last": elapsed,
        "per_second": len(delays) / elapsed,
    }


async def bare(size: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="plenary-joins-"))
    port = free_port()
    process = start(
        [sys.executable, "-m", "bench._bare_server", str(port)],
        os.environ.copy(),
        workdir / "bare.log",
    )
    wait_port(port, process)
    try:
        cpu = cpu_seconds(process.pid)
        url = (f"ws://127.0.0.1:{port}/", f"http://127.0.0.1:{port}")
        result = await storm([url] * size, first_frame=False)
        result["cpu_ms"] = 1000 * (cpu_seconds(process.pid) - cpu) / size
        return result
    finally:
        stop([process])


async def room(size: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="plenary-joins-"))
    env = workers_env(workdir)
    data, _path = setup(env, size, workdir)
    profile_to = os.environ.get("BENCH_JOINS_PROFILE", "")
    processes, ports, pids = start_workers(env, workdir, profile_to)
    try:
        path = f"/ws/debates/{data['debate']}/"
        urls = [
            (f"ws://127.0.0.1:{port}{path}?token={token}", f"http://127.0.0.1:{port}")
            for port, token in zip(
                (ports[i % len(ports)] for i in range(size)), data["tokens"], strict=True
            )
        ]
        cpu = sum(cpu_seconds(pid) for pid in pids)
        result = await storm(urls, first_frame=True)
        result["cpu_ms"] = 1000 * (sum(cpu_seconds(pid) for pid in pids) - cpu) / size
        return result
    finally:
        if profile_to:
            stop_profiled(processes[0], pids[0])
        stop(processes)


def _markdown(rows: list[dict], load) -> str:
    lines = [
        "## Join storm (`bench/joins.py`)",
        "",
        "N sockets opened at the same moment with no client-side pacing, spread over 2 "
        "workers (`python -m plenary.server`, PostgreSQL, Redis): every delegate of a live "
        "debate with an open vote, each with their token. The baseline is a bare "
        "`websockets` server taking the same storm (one process; handshakes only, it sends "
        "no welcome). Time is from the storm's start to each socket's `welcome` (the "
        "baseline: to its open handshake). Clients on the same machine; load average when "
        f"the run began: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.",
        "",
        "| server | N | failed handshakes | `welcome` first | p50 | p99 | last | "
        "connections/s | server CPU per connection |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "error" in row:
            lines.append(f"| {row['config']} | {row['clients']} | failed: `{row['error']}` ||||||")
            continue
        first = "-" if row["welcome_first"] is None else f"{row['welcome_first']}/{row['clients']}"
        failed = str(row["failed"]) + (
            f" ({', '.join(row['failures'])})" if row["failures"] else ""
        )
        lines.append(
            f"| {row['config']} | {row['clients']} | {failed} | {first} "
            f"| {row['p50']:.2f} s | {row['p99']:.2f} s | {row['last']:.2f} s "
            f"| {row['per_second']:.0f} | {row['cpu_ms']:.1f} ms |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
