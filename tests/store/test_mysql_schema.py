"""MySQL/MariaDB tables are created with their indexes in one statement (`core.mysql`),
and end up with every index the models declare."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import peewee as pw
import pytest

from crm_cli.store import domains
from crm_cli.store.core import db
from crm_cli.store.core import models as m
from crm_cli.store.core.mysql import MySQLDatabase
from tests.conftest import _drop_mysql, _fresh_mysql


def statements(models: list[Any]) -> list[str]:
    """What ``create_tables`` sends, without a server."""
    database = MySQLDatabase("nowhere")
    sent: list[str] = []
    database.execute_sql = lambda sql, params=None: sent.append(sql)  # type: ignore[method-assign]
    database.table_exists = lambda name, schema=None: False  # type: ignore[method-assign]
    with database.bind_ctx(models):
        database.create_tables(models)
    return sent


def test_a_table_and_its_indexes_are_one_statement() -> None:
    class Parent(pw.Model):
        code = pw.CharField(unique=True)

    class Child(pw.Model):
        parent = pw.ForeignKeyField(Parent)
        day = pw.DateField(index=True)

        class Meta:
            indexes = ((("parent", "day"), True),)

    (parent, child) = statements([Child, Parent])  # created parent first
    assert parent.startswith("CREATE TABLE IF NOT EXISTS `parent`")
    assert "UNIQUE KEY `parent_code` (`code`)" in parent
    assert "KEY `child_parent_id` (`parent_id`)" in child
    assert "KEY `child_day` (`day`)" in child
    assert "UNIQUE KEY `child_parent_id_day` (`parent_id`, `day`)" in child


def test_an_index_create_table_cannot_hold_is_made_the_usual_way() -> None:
    class Note(pw.Model):
        done = pw.BooleanField()

    Note.add_index(Note.index(Note.done, where=(Note.done == False), name="note_open"))  # noqa: E712
    (table, index) = statements([Note])
    assert table.startswith("CREATE TABLE") and "KEY `" not in table
    assert index.startswith("CREATE INDEX `note_open` ON `note` (`done`) WHERE")


@pytest.fixture
def mysql_url() -> Iterator[str]:
    url = _fresh_mysql()
    domains.open_store(url)
    yield url
    db.close_store()
    _drop_mysql(url)


def test_every_declared_index_is_there(mysql_url: str) -> None:
    found: dict[tuple[str, str], tuple[bool, list[str]]] = {}
    rows = db.db_proxy.obj.execute_sql(
        "SELECT table_name, index_name, non_unique, column_name FROM information_schema.statistics"
        " WHERE table_schema = DATABASE() ORDER BY table_name, index_name, seq_in_index"
    ).fetchall()
    for table, index, non_unique, column in rows:
        found.setdefault((table, index), (not non_unique, []))[1].append(column)
    tables = {table for table, _ in found}
    models = [model for model in _subclasses(m.BaseModel) if model._meta.table_name in tables]
    assert {"customer", "installment", "pool_customer", "op_log"} <= tables
    for model in models:
        for index in model._meta.fields_to_index():
            columns = [part.column_name for part in index._expressions]
            key = (model._meta.table_name, index._name)
            assert found.get(key) == (index._unique, columns), key


def _subclasses(base: type) -> list[Any]:
    found = []
    for cls in base.__subclasses__():
        found += [cls, *_subclasses(cls)]
    return found
