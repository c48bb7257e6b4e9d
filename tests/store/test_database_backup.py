"""`crm db backup` and `crm db restore` in the store (issue 12, point 3): SQLite's online
backup (every row, consistent while another connection writes), the portable dump (its
format, and a round trip from every backend), restoring into empty and non-empty
databases, and the paths and files that are refused with nothing written."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import sys
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee as pw
import pytest
from playhouse.migrations import Runner

from crm_cli.store import domains
from crm_cli.store.core import db, schema, users
from crm_cli.store.core.db import db_proxy
from crm_cli.store.core.errors import InvalidInput, PermissionDenied, StoreUnavailable
from crm_cli.store.customers import customers
from crm_cli.store.database import backup, restore
from crm_cli.store.database.checks import run_checks
from crm_cli.store.database.sources import known_migrations
from crm_cli.store.database.tables import tables
from tests.conftest import sqlite_url
from tests.store.test_database_support import (  # noqa: F401  (the fixtures)
    NOW,
    assert_same_rows,
    demo_file_fixture,
    demo_url_fixture,
    fill,
    nonempty_tables,
    open_database,
)

# What a new database holds once someone has run crm on it: statuses, counters, a user.
FRESH = {"customer_status", "sequence", "user"}


def admin() -> users.User:
    return users.resolve_actor("admin")


def test_a_sqlite_backup_holds_every_row_in_one_file(demo_url: str, tmp_path: Path) -> None:
    target = tmp_path / "backups" / "crm.db"
    target.parent.mkdir()
    result = backup.backup_database(admin(), str(target), now=NOW)
    assert (result.path, result.format, result.backend) == (str(target), "sqlite", "sqlite")
    assert result.size_bytes == target.stat().st_size and result.rows is None
    assert sorted(p.name for p in target.parent.iterdir()) == ["crm.db"]  # no -wal, no temp
    assert target.read_bytes()[18:20] == b"\x01\x01"  # a rollback journal: the file is all
    copy = open_database(sqlite_url(target))
    assert_same_rows(db_proxy.obj, copy)
    assert all(r.ok for r in run_checks(copy))
    copy.close()


def test_a_backup_leaves_out_what_another_connection_has_not_committed(
    demo_url: str, tmp_path: Path
) -> None:
    actor = admin()
    other = sqlite3.connect(tmp_path / "crm.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock through the backup
    other.execute("INSERT INTO customer_status (name, position) VALUES ('未提交', 9)")
    backup.backup_database(actor, str(tmp_path / "b.db"), now=NOW)
    other.execute("COMMIT")
    other.close()
    with sqlite3.connect(tmp_path / "b.db") as copy:
        names = {row[0] for row in copy.execute("SELECT name FROM customer_status")}
    assert "未提交" not in names and "potential" in names


def test_backups_taken_while_another_process_writes_are_consistent(
    demo_url: str, tmp_path: Path
) -> None:
    """A writer adds a log row and sets a counter to the number of its rows, in one
    transaction each time: every backup must hold both or neither of each write."""
    stop = threading.Event()

    def write() -> None:
        conn = sqlite3.connect(tmp_path / "crm.db", timeout=10, isolation_level=None)
        number = 0
        while not stop.is_set():
            number += 1
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO op_log (at, entity, entity_id, action, changes) "
                         "VALUES ('2026-03-02 10:00:00', 'probe', ?, 'add', '{}')", (number,))  # fmt: skip
            conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('probe', ?)",
                         (str(number),))  # fmt: skip
            conn.execute("COMMIT")
        conn.close()

    actor = admin()
    writer = threading.Thread(target=write)
    writer.start()
    try:
        for n in range(6):
            backup.backup_database(actor, str(tmp_path / f"b{n}.db"), now=NOW)
    finally:
        stop.set()
        writer.join()
    seen = set()
    for n in range(6):
        with sqlite3.connect(tmp_path / f"b{n}.db") as copy:
            logged = copy.execute("SELECT COUNT(*) FROM op_log WHERE entity = 'probe'").fetchone()[
                0
            ]
            counter = copy.execute("SELECT value FROM setting WHERE key = 'probe'").fetchone()
            assert logged == (int(counter[0]) if counter else 0)
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            seen.add(logged)
    assert len(seen) > 1  # the backups were taken while the writer went on


def _lines(path: Path) -> list[Any]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def _marks(line: Any, table: str) -> bool:
    return isinstance(line, dict) and line.get("table") == table


def test_the_dump_format(demo_url: str, tmp_path: Path) -> None:
    path = tmp_path / "crm.jsonl.gz"
    result = backup.backup_database(admin(), str(path), dump=True, now=NOW)
    assert (result.format, result.backend) == ("crm-dump", "sqlite")
    lines = _lines(path)
    header, end = lines[0], lines[-1]
    known = list(known_migrations())
    assert {k: header[k] for k in ("format", "version", "created_at", "backend")} == {
        "format": "crm-dump", "version": 1, "created_at": "2026-03-02T10:30:15.250000",
        "backend": "sqlite"}  # fmt: skip
    assert (header["schema_version"], header["schema"], header["migrations"]) == (
        len(known), known[-1], known)  # fmt: skip
    assert [t["name"] for t in header["tables"]] == [t.name for t in tables()]
    assert end == {"end": "crm-dump", "tables": len(tables()), "rows": result.rows}
    columns = {t["name"]: [c for c, _ in t["columns"]] for t in header["tables"]}
    kinds = dict(next(t for t in header["tables"] if t["name"] == "sales_order")["columns"])
    assert (kinds["total"], kinds["signed"], kinds["created_at"], kinds["settled"]) == (
        "decimal", "date", "datetime", "bool")  # fmt: skip
    at = next(i for i, line in enumerate(lines) if _marks(line, "sales_order"))
    order = dict(zip(columns["sales_order"], lines[at + 1], strict=True))
    assert isinstance(order["total"], str) and Decimal(order["total"]) > 0
    assert order["total"] == f"{Decimal(order['total']):.2f}"  # exact text, two places
    assert order["created_at"].startswith("2") and "T" in order["created_at"]
    assert order["deleted_at"] is None and isinstance(order["settled"], bool)
    assert (
        sum(line["rows"] for line in lines if isinstance(line, dict) and "table" in line)
        == result.rows
    )


def test_a_dump_restores_every_row_from_every_backend(any_db: str, tmp_path: Path) -> None:
    fill(admin())
    path = tmp_path / "crm.jsonl.gz"
    result = backup.backup_database(admin(), str(path), now=NOW)
    assert result.format == ("sqlite" if any_db.startswith("sqlite") else "crm-dump")
    if result.format == "sqlite":
        backup.backup_database(admin(), str(path), dump=True, now=NOW)
    domains.open_store(sqlite_url(tmp_path / "restored.db"))
    restored = restore.restore_database(admin(), str(path), now=NOW)
    assert restored.format == "crm-dump" and restored.failed_checks == ()
    assert restored.previous is None and restored.tables == len(tables())
    source = open_database(any_db)
    try:
        assert_same_rows(source, db_proxy.obj)
    finally:
        source.close()


def test_a_sqlite_backup_restores_into_every_backend(demo_file: Path, any_db: str) -> None:
    result = restore.restore_database(admin(), str(demo_file), now=NOW)
    assert (result.format, result.failed_checks) == ("sqlite", ())
    source = open_database(sqlite_url(demo_file))
    try:
        assert_same_rows(source, db_proxy.obj)
    finally:
        source.close()
    # The database carries on: ids past the copied ones, codes after the copied counters.
    added = customers.add_customer(admin(), "恢复之后新增有限公司", now=NOW)
    assert added.code == "C000201"


def test_restoring_over_data_needs_force_and_saves_what_was_there(
    demo_url: str, tmp_path: Path
) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    backup.backup_database(admin(), str(saved / "b.db"), now=NOW)
    customers.add_customer(admin(), "备份之后新增有限公司", now=NOW)
    before = nonempty_tables(db_proxy.obj)
    with pytest.raises(InvalidInput, match=r"not empty .*--force"):
        restore.restore_database(admin(), str(saved / "b.db"), now=NOW)
    assert nonempty_tables(db_proxy.obj) == before
    result = restore.restore_database(admin(), str(saved / "b.db"), force=True, now=NOW)
    assert result.previous == str(saved / "before-restore-20260302-103015.db")
    with pytest.raises(Exception, match="C000201"):
        customers.get_customer(admin(), "C000201")
    with sqlite3.connect(result.previous) as previous:
        names = [r[0] for r in previous.execute("SELECT name FROM customer WHERE code = 'C000201'")]
    assert names == ["备份之后新增有限公司"]


def test_restoring_a_database_onto_itself_is_refused(demo_url: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="the database itself"):
        restore.restore_database(admin(), str(tmp_path / "crm.db"), force=True, now=NOW)


def _gzip(path: Path, *lines: Any) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(line if isinstance(line, str) else json.dumps(line) + "\n" for line in lines)
    return path


def _not_backups(tmp_path: Path, dump: Path) -> dict[str, Path]:
    plain = tmp_path / "notes.txt"
    plain.write_text("hello\n")
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with gzip.open(dump, "rt", encoding="utf-8") as stream:
        lines = stream.read().splitlines(keepends=True)
    header = json.loads(lines[0])
    return {
        "text": plain, "empty": empty, "other sqlite": other,
        "gzip": _gzip(tmp_path / "a.gz", {"hello": 1}),
        "cut short": _gzip(tmp_path / "short.gz", *lines[: len(lines) // 2]),
        "no end": _gzip(tmp_path / "noend.gz", *lines[:-1]),
        "bad row": _gzip(tmp_path / "bad.gz", *lines[:-2], "[1, 2]\n", lines[-1]),
        "older": _gzip(tmp_path / "old.gz", {**header, "migrations": header["migrations"][:-1]}),
        "newer": _gzip(tmp_path / "new.gz", {**header, "migrations": [*header["migrations"], "9999_x"]}),
        "version": _gzip(tmp_path / "v2.gz", {**header, "version": 2}),
        "missing": tmp_path / "nowhere.db",
    }  # fmt: skip


def test_files_that_are_not_backups_are_refused_and_nothing_is_written(
    demo_url: str, tmp_path: Path
) -> None:
    dump = tmp_path / "good.jsonl.gz"
    backup.backup_database(admin(), str(dump), dump=True, now=NOW)
    bad = _not_backups(tmp_path, dump)
    domains.open_store(sqlite_url(tmp_path / "fresh.db"))
    actor = admin()
    for what, path in bad.items():
        with pytest.raises(InvalidInput) as refused:
            restore.restore_database(actor, str(path), now=NOW)
        assert "\n" not in str(refused.value), what
        assert nonempty_tables(db_proxy.obj) <= FRESH, what
        assert [u.login for u in users.list_users(actor)] == ["admin"], what
    assert "not a crm backup" in _message(bad["text"]) and "newer crm" in _message(bad["newer"])
    assert "older crm" in _message(bad["older"]) and "damaged at line" in _message(bad["bad row"])


def _message(path: Path) -> str:
    try:
        restore.restore_database(admin(), str(path), now=NOW)
    except InvalidInput as exc:
        return str(exc)
    raise AssertionError(f"{path} was restored")


def test_a_sqlite_backup_of_an_older_crm_is_brought_up_to_date(db_url: str, tmp_path: Path) -> None:
    older = tmp_path / "migrations"
    older.mkdir()
    for name in known_migrations()[:-1]:
        shutil.copy(schema.MIGRATIONS_DIR / f"{name}.py", older)
    path = tmp_path / "old.db"
    database = pw.SqliteDatabase(str(path))
    Runner(database, str(older), table_name=schema.HISTORY_TABLE).up()
    database.execute_sql("INSERT INTO user (login, display, role, department, active, created_at)"
                         " VALUES ('old', 'Old', 'admin', '', 1, '2025-01-01 00:00:00')")  # fmt: skip
    database.close()
    restore.restore_database(admin(), str(path), now=NOW)
    assert [u.login for u in users.list_users(users.resolve_actor("old"))] == ["old"]
    assert len(sqlite3.connect(path).execute("SELECT * FROM schema_migration").fetchall()) == len(
        known_migrations()) - 1  # the file itself is left as it was  # fmt: skip


@pytest.mark.parametrize("where", ["missing/dir/b.db", "afile/b.db", "adir", "."])
def test_a_backup_path_that_cannot_be_written_is_refused(
    demo_url: str, tmp_path: Path, where: str
) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(InvalidInput, match="cannot write backup"):
        backup.backup_database(admin(), str(tmp_path / where), now=NOW)
    assert sorted(tmp_path.rglob("*")) == before


def test_a_backup_into_a_directory_without_write_permission_is_refused(
    demo_url: str, tmp_path: Path
) -> None:
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o500)
    try:
        if sys.platform.startswith("linux"):  # root may write anywhere, not into /proc
            with pytest.raises(StoreUnavailable, match=r"cannot back up to /proc/crm\.db"):
                backup.backup_database(admin(), "/proc/crm.db", now=NOW)
        if not _writable(closed):
            with pytest.raises(InvalidInput, match="is not writable"):
                backup.backup_database(admin(), str(closed / "b.db"), now=NOW)
            assert list(closed.iterdir()) == []
    finally:
        closed.chmod(0o700)


def _writable(directory: Path) -> bool:
    try:
        (directory / "probe").touch()
    except OSError:
        return False
    (directory / "probe").unlink()
    return True


def test_backing_up_onto_the_database_itself_is_refused(demo_url: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="the database itself"):
        backup.backup_database(admin(), str(tmp_path / "crm.db"), now=NOW)


def test_backup_and_restore_are_for_admins(demo_url: str, tmp_path: Path) -> None:
    wang = users.resolve_actor("wang")
    with pytest.raises(PermissionDenied):
        backup.backup_database(wang, str(tmp_path / "b.db"), now=NOW)
    with pytest.raises(PermissionDenied):
        restore.restore_database(wang, str(tmp_path / "crm.db"), force=True, now=NOW)
    assert not (tmp_path / "b.db").exists()


def test_the_first_user_of_a_new_database_may_restore_into_it(
    demo_file: Path, tmp_path: Path
) -> None:
    domains.open_store(sqlite_url(tmp_path / "new.db"))
    result = restore.restore_database(users.resolve_actor("newcomer"), str(demo_file), now=NOW)
    assert result.previous is None and result.failed_checks == ()
    with pytest.raises(PermissionDenied):
        users.resolve_actor("newcomer")  # the restored team has no such user
    db.close_store()
