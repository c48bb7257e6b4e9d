"""Shared by the `crm db` store tests (no tests here): a demo database built once per run,
opening another database beside the store, and every table of two databases compared row
by row."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, settings, users
from crm_cli.store.customers import delegations, lifecycle, saved_searches
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.store.database.checks import run_checks
from crm_cli.store.database.tables import Table, kind_of, search_index_names, tables
from crm_cli.store.demo import generate
from crm_cli.store.pool import configure
from crm_cli.store.pool import moves as pool_moves
from tests.conftest import sqlite_url

NOW = dt.datetime(2026, 3, 2, 10, 30, 15, 250000)  # a fraction: MariaDB keeps whole seconds
DEMO_SIZE = 200


def fill(admin: users.User) -> None:
    """The demo (200 customers, seed 7) and a row in every other table: the pool, a
    delegation, a saved search, a team setting, a customer in the trash."""
    generate.add_demo_data(admin, DEMO_SIZE, seed=7, now=NOW)
    settings.set_setting(admin, "company.name", "测试科技有限公司 Ltd.")
    configure.update_pool_settings(admin, {"enabled": "yes"}, members=("wang",), admins=("li",))
    pool_moves.add(admin, ["C000001", "C000002", "C000003"], now=NOW)
    wang = users.resolve_actor("wang")
    pool_moves.claim(wang, ["C000002"], now=NOW)
    delegations.delegate_customers(admin, ["C000010"], "zhao", dt.date(2026, 4, 1), now=NOW)
    saved_searches.save_search(admin, "深圳", CustomerFilter(search="深圳"))
    lifecycle.delete_customers(admin, ["C000020"], now=NOW)


# Imported by the test modules under these private names; pytest knows them by `name`.
@pytest.fixture(scope="session", name="demo_file")
def demo_file_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed SQLite database holding ``fill``'s rows, built once."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    domains.open_store(sqlite_url(path))
    fill(users.resolve_actor("admin"))
    db.close_store()
    return path


@pytest.fixture(name="demo_url")
def demo_url_fixture(demo_file: Path, tmp_path: Path) -> Iterator[str]:
    """A copy of the demo database, opened as the store."""
    path = tmp_path / "crm.db"
    shutil.copyfile(demo_file, path)
    url = sqlite_url(path)
    domains.open_store(url)
    yield url
    db.close_store()


def open_database(url: str) -> Any:
    """A peewee database for ``url`` beside the open store, connected and migrated."""
    from crm_cli.store.core.db import make_database
    from crm_cli.store.core.schema import migrate

    database, _ = make_database(url)
    database.connect()
    migrate(database)
    return database


def rows_of(database: Any, table: Table) -> list[tuple[Any, ...]]:
    """Every row of ``table`` as peewee reads it (Decimal money, dates), in key order."""
    query = table.model.select(*table.fields).order_by(table.key).tuples()
    return list(query.execute(database))


def _second(value: Any) -> Any:
    return value.replace(microsecond=0) if isinstance(value, dt.datetime) else value


def assert_same_rows(source: Any, target: Any) -> None:
    """Every table of ``target`` holds exactly ``source``'s rows; SQLite's search index too.
    MariaDB keeps times to the second: with it on either side, fractions are dropped."""
    mysql = "mysql" in (kind_of(source), kind_of(target))
    for table in tables():
        theirs, ours = rows_of(source, table), rows_of(target, table)
        if mysql:
            theirs, ours = (
                [tuple(map(_second, r)) for r in theirs],
                [tuple(map(_second, r)) for r in ours],
            )
        assert len(ours) == len(theirs), table.name
        assert ours == theirs, table.name
    if kind_of(source) == kind_of(target) == "sqlite":
        for name in search_index_names():
            sql = f"SELECT rowid, body FROM {name} ORDER BY rowid"
            assert target.execute_sql(sql).fetchall() == source.execute_sql(sql).fetchall(), name
    if kind_of(target) == "sqlite":  # numbered afresh in name order (`name_order.rebuild`)
        index = next(r for r in run_checks(target) if r.check == "search_index")
        assert index.ok, index.examples


def nonempty_tables(database: Any) -> set[str]:
    found = set()
    for table in tables():
        if list(table.model.select(table.key).limit(1).tuples().execute(database)):
            found.add(table.name)
    return found
