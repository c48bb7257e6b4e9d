"""Migrations never lose data (issue 12, point 5).

Each dump in tests/fixtures/migrations/ is a small SQLite database written by the code of
an older commit, with rows in every table (tools/make_migration_fixture; the README there
says how each was made). Opened with today's code, which migrates it, every row of every
old table must still be there with the same values, its schema must be a new database's,
and the store must work on it. A new migration's author adds the fixture of its commit.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, schema, users
from crm_cli.store.core.db import StoreInfo
from crm_cli.store.customers import query as q
from crm_cli.store.overview.digest import MAX_DAYS, build_digest
from tests.conftest import sqlite_url
from tests.owner_copies import copies_that_disagree

DUMPS = sorted((Path(__file__).parent.parent / "fixtures" / "migrations").glob("*.sql"))
# In every fixture: audited, keyword 夹具, contact 王小明 (tools/make_migration_fixture).
KNOWN = "迁移夹具科技有限公司"

# (table, column) -> the migration that rewrites the column's existing values on purpose,
# and how. Such a column is left out of the row comparison; add a test of the rewrite here.
REWRITTEN: dict[tuple[str, str], str] = {
    # 0005 as first committed (fixture 0005_d0e91a2) left the owner on the contacts of
    # deleted customers; 0007 clears it (test_owner_copies_follow_the_rows_they_copy).
    ("contact", "owner_id"): "0007 clears the owner copy of a deleted customer's contacts",
}


Rows = Counter[tuple[Any, ...]]  # rows as stored, each as often as it occurs


class Table(NamedTuple):
    columns: tuple[str, ...]
    rows: Rows


class Migrated(NamedTuple):
    name: str
    path: Path
    before: dict[str, Table]
    info: StoreInfo


def _user_tables(con: sqlite3.Connection) -> list[str]:
    """Tables and virtual tables, without SQLite's own and full-text shadow tables."""
    rows = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    return [
        name for name, _ in rows
        if not name.startswith("sqlite_") and not any(name.startswith(f"{v}_") for v in virtual)
    ]  # fmt: skip


