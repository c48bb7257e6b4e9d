"""`crm db copy --to URL` in the store (issue 12, point 4): a demo database copied from
SQLite to PostgreSQL and MariaDB (and from each to SQLite) holds every row of every table,
its counters, settings and logs; the target carries on (ids, codes, search); a non-empty
target is refused with nothing written; the tables are those of a new database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.core.db import db_proxy
from crm_cli.store.core.errors import InvalidInput, PermissionDenied, StoreUnavailable
from crm_cli.store.customers import customers
from crm_cli.store.customers import query as q
from crm_cli.store.database import copy, engine
from crm_cli.store.database.tables import (
    kind_of,
    name_bucket_names,
    name_order_names,
    search_index_names,
    tables,
)
from tests.conftest import _drop_mysql, _drop_postgres, _fresh_mysql, _fresh_postgres, sqlite_url
from tests.store.test_database_support import (  # noqa: F401  (the fixtures)
    NOW,
    assert_same_rows,
    demo_file_fixture,
    demo_url_fixture,
    fill,
    nonempty_tables,
    open_database,
)

SERVERS = {"postgres": (_fresh_postgres, _drop_postgres), "mysql": (_fresh_mysql, _drop_mysql)}


@pytest.fixture(params=list(SERVERS))
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a new, empty database on a server (not opened)."""
    make, drop = SERVERS[request.param]
    url = make()
    yield url
    drop(url)


def admin() -> users.User:
    return users.resolve_actor("admin")


def test_the_tables_are_those_of_a_new_database(any_db: str) -> None:
    database = db_proxy.obj
    sqlite = kind_of(database) == "sqlite"
    postgres = kind_of(database) == "postgres"
    index = search_index_names() + name_order_names() if sqlite else ()
    index += name_bucket_names() if postgres else ()
    # Not the team's data but this database's own state: its migrations, and whether
    # `crm db init-team` ran here (a copy is in team mode once init-team runs on it).
    local = {"schema_migration", "team_mode"}
    found = {
        name for name in database.get_tables()
        if name not in local and not name.startswith(tuple(f"{i}_" for i in index))
    }  # fmt: skip
    assert found == {t.name for t in tables()} | set(index)
    position = {t.name: i for i, t in enumerate(tables())}
    for table in tables():  # parents first
        for field in table.model._meta.refs:
            assert position[field.rel_model._meta.table_name] <= position[table.name]


TRICKY = "tab\there\nnew line\\N back\\slash\r\n'quote\" 引号 😀 \\"


def test_a_copy_to_a_server_holds_every_row(demo_url: str, server: str) -> None:
    db_proxy.obj.execute_sql("UPDATE customer SET notes = ? WHERE code = 'C000004'", (TRICKY,))
    result = copy.copy_database(admin(), server, now=NOW)
    assert (result.source_failed, result.target_failed) == ((), ())
    assert result.backend == ("postgres" if server.startswith("postgres") else "mysql")
    assert [c.table for c in result.tables] == [t.name for t in tables()]
    assert all(c.source == c.target for c in result.tables)
    assert result.rows == sum(c.target for c in result.tables) > 2500
    target = open_database(server)
    try:
        assert_same_rows(db_proxy.obj, target)
    finally:
        target.close()
    # The team carries on there: new ids, the next codes, the search index.
    domains.open_store(server)
    added = customers.add_customer(admin(), "迁移之后新增有限公司", now=NOW)
    assert added.code == "C000201"
    found = q.list_customers(admin(), q.CustomerFilter(search="迁移之后"), now=NOW)
    assert [c.code for c in found] == ["C000201"]
    db.close_store()


def test_a_copy_from_every_backend_to_sqlite_rebuilds_the_search_index(
    any_db: str, tmp_path: Path
) -> None:
    fill(admin())
    name = q.list_customers(admin(), q.CustomerFilter(), sort="code", now=NOW)[5].name
    target_url = sqlite_url(tmp_path / "copy.db")
    result = copy.copy_database(admin(), target_url, now=NOW)
    assert (result.backend, result.target_failed) == ("sqlite", ())
    target = open_database(target_url)
    try:
        assert_same_rows(db_proxy.obj, target)
    finally:
        target.close()
    domains.open_store(target_url)
    found = q.list_customers(admin(), q.CustomerFilter(search=name[1:5]), now=NOW)
    assert name in {c.name for c in found}


def test_rows_are_read_a_page_at_a_time(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PAGE", 7)  # many pages, text keys (settings) among them
    pages: list[int] = []
    pages_of = engine.DatabaseSource.pages

    def counted(self: engine.DatabaseSource, table: engine.Table) -> Iterator[list[engine.Row]]:
        for page in pages_of(self, table):
            pages.append(len(page))
            yield page

    monkeypatch.setattr(engine.DatabaseSource, "pages", counted)
    target_url = sqlite_url(tmp_path / "paged.db")
    copy.copy_database(admin(), target_url, now=NOW)
    assert max(pages) == 7 and sum(pages) > 2500
    target = open_database(target_url)
    try:
        assert_same_rows(db_proxy.obj, target)
    finally:
        target.close()


def test_a_target_with_data_is_refused_and_left_as_it_was(demo_url: str, server: str) -> None:
    domains.open_store(server)
    customers.add_customer(admin(), "已有数据有限公司", now=NOW)
    db.close_store()
    domains.open_store(demo_url)
    with pytest.raises(InvalidInput, match="is not empty") as refused:
        copy.copy_database(admin(), server, now=NOW)
    assert "\n" not in str(refused.value)
    target = open_database(server)
    try:
        assert nonempty_tables(target) == {"customer_status", "sequence", "user", "customer",
                                           "op_log"}  # fmt: skip
        assert target.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0] == 1
    finally:
        target.close()


def test_a_new_database_someone_has_run_crm_on_is_empty_enough(
    demo_url: str, tmp_path: Path
) -> None:
    target_url = sqlite_url(tmp_path / "new.db")
    domains.open_store(target_url)
    users.resolve_actor("first")  # the first user becomes its admin
    db.close_store()
    domains.open_store(demo_url)
    result = copy.copy_database(admin(), target_url, now=NOW)
    assert result.target_failed == ()
    assert [c.target for c in result.tables if c.table == "user"] == [7]


def test_copying_is_for_admins_and_needs_a_database_that_answers(
    demo_url: str, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        copy.copy_database(users.resolve_actor("wang"), sqlite_url(tmp_path / "x.db"), now=NOW)
    assert not (tmp_path / "x.db").exists()
    with pytest.raises(StoreUnavailable, match="cannot open postgresql://crm:\\*\\*\\*@"):
        copy.copy_database(admin(), "postgresql://crm:secret@127.0.0.1:9/crm", now=NOW)
    with pytest.raises(StoreUnavailable, match="no database name"):
        copy.copy_database(admin(), "mysql://root@127.0.0.1:3306", now=NOW)
