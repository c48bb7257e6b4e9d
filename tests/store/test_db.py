"""Opening databases, migrations, and the unit of work."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from crm_cli.store.core import db, schema, users
from crm_cli.store.core.errors import StoreUnavailable
from crm_cli.store.customers import customers

FIRST = ["0001_initial", "0002_search_index", "0003_sales", "0004_pool", "0005_flat_lists"]
EXPECTED = schema.known_migrations()  # every file in core/migrations, in order


def test_schema_is_created_on_first_use_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    info = db.open_store(f"sqlite:///{path}")
    assert EXPECTED[: len(FIRST)] == FIRST
    assert info.backend == "sqlite" and info.schema_version == len(EXPECTED)
    db.close_store()
    rows = sqlite3.connect(path).execute("SELECT name FROM schema_migration ORDER BY name")
    assert [r[0] for r in rows] == EXPECTED
    db.open_store(f"sqlite:///{path}")  # reopening applies nothing twice
    db.close_store()


def test_sqlite_pragmas(db_url: str) -> None:
    from crm_cli.store.customers import models as cm

    conn = cm.Customer._meta.database
    assert conn.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_newer_schema_is_refused_without_touching_the_file(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    db.open_store(f"sqlite:///{path}")
    db.close_store()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migration(name, applied) VALUES ('0999_future', '2030-01-01')")
    con.commit()
    con.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreUnavailable, match="newer"):
        db.open_store(f"sqlite:///{path}")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent/dir/crm.db",
        "oracle://somewhere/db",
        "postgresql://nobody@127.0.0.1:1/none",
        "sqlite://",
    ],
)
def test_unopenable_urls_give_a_clear_error(url: str) -> None:
    with pytest.raises(StoreUnavailable, match="cannot open database"):
        db.open_store(url)


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreUnavailable):
        db.open_store(f"sqlite:///{path}")


def test_failed_command_leaves_nothing_behind(db_url: str) -> None:
    from crm_cli.store.core import models as m
    from crm_cli.store.core.errors import Duplicate
    from crm_cli.store.customers import models as cm

    admin = users.resolve_actor("admin")
    customers.add_customer(admin, "一号公司")
    with pytest.raises(Duplicate):
        customers.add_customer(admin, "一号公司")
    assert cm.Customer.select().count() == 1
    assert m.OpLog.select().count() == 1
    assert m.Sequence.get(m.Sequence.name == "customer").value == 1


def test_no_peewee_error_escapes(db_url: str) -> None:
    from crm_cli.store.customers import models as cm

    admin = users.resolve_actor("admin")
    cm.Customer._meta.database.execute_sql("DROP TABLE customer_fts")
    with pytest.raises(StoreUnavailable, match="database error"):
        customers.add_customer(admin, "坏掉的索引")
