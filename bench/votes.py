"""Vote burst: N seated delegates, one socket each over 2 workers, all cast at once.

The room (``python -m plenary.server`` workers over PostgreSQL and Redis, the room's own
protocol: one ``vote.cast`` per socket, sent together the moment every socket has its
``welcome``) beside the baselines, measured in the same run on the same database: the
same ballots written by a plain loop on the database (one transaction per ballot, and
batched), and by ``vote_cast`` called in a loop without sockets.

Reports ack latency p50/p99 (from the burst's start), ballots per second, the workers'
CPU per ballot (from /proc) and whether the tally is exact. ``BENCH_VOTES_NS`` picks the
sizes (default 2000); ``BENCH_VOTES_PROFILE=path`` records worker 0 with py-spy. The
embedded default (SQLite, in-memory channel layer, one worker) is measured too, with
``BENCH_VOTES_SQLITE_NS`` delegates (default 500; empty: not measured).
"""

import asyncio
import contextlib
import json
import os
import shutil
import signal
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
    free_port,
    fresh_postgres,
    fresh_redis,
    percentile,
    server_env,
    start,
    stop,
    wait_http,
)

WORKERS = 2
CHOICES = ("yes", "no", "abstain")
OPEN_CONCURRENCY = 64


POSTGRES, SQLITE = "PostgreSQL + Redis, 2 workers", "SQLite + in-memory layer, 1 worker"


def _sizes(name: str, default: str) -> list[int]:
    return [int(n) for n in os.environ.get(name, default).split(",") if n.strip()]


def run() -> str:
    runs = [(POSTGRES, size) for size in _sizes("BENCH_VOTES_NS", "2000")]
    runs += [(SQLITE, size) for size in _sizes("BENCH_VOTES_SQLITE_NS", "500")]
    load = os.getloadavg()
    rows = []
    for backend, size in runs:
        print(f"  vote burst, {backend}, N={size}", flush=True)
        try:
            rows.append({"backend": backend, **asyncio.run(measure(size, backend))})
        except Exception as exc:  # the table says which run failed
            rows.append({"backend": backend, "clients": size, "error": repr(exc)[:300]})
    return _markdown(rows, load)


def workers_env(workdir: Path, backend: str = POSTGRES) -> dict:
    if backend == SQLITE:
        # The embedded default: no database or Redis URL (SQLite in VAR_DIR, in-memory layer).
        return server_env(VAR_DIR=str(workdir))
    return server_env(
        VAR_DIR=str(workdir),
        DATABASE_URL=fresh_postgres(),
        REDIS_URL=fresh_redis(),
        CHANNEL_LAYER="redis",
    )


def setup(env: dict, size: int, workdir: Path) -> tuple[dict, Path]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench._votes_setup", str(size)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    path = workdir / "setup.json"
    path.write_text(completed.stdout.strip().splitlines()[-1])
    return json.loads(path.read_text()), path


def start_workers(env: dict, workdir: Path, profile_to: str = "", workers: int = WORKERS):
    """The workers, and the pids whose CPU is theirs (worker 0 may run under py-spy)."""
    ports = [free_port() for _ in range(workers)]
    env = {
        **env,
        "CSRF_TRUSTED_ORIGINS": ",".join(f"http://127.0.0.1:{port}" for port in ports),
    }
    spy = shutil.which("py-spy") if profile_to else None
    spied = [spy, "record", "--format", "raw", "--rate", "100", "-o", profile_to, "--"]
    processes = [
        start(
            [
                *(spied if spy and index == 0 else []),
                sys.executable,
                "-m",
                "plenary.server",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "config.asgi:application",
            ],
            env,
            workdir / f"worker-{port}.log",
        )
        for index, port in enumerate(ports)
    ]
    for process, port in zip(processes, ports, strict=True):
        wait_http(f"http://127.0.0.1:{port}/api/v1/", process)
    pids = [process.pid for process in processes]
    if spy:
        children = Path(f"/proc/{pids[0]}/task/{pids[0]}/children").read_text().split()
        pids[0] = int(children[0])
    return processes, ports, pids


class Client:
    """A socket whose frames are read as they come (a client that reads nothing stops
    answering the server's pings, and is dropped) and kept for the bench to look at."""

    def __init__(self, ws):
        self.ws = ws
        self.frames: asyncio.Queue = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        try:
            async for raw in self.ws:
                await self.frames.put(raw)
        except Exception:
            return

    async def close(self):
        await self.ws.close()
        self.reader.cancel()


