"""Statistics after bulk writes (`core.maintenance`): gathered once the write commits,
never after a rollback, not for a few rows, and never on SQLite."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import peewee as pw
import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, maintenance, users
from crm_cli.store.core.errors import Conflict
from crm_cli.store.customers import models as cm
from crm_cli.store.demo import generate as demo

NOW = dt.datetime(2026, 5, 10, 8, 0)


def events(call: Any) -> list[str]:
    """The commits and ANALYZE statements ``call`` runs, in order."""
    database = db.db_proxy.obj
    seen: list[str] = []
    execute_sql, commit = database.execute_sql, database.commit

    def record(sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        if sql.startswith("ANALYZE"):
            seen.append(sql)
        return execute_sql(sql, params, *args, **kw)

    def committing() -> Any:
        seen.append("COMMIT")
        return commit()

    database.execute_sql, database.commit = record, committing
    try:
        call()
    finally:
        del database.execute_sql, database.commit
    return seen


def analyses(found: list[str]) -> list[str]:
    return [entry for entry in found if entry.startswith("ANALYZE")]


def test_a_bulk_write_is_analysed_once_committed(any_db: str) -> None:
    admin = users.resolve_actor("admin")
    found = events(lambda: demo.add_demo_data(admin, 300, seed=2, now=NOW))
    if db.backend() == "sqlite":  # statistics would turn its plans away from the user's rows
        assert analyses(found) == []
        return
    assert found[0] == "COMMIT" and found[1].startswith("ANALYZE")  # the demo's commit first
    assert len(analyses(found)) == 1
    assert "op_log" in found[1] and "installment" in found[1]


def test_a_rolled_back_bulk_write_analyses_nothing(any_db: str) -> None:
    @db.writing
    def fails() -> None:
        maintenance.after_bulk_write([cm.Customer], maintenance.BULK_ROWS)
        raise pw.IntegrityError("no")

    def attempt() -> None:
        with pytest.raises(Conflict):
            fails()

    assert analyses(events(attempt)) == []


def test_a_retried_write_analyses_once(any_db: str) -> None:
    attempts = iter(range(2))

    @db.writing
    def locked_once() -> None:
        maintenance.after_bulk_write([cm.Customer], maintenance.BULK_ROWS)
        if next(attempts) == 0:
            raise pw.OperationalError("database is locked")

    expected = 0 if db.backend() == "sqlite" else 1
    assert len(analyses(events(locked_once))) == expected


def test_a_small_write_is_not_worth_analysing(any_db: str) -> None:
    @db.writing
    def small() -> None:
        maintenance.after_bulk_write([cm.Customer], maintenance.BULK_ROWS - 1)

    assert analyses(events(small)) == []


def test_refreshing_outside_a_transaction_runs_at_once_and_quietly(any_db: str) -> None:
    found = events(lambda: maintenance.refresh_statistics([cm.Customer, "no_such_table"]))
    assert len(analyses(found)) == (0 if db.backend() == "sqlite" else 1)
    # The failure (no such table) is not the caller's: its data is committed already.
    assert db.db_proxy.obj.execute_sql("SELECT 1").fetchone()[0] == 1


def test_the_sqlite_demo_leaves_no_statistics(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    domains.open_store(f"sqlite:///{path}")
    try:
        demo.add_demo_data(users.resolve_actor("admin"), 300, seed=3, now=NOW)
    finally:
        db.close_store()
    with sqlite3.connect(path) as con:
        found = con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
        assert found.fetchall() == []
