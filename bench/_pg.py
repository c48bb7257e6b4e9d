"""PostgreSQL sample databases for the benchmarks: the same demo data as the SQLite ones,
built once in a database of their own, analysed, and reused while their mark is there.

The mark is the database's comment, set last: a build that was interrupted has none and
is dropped and built again. Needs psycopg2 (`pip install '.[postgres]'`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

from _common import add_demo, up_to_date

SERVER = "postgresql://postgres@127.0.0.1:5432/test"
MARK = "crm-bench demo, customers:"


def available() -> str | None:
    """Why PostgreSQL benchmarks cannot run here, or None when they can."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is not installed (pip install '.[postgres]')"
    return None


@contextmanager
def _cursor(url: str) -> Iterator[Any]:
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True  # CREATE DATABASE and VACUUM refuse to run in a transaction
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


def demo_database(
    server: str, name: str, size: int, extra: Callable[[], None] | None = None
) -> str:
    """The URL of database ``name`` on ``server`` holding ``size`` demo customers (seed 1)
    and whatever ``extra`` adds, built now unless a finished build is there."""
    url = urlparse(server)._replace(path=f"/{name}").geturl()
    mark = f"{MARK} {size}"
    with _cursor(server) as cur:
        cur.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        )
        found = cur.fetchone()
        if found is not None and found[0] == mark:
            print(f"reusing {name} ({size:,} customers)", flush=True)
            up_to_date(url)
            return url
        if found is not None:
            cur.execute(f'DROP DATABASE "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    add_demo(url, size, extra)
    with _cursor(url) as cur:  # planner statistics and visibility map, as autovacuum leaves them
        cur.execute("VACUUM ANALYZE")
    with _cursor(server) as cur:
        cur.execute(f'COMMENT ON DATABASE "{name}" IS %s', (mark,))
    return url


def count(url: str, sql: str, params: tuple[Any, ...]) -> int:
    with _cursor(url) as cur:
        cur.execute(sql, params)
        return int(cur.fetchone()[0])