async def open_sockets(ports, debate_id: int, tokens: list[str], concurrency: int | None):
    """One ``Client`` per token, spread over the workers, and its first frame."""
    gate = asyncio.Semaphore(concurrency) if concurrency else None

    async def one(index: int, token: str):
        port = ports[index % len(ports)]
        url = f"ws://127.0.0.1:{port}/ws/debates/{debate_id}/?token={token}"
        if gate:
            await gate.acquire()
        try:
            ws = await connect(
                url,
                origin=f"http://127.0.0.1:{port}",
                open_timeout=120,
                ping_interval=None,
                max_size=2**24,
            )
            first = json.loads(await ws.recv())
            return Client(ws), first
        finally:
            if gate:
                gate.release()

    return await asyncio.gather(*(one(i, t) for i, t in enumerate(tokens)))


def vote_frame(vote_id: int):
    return lambda index: {"vote": vote_id, "choice": CHOICES[index % 3]}


def election_frame(election_id: int, candidates: list[int]):
    return lambda index: {"election": election_id, "choices": [candidates[index % len(candidates)]]}


async def burst(sockets, kind: str, data) -> tuple[float, list[float], list[dict]]:
    """Every socket casts at once (``kind``: ``vote.cast`` or ``election.cast``, ``data``:
    index -> the frame's data); returns the start, each ack's delay and every answer."""
    answers: list[dict] = [None] * len(sockets)
    delays: list[float] = [None] * len(sockets)

    async def cast(index: int, ws, started: float):
        frame = {"type": kind, "ref": f"b{index}", "data": data(index)}
        await ws.ws.send(json.dumps(frame))
        while True:
            message = json.loads(await ws.frames.get())
            if message.get("ref") == f"b{index}":
                delays[index] = time.perf_counter() - started
                answers[index] = message
                return

    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(cast(i, ws, started) for i, ws in enumerate(sockets))), timeout=300
    )
    return started, delays, answers


def tally(env: dict, vote_id: int, election_id: int) -> tuple[int, int, int, int]:
    """The vote's counters and ballots, the election's candidates' counters and ballots."""
    if env["DATABASE_URL"]:
        import psycopg

        connection = psycopg.connect(env["DATABASE_URL"])
    else:
        import sqlite3

        connection = contextlib.closing(sqlite3.connect(Path(env["VAR_DIR"]) / "plenary.sqlite3"))
    with connection as conn:

        def one(sql, arg):
            placeholder = "%s" if env["DATABASE_URL"] else "?"
            return conn.execute(sql.replace("%s", placeholder), [arg]).fetchone()[0]

        return (
            one("SELECT yes + no + abstain FROM debates_vote WHERE id = %s", vote_id),
            one("SELECT count(*) FROM debates_ballot WHERE vote_id = %s", vote_id),
            one("SELECT sum(yes) FROM debates_candidate WHERE election_id = %s", election_id),
            one("SELECT count(*) FROM debates_electionballot WHERE election_id = %s", election_id),
        )


def _figures(size: int, delays, answers, cpu: float, client_cpu: float) -> dict:
    elapsed = max(delays)
    return {
        "client_cpu": client_cpu,
        "acks": sum(1 for answer in answers if answer["type"] == "ack"),
        "p50": statistics.median(delays),
        "p99": percentile(delays, 0.99),
        "last": elapsed,
        "per_second": size / elapsed,
        "cpu_ms": 1000 * cpu / size,
        "refused": next((a for a in answers if a["type"] != "ack"), None),
    }


async def _chair(ports, debate_id: int, token: str, commands: list[tuple[str, dict]]) -> None:
    url = f"ws://127.0.0.1:{ports[0]}/ws/debates/{debate_id}/?token={token}"
    async with connect(url, origin=f"http://127.0.0.1:{ports[0]}", max_size=2**24) as ws:
        await ws.recv()
        for number, (kind, data) in enumerate(commands):
            await ws.send(json.dumps({"type": kind, "ref": f"c{number}", "data": data}))
            while json.loads(await ws.recv()).get("ref") != f"c{number}":
                pass


def profile(pid: int, seconds: int, path: str) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or os.environ.get("PY_SPY")
    if not spy:
        return None
    return subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(seconds),
            "--format",
            "raw",
            "--rate",
            "200",
            "--output",
            path,
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_profiled(spy: subprocess.Popen, worker_pid: int) -> None:
    """Stop a worker run under py-spy, which writes its profile when the worker exits."""
    os.kill(worker_pid, signal.SIGINT)
    try:
        spy.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.kill(worker_pid, signal.SIGKILL)
        spy.wait(timeout=60)


