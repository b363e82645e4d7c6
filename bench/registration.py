"""Seat burst: many delegates ask for the last seats of a forum at the same moment.

200 delegates send ``POST /api/v1/seats/`` at once to four daphne workers (50 seats),
then 10 confirmed delegates cancel at once. Measured on the embedded default (SQLite)
and on PostgreSQL; every round is also checked for exactness (50 confirmed, waiting
list 1..150, the first 10 waitlisted promoted).

Run alone: ``python bench/registration.py``.
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import fresh_postgres, percentile  # noqa: E402

DELEGATES = 200
CAPACITY = 50
CANCELLERS = 10
WORKERS = 4
ROUNDS = 3


def run() -> str:
    results = []
    for backend in ("sqlite", "postgresql"):
        completed = subprocess.run(
            # As a module: run as a script, bench/ would shadow the standard library's
            # calendar module with bench/calendar.py.
            [sys.executable, "-m", "bench.registration", backend],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if completed.returncode != 0:
            results.append({"backend": backend, "error": completed.stderr[-800:]})
            continue
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    return _markdown(results)


def _markdown(results) -> str:
    lines = [
        "## Seat registration burst (`bench/registration.py`)",
        "",
        f"{DELEGATES} delegates request a seat in a forum of {CAPACITY} at the same moment "
        f"(one thread each, {WORKERS} daphne workers), then {CANCELLERS} confirmed delegates "
        f"cancel at once. Median of {ROUNDS} rounds; every round checked exact.",
        "",
        "| database | requests/s | p50 | p99 | cancel burst p50 | cancel burst p99 | exact |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        if "error" in result:
            lines.append(f"| {result['backend']} | failed: `{result['error'][-200:]!r}` |||||")
            continue
        lines.append(
            f"| {result['backend']} | {result['requests_per_second']:.0f} "
            f"| {result['p50_ms']:.0f} ms | {result['p99_ms']:.0f} ms "
            f"| {result['cancel_p50_ms']:.0f} ms | {result['cancel_p99_ms']:.0f} ms "
            f"| {'yes' if result['exact'] else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


def _prepare(backend: str, workdir: Path) -> dict[str, str]:
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "EMAIL_URL": "dummy://",
        "LOG_LEVEL": "WARNING",
        "API_THROTTLE_USER": "100000/minute",
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    if backend == "sqlite":
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    else:
        env["DATABASE_URL"] = fresh_postgres()
    return env


def _measure(backend: str) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="plenary-bench-"))
    env = _prepare(backend, workdir)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["VAR_DIR"] = str(workdir)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from demo.bulk import make_accredited_delegates
    from events.models import Event
    from forums.models import Forum, Seat
    from harness.processes import DaphneWorker
    from harness.requests import burst

    worker_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0"}
    workers = [DaphneWorker(extra_env=worker_env, log_dir=workdir).launch() for _ in range(WORKERS)]
    try:
        for worker in workers:
            worker.wait_ready(60)
        rounds = []
        for round_number in range(ROUNDS):
            today = django.utils.timezone.localdate()
            event = Event.objects.create(
                title=f"Bench {round_number}",
                slug=f"bench-{round_number}-{secrets.token_hex(3)}",
                host_city="Bench",
                time_zone="UTC",
                start_date=today,
                end_date=today,
                status=Event.Status.PUBLISHED,
            )
            forum = Forum.objects.create(
                event=event, title="Bench", slug="bench", seat_capacity=CAPACITY
            )
            delegates = make_accredited_delegates(event, DELEGATES, prefix=f"bench{round_number}")
            started = time.perf_counter()
            takes = burst(
                [
                    (
                        "POST",
                        f"{workers[n % WORKERS].http_url}/api/v1/seats/",
                        {"Authorization": f"Token {token}", "Content-Type": "application/json"},
                        json.dumps({"forum": forum.id}).encode(),
                    )
                    for n, (_delegate, token) in enumerate(delegates)
                ]
            )
            wall = time.perf_counter() - started
            confirmed = [r for r in takes if r.status == 201 and r.body["status"] == "confirmed"]
            waitlisted = sorted(
                r.body["position"]
                for r in takes
                if r.status == 201 and r.body["status"] == "waitlisted"
            )
            token_of = {id(r): delegates[n][1] for n, r in enumerate(takes)}
            head = sorted(
                (r.body["position"], r.body["id"])
                for r in takes
                if r.status == 201 and r.body["status"] == "waitlisted"
            )[:CANCELLERS]
            cancels = burst(
                [
                    (
                        "DELETE",
                        f"{workers[n % WORKERS].http_url}/api/v1/seats/{r.body['id']}/",
                        {"Authorization": f"Token {token_of[id(r)]}"},
                        None,
                    )
                    for n, r in enumerate(confirmed[:CANCELLERS])
                ]
            )
            promoted = set(
                Seat.objects.filter(
                    forum=forum, status="confirmed", was_waitlisted=True
                ).values_list("id", flat=True)
            )
            forum.refresh_from_db()
            exact = (
                all(r.status == 201 for r in takes)
                and len(confirmed) == CAPACITY
                and waitlisted == list(range(1, DELEGATES - CAPACITY + 1))
                and all(r.status == 204 for r in cancels)
                and promoted == {seat_id for _position, seat_id in head}
                and forum.seats_taken == CAPACITY
            )
            rounds.append(
                {
                    "requests_per_second": DELEGATES / wall,
                    "p50_ms": 1000 * statistics.median(r.seconds for r in takes),
                    "p99_ms": 1000 * percentile([r.seconds for r in takes], 0.99),
                    "cancel_p50_ms": 1000 * statistics.median(r.seconds for r in cancels),
                    "cancel_p99_ms": 1000 * percentile([r.seconds for r in cancels], 0.99),
                    "exact": exact,
                }
            )
    finally:
        for worker in workers:
            worker.stop()
    result = {"backend": "SQLite (embedded)" if backend == "sqlite" else "PostgreSQL"}
    for key in ("requests_per_second", "p50_ms", "p99_ms", "cancel_p50_ms", "cancel_p99_ms"):
        result[key] = statistics.median(r[key] for r in rounds)
    result["exact"] = all(r["exact"] for r in rounds)
    return result


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in {"sqlite", "postgresql"}:
        print(json.dumps(_measure(sys.argv[1])))
    else:
        print(run())