def _columns(con: sqlite3.Connection, table: str) -> tuple[str, ...]:
    """Its columns; a full-text table's rowid first, as it is the customer's id."""
    virtual = con.execute(
        "SELECT sql LIKE 'CREATE VIRTUAL%' FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()[0]
    names = tuple(row[1] for row in con.execute(f'PRAGMA table_info("{table}")'))
    return ("rowid", *names) if virtual else names


def _rows(con: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> Rows:
    """Every row as stored: no conversions, so a value rewritten in another type shows."""
    names = [f'"{c}"' for c in columns]
    return Counter(con.execute(f'SELECT {", ".join(names)} FROM "{table}"').fetchall())


def _described(lost: Rows, now: Rows, columns: tuple[str, ...]) -> str:
    """The first rows lost; for a row whose key is still there, the values that changed."""
    key = next((i for i, c in enumerate(columns) if c in ("id", "rowid", "key", "name")), 0)
    by_key = {row[key]: row for row in now}
    shown = []
    for row in list(lost.elements())[:3]:
        new = by_key.get(row[key])
        changed = {c: (a, b) for c, a, b in zip(columns, row, new or row, strict=True) if a != b}
        shown.append(f"{columns[key]}={row[key]!r} changed {changed}" if new else f"gone: {row}")
    return f"{lost.total()} rows lost or changed: " + "; ".join(shown)


def _snapshot(path: Path) -> dict[str, Table]:
    con = sqlite3.connect(path)
    try:
        tables = {}
        for table in _user_tables(con):
            columns = tuple(c for c in _columns(con, table) if (table, c) not in REWRITTEN)
            tables[table] = Table(columns, _rows(con, table, columns))
        return tables
    finally:
        con.close()


def _schema(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT type || ' ' || name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        return dict(rows)
    finally:
        con.close()


@pytest.fixture(scope="module")
def new_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The schema today's code gives a new database."""
    path = tmp_path_factory.mktemp("new") / "crm.db"
    domains.open_store(sqlite_url(path))
    db.close_store()
    return _schema(path)


@pytest.fixture(params=DUMPS, ids=[d.stem for d in DUMPS])
def migrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Migrated]:
    """A fixture loaded into a new file, read, then opened (and migrated) by today's code."""
    dump: Path = request.param
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(dump.read_text(encoding="utf-8"))
    con.close()
    before = _snapshot(path)
    info = domains.open_store(sqlite_url(path))
    yield Migrated(dump.stem, path, before, info)
    db.close_store()


def test_every_migration_before_the_newest_has_a_fixture() -> None:
    """From 0002 (the first landed version) on, the state after each migration is kept as a
    fixture, so the migrations after it are run on real rows. The newest is spared: its
    fixture names its commit, so it comes once that is committed."""
    numbers = [name[:4] for name in schema.known_migrations()]
    have = {d.name[:4] for d in DUMPS}
    missing = [n for n in numbers[1:-1] if n not in have]
    assert not missing, (
        f"no fixture of migration {', '.join(missing)}: run tools/make_migration_fixture "
        "on the commit that added it (see tests/fixtures/migrations/README.md)"
    )


def test_every_row_of_every_old_table_is_intact(migrated: Migrated) -> None:
    """Migrations may add tables, columns and rows; every old row keeps its old values."""
    con = sqlite3.connect(migrated.path)
    tables = set(_user_tables(con))
    problems = []
    for table, old in migrated.before.items():
        assert old.rows, f"{migrated.name}: the fixture's {table} has no rows"
        if table not in tables:
            problems.append(f"{table}: dropped")
        elif gone := set(old.columns) - set(_columns(con, table)):
            problems.append(f"{table}: columns dropped: {sorted(gone)}")
        elif lost := old.rows - (now := _rows(con, table, old.columns)):
            problems.append(f"{table}: {_described(lost, now, old.columns)}")
    con.close()
    assert not problems, f"{migrated.name}:\n" + "\n".join(problems)


def test_schema_version_is_the_newest_migration(migrated: Migrated) -> None:
    known = schema.known_migrations()
    assert migrated.info.schema_version == len(known)
    con = sqlite3.connect(migrated.path)
    applied = sorted(name for (name,) in con.execute("SELECT name FROM schema_migration"))
    con.close()
    assert applied == known


def test_schema_is_what_a_new_database_gets(migrated: Migrated, new_schema: dict[str, str]) -> None:
    old = _schema(migrated.path)
    differ = {key for key in old.keys() | new_schema.keys() if old.get(key) != new_schema.get(key)}
    assert not differ, {key: (old.get(key), new_schema.get(key)) for key in sorted(differ)}


def test_every_customer_is_listed_and_found_by_name(migrated: Migrated) -> None:
    """The store lists every old customer (the trashed ones in the trash) and finds each by
    its name through the search index rows the old code wrote."""
    admin = users.resolve_actor("admin")
    old = migrated.before["customer"]
    at = {column: i for i, column in enumerate(old.columns)}
    names = {row[at["code"]]: row[at["name"]] for row in old.rows}
    trashed = {row[at["code"]] for row in old.rows if row[at["deleted_at"]]}
    assert {c.code for c in q.list_customers(admin)} == set(names) - trashed
    assert {c.code for c in q.list_customers(admin, q.CustomerFilter(deleted=True))} == trashed
    for code, name in names.items():
        flt = q.CustomerFilter(search=name, deleted=code in trashed)
        assert code in {c.code for c in q.list_customers(admin, flt)}, name
    # A two-character term (the word index), a contact's name, the pinyin initials.
    for text in ("夹具", "王小明", "qyjj"):
        assert [c.name for c in q.list_customers(admin, q.CustomerFilter(search=text))] == [
            KNOWN
        ], text


def test_owner_copies_follow_the_rows_they_copy(migrated: Migrated) -> None:
    """The copies of migrations 0005 and 0013 (tests/owner_copies.py) hold after migrating."""
    assert copies_that_disagree(migrated.path) == []


def test_today_counts_what_it_lists_for_everyone(migrated: Migrated) -> None:
    """`crm today` over a whole year, every item listed: each kind's count is its list's
    length (counts come from the indexes alone, so they show stale copies)."""
    admin = users.resolve_actor("admin")
    miscounted = set()
    for user in users.list_users(admin, include_inactive=False):
        digest = build_digest(user, days=MAX_DAYS, limit=None)
        listed = Counter(item.kind for item in digest.items)
        miscounted |= {f"{user.login} {k}" for k, n in digest.counts.items() if n != listed[k]}
    assert not miscounted
