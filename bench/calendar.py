"""iCalendar feed of an event with 2,000 sessions.

Measures, through the HTTP view, a full build (nothing cached), a rebuild after one
session changed (every other VEVENT from the cache) and a 304 answer to a conditional
request, against a plain full rebuild with icalendar as the baseline: every session
loaded, every VEVENT built, ``Calendar.to_ical()`` (the same content, no cache, no HTTP).

The measurement runs in a child process on a throwaway SQLite database with the
local-memory cache, so it never touches a configured database.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 2000
FORUMS = 10
ROOMS = 20
RUNS = {"baseline": 5, "full": 5, "one_change": 20, "not_modified": 50, "unchanged": 10}


def run() -> str:
    with tempfile.TemporaryDirectory(prefix="plenary-bench-") as directory:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.test_settings",
            SQLITE_PATH=str(Path(directory) / "bench.sqlite3"),
            VAR_DIR=directory,
            PYTHONPATH=str(ROOT),
        )
        output = subprocess.run(
            [sys.executable, "-m", "bench.calendar", "--measure"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return _report(figures)


def _report(figures: dict) -> str:
    baseline = figures["baseline"]
    rows = [
        ("plain full rebuild with icalendar (baseline)", "baseline"),
        ("full build, empty cache", "full"),
        ("rebuild after one changed session", "one_change"),
        ("unchanged feed fetched again (no validator)", "unchanged"),
        ("`304 Not Modified` (If-None-Match)", "not_modified"),
    ]
    lines = [
        "## Calendar feeds (`bench/calendar.py`)",
        "",
        f"One event of {SESSIONS:,} sessions ({FORUMS} forums, {ROOMS} rooms, 1 to 3 "
        f"speakers each; the feed is {figures['bytes'] / 1e6:.1f} MB), SQLite and the "
        "local-memory cache, Django test client through the whole middleware stack. "
        "Baseline: a plain full rebuild with icalendar (all sessions loaded, every VEVENT "
        "built, `Calendar.to_ical()`), without HTTP. Median of several runs; the ratio "
        "is the baseline's time divided by the answer's.",
        "",
        "| answer | runs | median | faster than the baseline |",
        "|---|---:|---:|---:|",
    ]
    for label, key in rows:
        median = figures[key]
        lines.append(
            f"| {label} | {RUNS[key]} | {median * 1000:.1f} ms | {baseline / median:.1f}x |"
        )
    lines.append("")
    lines.append(
        f"A 304 runs {figures['queries_304']} SQL queries and a full build "
        f"{figures['queries_full']}, whatever the number of sessions."
    )
    lines.append("")
    return "\n".join(lines)


def _timed(function, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _measure() -> dict:
    import datetime

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation
    from icalendar import Calendar, Timezone

    from events.models import Delegate, Event, Organization
    from forums import ical as calendar
    from forums import selectors
    from forums.models import Forum, Room, Session
    from forums.services import session_update

    call_command("migrate", verbosity=0)
    user_model = django.contrib.auth.get_user_model()
    secretariat = user_model.objects.create_superuser("bench-secretariat")
    organization = Organization.objects.create(
        name="Ville de Montréal", short_name="Montréal", country="CA", region="americas"
    )
    delegates = [
        Delegate.objects.create(
            user=user_model.objects.create_user(
                f"delegate{n}", first_name="Amina", last_name=f"Diallo {n}"
            ),
            organization=organization,
        )
        for n in range(60)
    ]
    days = SESSIONS // (ROOMS * 10) + 1
    event = Event.objects.create(
        title_en="World Congress",
        title_fr="Congrès mondial",
        slug="bench",
        host_city="Montréal",
        venue="Palais des congrès",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 3, 1) + datetime.timedelta(days=days),
        status=Event.Status.PUBLISHED,
    )
    forums = [
        Forum.objects.create(
            event=event,
            slug=f"forum-{n}",
            title_en=f"Gouvernance métropolitaine {n}",
            seat_capacity=100,
        )
        for n in range(FORUMS)
    ]
    rooms = [Room.objects.create(event=event, name_en=f"Salle {n}") for n in range(ROOMS)]
    sessions = []
    for n in range(SESSIONS):
        slot, room = divmod(n, ROOMS)
        day, hour = divmod(slot, 10)
        starts = datetime.datetime.combine(
            event.start_date + datetime.timedelta(days=day),
            datetime.time(8 + hour),
            tzinfo=event.zone,
        )
        sessions.append(
            Session(
                forum=forums[n % FORUMS],
                room=rooms[room],
                title_en=f"Session {n}: financer la transition juste à São Paulo",
                description_en="Mayors and governors compare what has worked. " * 3,
                kind=Session.Kind.PANEL,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=50),
            )
        )
    Session.objects.bulk_create(sessions)
    through = Session.speakers.through
    through.objects.bulk_create(
        through(session_id=session.pk, delegate_id=delegates[(session.pk * k) % 60].pk)
        for session in Session.objects.all()
        for k in range(1, 2 + session.pk % 3)
    )
    assert Session.objects.filter(forum__event=event).count() == SESSIONS

    def baseline():
        with translation.override("en"):
            feed = Calendar()
            for name, value in (
                ("prodid", calendar.PRODID),
                ("version", "2.0"),
                ("calscale", "GREGORIAN"),
                ("method", "PUBLISH"),
                ("x-wr-calname", event.title),
            ):
                feed.add(name, value)
            feed.add_component(
                Timezone.from_tzid(
                    event.time_zone,
                    first_date=datetime.date(2027, 1, 1),
                    last_date=datetime.date(2027, 12, 31),
                )
            )
            for session in selectors.session_list(event=event):
                feed.add_component(calendar.session_component(session, "en"))
            return feed.to_ical()

    client = Client(HTTP_HOST="localhost")
    url = "/calendar/events/bench.ics"

    def get(**headers):
        response = client.get(url, **headers)
        assert response.status_code in (200, 304), response.status_code
        return response

    figures = {"baseline": _timed(baseline, RUNS["baseline"])}
    figures["full"] = _timed(get, RUNS["full"], before=cache.clear)
    body = get().content
    figures["bytes"] = len(body)
    assert body.count(b"BEGIN:VEVENT") == SESSIONS

    changed = iter(Session.objects.order_by("?")[: RUNS["one_change"]])
    counter = iter(range(10**6))

    def change_one():
        session = next(changed)
        session_update(actor=secretariat, session=session, title=f"Renamed {next(counter)}")

    figures["one_change"] = _timed(get, RUNS["one_change"], before=change_one)
    figures["unchanged"] = _timed(get, RUNS["unchanged"])
    etag = get()["ETag"]
    figures["not_modified"] = _timed(lambda: get(HTTP_IF_NONE_MATCH=etag), RUNS["not_modified"])
    assert get(HTTP_IF_NONE_MATCH=etag).status_code == 304

    with CaptureQueriesContext(connection) as queries:
        get(HTTP_IF_NONE_MATCH=etag)
    figures["queries_304"] = len(queries)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        get()
    figures["queries_full"] = len(queries)
    return figures


if __name__ == "__main__":
    # Run as ``python -m bench.calendar``: as a script, this file would stand in for the
    # standard library's ``calendar`` module.
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(_measure()))
    else:
        print(run())
