"""How a row's values travel: from a database as stored, as Python values, into a database
as stored, and into a dump file as JSON and back.

Python values are the common ground: Decimal money, ``date``, ``datetime``, ``bool``.
Each backend stores them its own way (SQLite: text dates, 0/1, integer cents), so a row
read from one is made Python first and written to another through the fields' own
``db_value``. A stored value that does not parse as its kind (a hand-edited SQLite date)
is kept as it is, so nothing is lost on the way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from crm_cli.store.core.errors import Phrase
from crm_cli.store.database.tables import Table

Row = tuple[Any, ...]
Convert = Callable[[Any], Any]


def _date(field: Any) -> Convert:
    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            return value.date() if isinstance(value, dt.datetime) else value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return field.python_value(value)  # peewee's formats, or the text as it is

    return convert


def _datetime(field: Any) -> Convert:
    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return field.python_value(value)

    return convert


def _from_storage(kind: str, field: Any) -> Convert | None:
    if kind == "decimal":
        return field.python_value
    if kind == "bool":
        return bool
    if kind == "date":
        return _date(field)
    if kind == "datetime":
        return _datetime(field)
    return None  # int, text, float: as the driver gives them


def reader(table: Table) -> Callable[[Sequence[Any]], Row]:
    """Stored values (as a driver returns them) into Python values."""
    return _converter([_from_storage(k, f) for k, f in zip(table.kinds, table.fields, strict=True)])


def _sqlite_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _sqlite_datetime(value: Any) -> Any:
    # As peewee writes them (the sqlite3 adapter's form): "2026-01-05 09:30:00[.123456]".
    return value.isoformat(" ") if isinstance(value, dt.datetime) else value


def _to_storage(kind: str, field: Any, backend: str) -> Convert | None:
    if kind == "decimal":
        return field.db_value
    if kind == "bool":
        return int if backend == "sqlite" else bool
    if backend == "sqlite" and kind == "date":
        return _sqlite_date
    if backend == "sqlite" and kind == "datetime":
        return _sqlite_datetime
    return None


def writer(table: Table, backend: str) -> Callable[[Sequence[Any]], Row]:
    """Python values into what ``backend``'s driver stores."""
    steps = [_to_storage(k, f, backend) for k, f in zip(table.kinds, table.fields, strict=True)]
    return _converter(steps)


def _converter(steps: list[Convert | None]) -> Callable[[Sequence[Any]], Row]:
    """A row converter applying ``steps`` (None: leave the value) to non-NULL values;
    only the columns that have a step are touched (most are ints and text)."""
    active = [(i, step) for i, step in enumerate(steps) if step is not None]
    if not active:
        return tuple

    def convert(row: Sequence[Any]) -> Row:
        values = list(row)
        for i, step in active:
            if values[i] is not None:
                values[i] = step(values[i])
        return tuple(values)

    return convert


# PostgreSQL's COPY text format: tab-separated, \N for NULL, backslash escapes.
_PG_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_PG_SPECIAL = re.compile(r"[\\\t\n\r]").search


def _pg_str(value: str) -> str:
    return value.translate(_PG_ESCAPES) if _PG_SPECIAL(value) else value


_PG_TEXT: dict[type, Callable[[Any], str]] = {
    str: _pg_str, int: str, bool: lambda value: "t" if value else "f",
    dt.date: dt.date.isoformat, dt.datetime: dt.datetime.isoformat, type(None): lambda _: "\\N",
}  # fmt: skip


def pg_copy_text(rows: Sequence[Row]) -> str:
    """Stored values (``writer``'s output) as the lines of ``COPY … FROM STDIN``."""
    text = _PG_TEXT
    return "".join("\t".join([text.get(type(v), str)(v) for v in row]) + "\n" for row in rows)


# The dump file: JSON values, and the kinds JSON has no type for as text.


def to_json(value: Any) -> Any:
    """``json.dumps`` ``default``: Decimal as its exact text, dates and times in ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    raise TypeError(f"cannot write a {type(value).__name__} to a dump")


def _json_decimal(value: Any) -> Any:
    try:
        return Decimal(value)
    except ArithmeticError:  # decimal.InvalidOperation
        raise ValueError(Phrase("{value!r} is not a number", value=value)) from None


def _json_parsed(parse: Callable[[str], Any]) -> Convert:
    def convert(value: Any) -> Any:
        try:
            return parse(value)
        except ValueError:
            return value  # kept as the source held it

    return convert


_FROM_JSON: dict[str, Convert] = {
    "decimal": _json_decimal,
    "date": _json_parsed(dt.date.fromisoformat),
    "datetime": _json_parsed(dt.datetime.fromisoformat),
}
# The JSON types a value of each kind may have (NULL aside): anything else is damage.
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,), "text": (str,), "bool": (bool,), "decimal": (str,), "date": (str,),
    "datetime": (str,), "float": (int, float),
}  # fmt: skip


def json_reader(kinds: Sequence[str]) -> Callable[[Sequence[Any]], Row]:
    """A dump line's JSON values into Python values.

    Raises:
        ValueError: a value is not of its column's kind (a damaged or hand-made file).
    """
    steps = [_FROM_JSON.get(kind) for kind in kinds]
    types = [_JSON_TYPES[kind] for kind in kinds]

    def convert(row: Sequence[Any]) -> Row:
        for value, allowed in zip(row, types, strict=True):
            if value is not None and type(value) not in allowed:
                raise ValueError(Phrase("{value!r} is not a value of its column", value=value))
        return tuple(
            value if step is None or value is None else step(value)
            for step, value in zip(steps, row, strict=True)
        )

    return convert
