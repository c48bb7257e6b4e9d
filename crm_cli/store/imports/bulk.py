"""Bulk writes of imported rows: one statement per table and batch through the driver, the
columns and defaults taken from the models (so a column a later migration adds is filled).

Peewee's ``insert_many`` builds a Python object per value; a 100,000-row import would
spend more time there than in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

import peewee as pw

from crm_cli.store.core.bulk import DRIVER_ERRORS, default_of, insert_rows, sql_value
from crm_cli.store.core.db import backend, db_proxy

CHUNK = 500  # values in one IN list


class Columns:
    """A model's columns in insert order (the id left to the database) and the value each
    takes when a row leaves it out."""

    def __init__(self, model: Any) -> None:
        fields = [f for f in model._meta.sorted_fields if not isinstance(f, pw.AutoField)]
        self.table: str = model._meta.table_name
        self.columns = [f.column_name for f in fields]
        self._template = {f.name: default_of(f) for f in fields}
        self._pick = itemgetter(*(f.name for f in fields))
        self._dates = [
            i for i, f in enumerate(fields) if isinstance(f, pw.DateField | pw.DateTimeField)
        ]

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        """The row of ``values`` (stored values, by field name) as the driver takes it."""
        row = list(self._pick({**self._template, **values}))
        for index in self._dates:
            row[index] = sql_value(row[index])
        return tuple(row)

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        insert_rows(self.table, self.columns, rows)


def tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a peewee query as tuples (typed loosely: peewee's own types are not)."""
    return iter(query.tuples())


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def select_in(query: Any, column: Any, values: Iterable[Any]) -> Iterator[Any]:
    """The rows of ``query`` whose ``column`` is one of ``values``, an IN list at a time.

    The list is one SQL node with its parameters: peewee's ``in_`` makes a node per value,
    which costs a 100,000-row import seconds.
    """
    wanted = sorted(set(values))
    param = db_proxy.obj.param
    for part in chunks(wanted):
        marks = ", ".join([param] * len(part))
        yield from query.where(pw.NodeList((column, pw.SQL(f"IN ({marks})", list(part)))))


def ids_by_code(model: Any, codes: list[str]) -> dict[str, int]:
    """The ids of rows just written with these (unique) codes."""
    found: dict[str, int] = {}
    for row in select_in(model.select(model.code, model.id).tuples(), model.code, codes):
        found[row[0]] = row[1]
    return found


def execute_many(sql: str, rows: list[tuple[Any, ...]]) -> None:
    """One statement for many rows (``?`` marks, turned into the driver's own)."""
    if not rows:
        return
    database = db_proxy.obj
    if backend() != "sqlite":
        sql = sql.replace("?", "%s")
    with DRIVER_ERRORS:
        if backend() == "sqlite":
            database.connection().executemany(sql, rows)
        else:
            with database.cursor() as cursor:
                cursor.executemany(sql, rows)
