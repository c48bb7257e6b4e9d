"""Migration 0007 settles a database that ran 0005 as first committed, on every backend:
the state is made by undoing the edits to 0005 here, then 0007 runs again."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from crm_cli.store.core import db, schema
from crm_cli.store.customers import contacts, customers, lifecycle
from crm_cli.store.customers import query as q
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


def _as_first_committed(database: pw.Database, owner_id: int) -> None:
    """The contacts of deleted customers keep their owner; whole-table indexes; no stored
    search_words on PostgreSQL (its expression index instead)."""
    database.execute_sql(f"UPDATE contact SET owner_id = {owner_id}")
    if isinstance(database, pw.MySQLDatabase):
        return
    for name, table, columns in (
        ("customer_owner_id_next_contact", "customer", "owner_id, next_contact"),
        ("contact_owner_id_birthday_md", "contact", "owner_id, birthday_md"),
    ):
        database.execute_sql(f'DROP INDEX "{name}"')
        database.execute_sql(f'CREATE INDEX "{name}" ON "{table}" ({columns})')
    if isinstance(database, pw.PostgresqlDatabase):
        database.execute_sql("DROP INDEX customer_search_words_stored")
        database.execute_sql("ALTER TABLE customer DROP COLUMN search_words")


def test_0007_settles_a_database_0005_made_as_first_committed(any_team: Team) -> None:
    a = any_team.admin
    customers.add_customer(a, "中兴通讯股份有限公司", now=NOW)
    customers.add_customer(a, "回收站样本贸易有限公司", now=NOW)
    contacts.add_contact(a, "C000002", "李回收", {"birthday": "1990-12-03"}, now=NOW)
    lifecycle.delete_customers(a, ["C000002"], now=NOW)
    database = db.db_proxy.obj
    _as_first_committed(database, a.id)
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0007_settle_0005'")

    schema.migrate(database)

    owners = database.execute_sql("SELECT owner_id FROM contact").fetchall()
    assert list(owners) == [(None,)]  # its customer is deleted
    if not isinstance(database, pw.MySQLDatabase):
        for name in ("customer_owner_id_next_contact", "contact_owner_id_birthday_md"):
            assert "WHERE" in schema_definition(database, name).upper(), name
    found = q.list_customers(a, q.CustomerFilter(search="中兴"), now=NOW)
    assert [c.code for c in found] == ["C000001"]  # a short term reads search_words (PG)
    schema.migrate(database)  # nothing pending: a second open changes nothing


def schema_definition(database: pw.Database, index: str) -> str:
    if isinstance(database, pw.PostgresqlDatabase):
        # This schema's: pg_indexes shows every schema's, and others' may be dropped meanwhile.
        sql = (
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s"
        )
    else:
        sql = "SELECT sql FROM sqlite_master WHERE name = ?"
    row = database.execute_sql(sql, (index,)).fetchone()
    return str(row[0]) if row else ""
