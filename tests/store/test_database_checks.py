"""`crm db check` in the store (issue 12, point 3): every check holds on a demo database on
each backend, and each one, broken on purpose (inside a transaction that is then rolled
back), fails naming the record that breaks it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from crm_cli.store.core import users
from crm_cli.store.core.db import db_proxy
from crm_cli.store.core.errors import PermissionDenied
from crm_cli.store.database import checks
from crm_cli.store.database.tables import kind_of
from tests.conftest import sqlite_url
from tests.store.test_database_support import (  # noqa: F401  (the fixtures)
    demo_file_fixture,
    demo_url_fixture,
    fill,
    open_database,
)


class Break(NamedTuple):
    """SQL that breaks one rule (``{x}`` the record it picks), the check that must fail,
    and how that check names the record."""

    check: str
    pick: str  # SQL selecting the record: its first column is x (and y, if any)
    sql: tuple[str, ...]
    named: str  # the record as the check names it, from x and y
    backends: tuple[str, ...] = ("sqlite", "postgres", "mysql")


APPROVED = (
    "SELECT code, id FROM sales_order WHERE status = 'approved' AND received > 0 ORDER BY code"
)
BREAKS = [
    Break("customer_totals", "SELECT c.code FROM customer c JOIN sales_order o ON o.customer_id = c.id"
          " WHERE o.status = 'approved' ORDER BY c.code",
          ("UPDATE customer SET total_ordered = total_ordered + 1 WHERE code = '{x}'",), "{x}"),
    Break("customer_totals", "SELECT c.code FROM customer c WHERE last_order IS NOT NULL ORDER BY code",
          ("UPDATE customer SET last_order = NULL WHERE code = '{x}'",), "{x}"),
    Break("order_received", APPROVED,
          ("UPDATE sales_order SET received = received + 1 WHERE code = '{x}'",), "{x}"),
    Break("order_settled", APPROVED,
          ("UPDATE sales_order SET settled = NOT settled WHERE code = '{x}'",), "{x}"),
    Break("installment_received", "SELECT o.code, i.number FROM installment i JOIN sales_order o"
          " ON o.id = i.order_id ORDER BY o.code, i.number",
          ("UPDATE installment SET received = received + 1 WHERE number = {y} AND order_id = "
           "(SELECT id FROM sales_order WHERE code = '{x}')",), "{x}/{y}"),
    Break("installments_sum", "SELECT o.code FROM installment i JOIN sales_order o"
          " ON o.id = i.order_id ORDER BY o.code",
          ("UPDATE installment SET amount = amount + 1 WHERE number = 1 AND order_id = "
           "(SELECT id FROM sales_order WHERE code = '{x}')",), "{x}"),
    Break("order_lines", "SELECT o.code FROM order_line l JOIN sales_order o ON o.id = l.order_id"
          " ORDER BY o.code",
          ("UPDATE order_line SET amount = amount + 1 WHERE position = 1 AND order_id = "
           "(SELECT id FROM sales_order WHERE code = '{x}')",), "{x}"),
    Break("quote_lines", "SELECT q.code FROM quote_line l JOIN quote q ON q.id = l.quote_id"
          " ORDER BY q.code",
          ("UPDATE quote_line SET amount = amount + 1 WHERE position = 1 AND quote_id = "
           "(SELECT id FROM quote WHERE code = '{x}')",), "{x}"),
    Break("pool_holders", "SELECT c.code, c.id FROM pool_customer p JOIN customer c"
          " ON c.id = p.customer_id WHERE p.holder_id IS NOT NULL",
          ("UPDATE pool_customer SET holder_id = NULL WHERE customer_id = {y}",), "{x}"),
    Break("pool_holders", "SELECT c.code FROM pool_customer p JOIN customer c"
          " ON c.id = p.customer_id ORDER BY c.code",
          ("UPDATE customer SET in_pool = NOT in_pool WHERE code = '{x}'",), "{x} (in_pool)"),
    Break("pool_holders", "SELECT code FROM customer WHERE id NOT IN"
          " (SELECT customer_id FROM pool_customer) ORDER BY code",
          ("UPDATE customer SET in_pool = NOT in_pool WHERE code = '{x}'",), "{x} (in_pool)"),
    Break("owner_copies", "SELECT k.code FROM contact k JOIN customer c ON c.id = k.customer_id"
          " WHERE c.deleted_at IS NULL AND c.owner_id IS NOT NULL ORDER BY k.code",
          ("UPDATE contact SET owner_id = NULL WHERE code = '{x}'",), "{x}"),
    Break("owner_copies", "SELECT c.code FROM contact k JOIN customer c ON c.id = k.customer_id"
          " WHERE c.deleted_at IS NOT NULL ORDER BY k.code",
          ("UPDATE contact SET owner_id = 1 WHERE customer_id = (SELECT id FROM customer"
           " WHERE code = '{x}')",), ""),
    Break("owner_copies", "SELECT o.code FROM installment i JOIN sales_order o"
          " ON o.id = i.order_id WHERE o.owner_id IS NOT NULL ORDER BY o.code",
          ("UPDATE installment SET owner_id = NULL WHERE order_id = (SELECT id FROM sales_order"
           " WHERE code = '{x}')",), "installment of {x}"),
    Break("unique_keys", "SELECT code FROM customer ORDER BY code DESC",
          ('DROP INDEX "customer_code"', "UPDATE customer SET code = 'C000001' WHERE code = '{x}'"),
          "customer.code C000001", ("sqlite", "postgres")),
    Break("search_index", "SELECT code, id FROM customer ORDER BY code",
          ("DELETE FROM customer_words WHERE rowid = {y}",), "{x} not in customer_words",
          ("sqlite",)),
    Break("references", "SELECT code, id FROM contact ORDER BY code",
          ("PRAGMA defer_foreign_keys = ON", "UPDATE contact SET customer_id = 999999 WHERE id = {y}"),
          "contact row {y} refers to a missing customer", ("sqlite",)),
]  # fmt: skip


def _broken(database: Any, brk: Break) -> list[Any]:
    """The checks' results with ``brk`` applied, then rolled back."""
    row = database.execute_sql(brk.pick).fetchone()
    x, y = row[0], row[1] if len(row) > 1 else None
    with database.atomic() as transaction:
        for sql in brk.sql:
            database.execute_sql(sql.format(x=x, y=y))
        results = checks.run_checks(database)
        transaction.rollback()
    named = brk.named.format(x=x, y=y)
    [failed] = [r for r in results if r.check == brk.check]
    assert not failed.ok and failed.problems >= 1, brk
    assert not named or named in failed.records, (brk, failed.records)
    return results


