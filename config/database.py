"""How each process's PostgreSQL connection pool checks a connection before lending it."""

from psycopg_pool import ConnectionPool


def check_pooled_connection(conn) -> None:
    """Raise if ``conn`` no longer works, after sweeping every idle connection of its pool.

    A server that dropped one idle connection (restart, failover, ``pg_terminate_backend``)
    has usually dropped them all. The pool alone would find them one at a time, sleeping
    1, 2, 4, 8... seconds between attempts, so a request could wait out the whole pool
    timeout with a queue full of dead connections. Sweeping at the first dead one lets the
    pool's next attempt get a fresh connection.
    """
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        pool = getattr(conn, "_pool", None)
        if pool is not None:
            pool.check()
        raise
