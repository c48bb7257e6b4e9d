"""`crm db copy` of a big demo (issue 12, point 4): the small demo and a large one on top
(customers with their contacts, contact records, opportunities, quotes, orders, plans and
receipts: some 6.7 rows per customer) copied from SQLite to PostgreSQL and to MariaDB, then
every table compared row by row with the source, and the copies' application invariants
checked.

The comparison streams both sides a page at a time in key order (the copy engine's own
reader), so it holds a page, not the tables. CI copies 5,000 customers (~34,000 rows) in
pages of 250 rows: as many pages of every table as 20,000 customers in the engine's pages of
1,000, at a quarter of the rows (a minute less of CI). The full `crm demo --size large`
(100,000 customers, ~670,000 rows, about a minute per server on a quiet machine) in the
engine's own pages runs with
``CRM_COPY_TEST_SIZE=large python -m pytest tests/store/test_database_copy_large.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.core.db import db_proxy
from crm_cli.store.database import checks, copy, engine
from crm_cli.store.database.engine import DatabaseSource
from crm_cli.store.database.tables import kind_of, tables
from crm_cli.store.demo import generate
from tests.conftest import _drop_mysql, _drop_postgres, _fresh_mysql, _fresh_postgres, sqlite_url
from tests.store.test_database_support import open_database

NOW = dt.datetime(2026, 3, 2, 10, 30, 15, 250000)
SIZE = generate.parse_size(os.environ.get("CRM_COPY_TEST_SIZE", "5000"))
PAGE = engine.PAGE if "CRM_COPY_TEST_SIZE" in os.environ else 250
SERVERS = {"postgres": (_fresh_postgres, _drop_postgres), "mysql": (_fresh_mysql, _drop_mysql)}


@pytest.fixture(scope="module")
def large_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo and a big one on top, as `crm demo && crm demo --size SIZE`."""
    path = tmp_path_factory.mktemp("large") / "crm.db"
    domains.open_store(sqlite_url(path))
    admin = users.resolve_actor("admin")
    generate.add_demo_data(admin, generate.parse_size("small"), seed=42, now=NOW)
    generate.add_demo_data(admin, SIZE, seed=42, now=NOW)
    db.close_store()
    return path


@pytest.fixture(params=list(SERVERS))
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    make, drop = SERVERS[request.param]
    url = make()
    yield url
    drop(url)


def _pages(database: Any, table: Any) -> Iterator[Any]:
    return itertools.chain.from_iterable(DatabaseSource(database, ()).pages(table))


def _second(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """MariaDB keeps times to the second."""
    return tuple(v.replace(microsecond=0) if isinstance(v, dt.datetime) else v for v in row)


def test_the_large_demo_copies_to_a_server_row_for_row(
    large_demo: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PAGE", PAGE)
    domains.open_store(sqlite_url(large_demo))
    try:
        result = copy.copy_database(users.resolve_actor("admin"), server, now=NOW)
        assert (result.source_failed, result.target_failed) == ((), ())
        assert result.rows > 6 * SIZE
        target = open_database(server)
        try:
            compared = _compare(db_proxy.obj, target)
        finally:
            target.close()
    finally:
        db.close_store()
    assert compared["customer"] == SIZE + 200
    assert all(compared[t.name] == c.target for t, c in zip(tables(), result.tables, strict=True))
    domains.open_store(server)  # the invariants `crm db check` checks hold on the copy
    try:
        failed = [c for c in checks.check_database(users.resolve_actor("admin")) if not c.ok]
        assert failed == []
    finally:
        db.close_store()


def _compare(source: Any, target: Any) -> dict[str, int]:
    """Rows per table, asserting that both databases hold the same rows in key order."""
    mysql = kind_of(target) == "mysql"
    counts = {}
    for table in tables():
        count = 0
        pairs = itertools.zip_longest(_pages(source, table), _pages(target, table))
        for theirs, ours in pairs:
            assert theirs is not None and ours is not None, f"{table.name}: row counts differ"
            if mysql:
                theirs, ours = _second(theirs), _second(ours)
            assert ours == theirs, f"{table.name}: {ours} != {theirs}"
            count += 1
        counts[table.name] = count
    return counts