def test_every_check_holds_and_each_one_catches_its_fault(any_db: str) -> None:
    fill(users.resolve_actor("admin"))
    database = db_proxy.obj
    kind = kind_of(database)
    names = [r.check for r in checks.run_checks(database)]
    applies = [c for c in checks.CHECKS if not c.team_only]  # no team mode here
    assert names == [c.name for c in applies if kind == "sqlite" or not c.sqlite_only]
    assert [r for r in checks.run_checks(database) if not r.ok] == []
    caught = set()
    for brk in BREAKS:
        if kind in brk.backends:
            _broken(database, brk)
            caught.add(brk.check)
            assert [r.check for r in checks.run_checks(database) if not r.ok] == [], brk
    # Not broken here: SQLite's integrity (below), MariaDB's unique keys (its DDL commits).
    assert caught == set(names) - {"integrity", *(["unique_keys"] if kind == "mysql" else [])}


def test_a_damaged_sqlite_file_fails_the_integrity_check(demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    shutil.copyfile(demo_file, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA writable_schema = ON")  # the index now claims another column
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX \"customer_name_key\" ON "
                 "\"customer\" (\"phone_key\")' WHERE name = 'customer_name_key'")  # fmt: skip
    conn.close()
    database = open_database(sqlite_url(path))
    try:
        [integrity] = [r for r in checks.run_checks(database) if r.check == "integrity"]
    finally:
        database.close()
    assert not integrity.ok and integrity.problems >= 10 and len(integrity.records) == 10
    assert integrity.records[0] == "row 1 missing from index customer_name_key"


def test_only_admins_check(demo_url: str) -> None:
    with pytest.raises(PermissionDenied):
        checks.check_database(users.resolve_actor("wang"))
    assert all(r.ok for r in checks.check_database(users.resolve_actor("admin")))


def test_more_than_ten_broken_records_are_counted_and_ten_named(demo_url: str) -> None:
    database = db_proxy.obj
    with database.atomic() as transaction:
        database.execute_sql("UPDATE customer SET balance_owed = balance_owed + 1")
        [totals] = [r for r in checks.run_checks(database) if r.check == "customer_totals"]
        transaction.rollback()
    assert totals.problems == 200 and totals.records == tuple(f"C{n:06d}" for n in range(1, 11))
