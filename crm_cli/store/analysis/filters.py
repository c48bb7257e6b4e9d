"""``--where "FIELD OP VALUE"`` on a record type's fields, in SQL: the operators of the
customer list (`customers.query.OPERATORS`), values read as the field's kind (a date as
`crm` reads dates, money as an amount, yes/no for a flag)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import peewee as pw

from crm_cli.store.analysis.fields import Field, Kind
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.values import MAX_ID, parse_bool, parse_money
from crm_cli.store.customers.query import OPERATORS, UNARY

_WORDS = "|".join(re.escape(op) for op in OPERATORS + UNARY if op[0].isalpha())
_WHERE = re.compile(
    rf"^\s*([\w.\-]+)\s*(<=|>=|!=|=|<|>|\s(?:{_WORDS})\b)\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL
)


def parse(text: str, kind: Kind) -> tuple[Field, str, str]:
    """The field, operator and value text of a ``--where``.

    Raises:
        InvalidInput: not ``FIELD OP VALUE``, or an unknown field.
    """
    found = _WHERE.match(text)
    if not found:
        raise InvalidInput(
            "invalid filter {text!r}: expected 'FIELD OP VALUE' with OP one of {value}",
            text=text,
            value=", ".join(OPERATORS + UNARY),
        )
    return kind.field(found.group(1)), found.group(2).strip().lower(), found.group(3)


def _value(field: Field, raw: str, today: dt.date) -> Any:
    text = raw.strip()
    try:
        if field.kind in ("date", "datetime"):
            return parse_date(text, today)
        if field.kind == "bool":
            return parse_bool(text, field.name)
        if field.kind == "int":
            number = int(text)
            if abs(number) > MAX_ID:  # no integer column holds more
                raise InvalidInput(
                    "invalid {name} {text!r}: expected -{max_id} to {max_id}",
                    name=field.name,
                    text=text,
                    max_id=MAX_ID,
                )
            return number
        if field.kind in ("money", "number"):
            # Stored as an integer with ``places`` decimals: compare in those units.
            # The column's converter must not scale it again.
            scaled = int(parse_money(text, field.name).scaleb(field.places))
            return pw.Value(scaled, converter=False)
    except ValueError:
        raise InvalidInput(
            "invalid {name} {text!r}: expected a {kind}",
            name=field.name,
            text=text,
            kind=field.kind,
        ) from None
    return text


def _moment(field: Field, day: Any) -> Any:
    """A date compared with a datetime column: that day's first moment."""
    if field.kind == "datetime" and isinstance(day, dt.date):
        return dt.datetime.combine(day, dt.time())
    return day


def condition(text: str, kind: Kind, today: dt.date) -> tuple[Field, pw.Expression]:
    """The SQL condition of one ``--where`` and the field it reads."""
    field, op, raw = parse(text, kind)
    col = field.expr
    if op in UNARY:
        empty = col.is_null() | (col == "") if field.kind == "text" else col.is_null()
        return field, (empty if op == "empty" else ~empty)
    if op in ("contains", "starts-with"):
        if field.kind != "text":
            raise InvalidInput(
                "{op!r} applies to text; {name} is a {kind}",
                op=op,
                name=field.name,
                kind=field.kind,
            )
        return field, (col.contains(raw) if op == "contains" else col.startswith(raw))
    if op in ("in", "between"):
        values = [_value(field, v, today) for v in raw.split(",") if v.strip()]
        if op == "in":
            return field, col.in_([_moment(field, v) for v in values])
        if len(values) != 2:
            raise InvalidInput(
                "'between' needs two values separated by a comma in {text!r}", text=text
            )
        return field, _between(field, col, values[0], values[1])
    value = _value(field, raw, today)
    if field.kind == "datetime" and op in ("=", "!="):  # the whole day
        same = _between(field, col, value, value)
        return field, (same if op == "=" else ~same | col.is_null())
    value = _moment(field, value + dt.timedelta(days=1) if op in ("<=", ">") and
                    field.kind == "datetime" else value)  # fmt: skip
    compare = {"=": col == value, "!=": (col != value) | col.is_null(), "<": col < value,
               ">=": col >= value, ">": col >= value if field.kind == "datetime" else col > value,
               "<=": col < value if field.kind == "datetime" else col <= value}  # fmt: skip
    return field, compare[op]


def _between(field: Field, col: Any, low: Any, high: Any) -> pw.Expression:
    if field.kind == "datetime":
        return (col >= _moment(field, low)) & (col < _moment(field, high + dt.timedelta(days=1)))
    return col.between(low, high)


def in_period(field: Field, start: dt.date, end: dt.date) -> pw.Expression:
    """``field`` (a date or datetime) within days ``start`` to ``end``, both included."""
    return _between(field, field.expr, start, end)
