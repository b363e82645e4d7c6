"""The PostgreSQL pool recovers at once when the server drops its idle connections."""

import psycopg
import pytest
from django.db import connection

from harness.processes import database_env

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

IDLE = 6


def test_a_request_after_the_server_dropped_every_idle_connection_gets_a_fresh_one():
    pool = connection.pool
    connection.close()
    borrowed = [pool.getconn() for _ in range(IDLE)]
    dropped = {conn.info.backend_pid for conn in borrowed}
    for conn in borrowed:
        pool.putconn(conn)

    with psycopg.connect(database_env()["DATABASE_URL"], autocommit=True) as admin:
        terminated = admin.execute(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid = ANY(%s)) AS t",
            [list(dropped)],
        ).fetchone()[0]
    assert terminated == IDLE

    # Found one at a time, six dead connections cost 0+1+2+4+8+16 s of back-off: more
    # than the 30 s pool timeout, and the query would fail.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        served_by = cursor.fetchone()[0]
    assert served_by not in dropped
    assert pool.get_stats()["connections_lost"] == IDLE
