"""Bulk writes through the driver, for writers of many rows at once (the demo data,
imports): several times faster than peewee's ``insert_many``, which builds a Python
object per value. Column defaults come from the models, so a column a later migration
adds is filled too.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import peewee as pw

from crm_cli.store.core.db import backend, db_proxy

DRIVER_ERRORS: Any = pw.__exception_wrapper__  # type: ignore[attr-defined]


def default_of(field: pw.Field) -> Any:
    value = field.default() if callable(field.default) else field.default
    return None if value is None else field.db_value(value)


def sql_value(value: Any) -> Any:
    # Dates as the text peewee stores on SQLite; PostgreSQL and MySQL read it as well.
    return str(value) if isinstance(value, dt.date) else value


def insert_rows(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """One bulk write through the driver: peewee's ``insert_many`` costs 5x more per row.

    No statement binds a parameter per value (COPY on PostgreSQL, PyMySQL's multi-row
    ``executemany`` inlines them), so PostgreSQL's 65,535 bind-parameter limit never bites.
    """
    if not rows:
        return
    kind = backend()
    quote = "`" if kind == "mysql" else '"'
    names = ", ".join(f"{quote}{c}{quote}" for c in columns)
    target = f"{quote}{table}{quote} ({names})"
    database = db_proxy.obj
    with DRIVER_ERRORS:
        if kind == "sqlite":
            marks = ", ".join("?" * len(columns))
            database.connection().executemany(f"INSERT INTO {target} VALUES ({marks})", rows)
        elif kind == "postgres":  # COPY: half the server time of a many-row INSERT
            with database.cursor() as cursor:
                cursor.copy_expert(f"COPY {target} FROM STDIN", _copy_text(rows))
        else:
            with database.cursor() as cursor:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {target} VALUES ({marks})", rows)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(rows: list[tuple[Any, ...]]) -> io.StringIO:
    """Rows in COPY's text format: tab-separated, backslash escapes, \\N for NULL."""
    lines = []
    for row in rows:
        cells = [
            "\\N" if v is None else ("t" if v else "f") if isinstance(v, bool)
            else v.translate(_COPY_ESCAPES) if isinstance(v, str) else str(v)
            for v in row
        ]  # fmt: skip
        lines.append("\t".join(cells))
    return io.StringIO("\n".join(lines) + "\n")