async def measure(size: int, backend: str = POSTGRES) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="plenary-votes-"))
    env = workers_env(workdir, backend)
    data, setup_path = setup(env, size, workdir)
    profile_to = os.environ.get("BENCH_VOTES_PROFILE", "") if backend == POSTGRES else ""
    workers = WORKERS if backend == POSTGRES else 1
    processes, ports, pids = start_workers(env, workdir, profile_to, workers)
    try:
        pairs = await open_sockets(ports, data["debate"], data["tokens"], OPEN_CONCURRENCY)
        sockets = [ws for ws, _first in pairs]
        await asyncio.sleep(2)  # presence settles
        cpu_before, client_before = sum(cpu_seconds(pid) for pid in pids), time.process_time()
        _started, delays, answers = await burst(sockets, "vote.cast", vote_frame(data["vote"]))
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
        vote = _figures(size, delays, answers, cpu, time.process_time() - client_before)
        await _chair(
            ports,
            data["debate"],
            data["chair_token"],
            [
                ("vote.close", {"vote": data["vote"]}),
                ("election.open", {"election": data["election"]}),
            ],
        )
        await asyncio.sleep(2)
        cpu_before, client_before = sum(cpu_seconds(pid) for pid in pids), time.process_time()
        frames = election_frame(data["election"], data["candidates"])
        _started, delays, answers = await burst(sockets, "election.cast", frames)
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
        election = _figures(size, delays, answers, cpu, time.process_time() - client_before)
        for ws in sockets:
            await ws.close()
    finally:
        if profile_to:
            stop_profiled(processes[0], pids[0])
        stop(processes)
    cast, ballots, chosen, election_ballots = tally(env, data["vote"], data["election"])
    completed = subprocess.run(
        [sys.executable, "-m", "bench._votes_baseline", str(setup_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    baseline = json.loads(completed.stdout.strip().splitlines()[-1])
    vote["exact"] = cast == ballots == vote["acks"] == size
    election["exact"] = chosen == election_ballots == election["acks"] == size
    return {"clients": size, "vote": vote, "election": election, "baseline": baseline}


def _markdown(rows: list[dict], load: tuple[float, float, float]) -> str:
    lines = [
        "## Vote burst (`bench/votes.py`)",
        "",
        f"N seated delegates, one socket each spread over {WORKERS} workers "
        "(`python -m plenary.server`, PostgreSQL, Redis channel layer; and the embedded "
        "default, SQLite with the in-memory layer on one worker), every socket sends "
        "one secret `vote.cast` at the same moment; then the chair closes the vote and "
        "opens an election (one seat, three candidates) and every socket sends one "
        "`election.cast` at the same moment. Latency is from the burst's start to "
        "each `ack`; server CPU is the workers' own (from /proc) over the burst. "
        "Baselines in the same run, on the same database: the same ballots written by a "
        "plain loop (one transaction per ballot; and 100 per transaction), and "
        "`vote_cast` called in a loop without sockets. Clients run on the same machine; "
        f"load average when the run began: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.",
        "",
        "| database | N | ballot | acks | tally exact | p50 ack | p99 ack | last ack | ballots/s "
        "| server CPU per ballot | client CPU over the burst "
        "| baseline: loop, 1 transaction each | batched by 100 | `vote_cast` loop |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "error" in row:
            lines.append(
                f"| {row['backend']} | {row['clients']} | failed: `{row['error']}` ||||||||||||"
            )
            continue
        base, count = row["baseline"], row["clients"]

        def rate(name, base=base, count=count):
            run = base[name]
            return f"{count / run['seconds']:.0f}/s ({1000 * run['cpu'] / count:.1f} ms CPU)"

        for kind in ("vote", "election"):
            burst_row = row[kind]
            lines.append(
                f"| {row['backend']} | {count} | {kind} | {burst_row['acks']} "
                f"| {'yes' if burst_row['exact'] else 'NO'} "
                f"| {1000 * burst_row['p50']:.0f} ms | {1000 * burst_row['p99']:.0f} ms "
                f"| {burst_row['last']:.2f} s | {burst_row['per_second']:.0f} "
                f"| {burst_row['cpu_ms']:.1f} ms | {burst_row['client_cpu']:.1f} s "
                f"| {rate('loop')} | {rate('batched')} | {rate('service')} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
