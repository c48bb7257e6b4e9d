"""A customer export's rows as SQLite renders them: one text per row, its cells joined.

Read the Python way, a million customers cost ~12 µs a row: 22 values stepped into
objects, put in a dict, converted and checked one by one. Here SQLite selects, per row,
ONE text: the cells as a file shows them (status name, owner login, ISO dates, 是/否,
money with two decimals, custom fields out of the JSON), joined by ``CELL``, a control
character. Python steps one value a row, and the CSV writer quotes and guards only the
few cells that need it.

A value SQL cannot render as ``rows.customer_rows`` would (a custom value that is a
float, a list or invalid JSON, an unexpected NULL) makes its row's text NULL, and the
writer reads that customer again the Python way, by its id (as it does a row whose
values hold ``CELL``). SQLite only: other backends, and columns this module does not
know, take the Python path.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import peewee as pw

from crm_cli.store.core import db
from crm_cli.store.core import models as core_models
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.listing import Page, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.query import CustomerFilter, page_query
from crm_cli.store.exports.columns import BOOL, CODE, DATE, MONEY, NUMBER, TEXT, Column

CELL = "\x1f"  # the unit separator: between two cells of a row's text
BOOLS = ("否", "是")  # false, true: what every export writes (`crm import` reads both)
CHUNK = 500  # rows fetched at a time
Chunk = list[tuple[str | None, int]]  # (the row's text or None, the customer's id)


class Joined:
    """The rows of an export as texts of joined cells, a chunk at a time, and a way to
    read one customer the Python way (a dict of the columns' fields) when its text is
    None or cannot be split."""

    def __init__(self, chunks: Iterator[Chunk], row: Callable[[int], dict[str, Any]]) -> None:
        self.chunks = chunks
        self.row = row

    def close(self) -> None:
        self.chunks.close()  # type: ignore[attr-defined]  # a generator


def customer_lines(
    actor: User,
    columns: Sequence[Column],
    flt: CustomerFilter,
    sort: str,
    row: Callable[[int], dict[str, Any]],
    now: dt.datetime | None = None,
) -> Joined | None:
    """The visible customers matching ``flt`` in ``sort`` order as ``Joined`` texts of
    ``columns``; None where SQLite cannot render them (another backend, a column it does
    not know). ``row`` reads one customer by id the Python way."""
    if db.backend() != "sqlite":
        return None
    cells = [_cell(column) for column in columns]
    if any(cell is None for cell in cells):
        return None
    line = pw.NodeList(cells, glue=" || char(31) || ", parens=True)  # char(31) is CELL
    return Joined(_chunks(actor, flt, sort, line, now), row)


@streaming
def _chunks(
    actor: User, flt: CustomerFilter, sort: str, line: Any, now: dt.datetime | None
) -> Iterator[Chunk]:
    query = page_query(actor, flt, now_or(now).date(), sort, Page())
    query = query.select(line, cm.Customer.id)
    sql, params = query.sql()
    database = db.db_proxy.obj
    # One snapshot: a customer read again by id (see Joined) is the one listed.
    with database.atomic():
        cursor = database.execute_sql(sql, params)
        while chunk := cursor.fetchmany(CHUNK):  # a chunk, not a row, per Python step
            yield chunk


def _cell(column: Column) -> Any:
    """The SQL text of one column's cell (never NULL unless Python must render the row),
    or None when this module does not know the column."""
    C = cm.Customer
    if column.field.startswith("custom."):
        return _custom(column.field.removeprefix("custom."), column.kind)
    if column.field == "status":
        S = cm.CustomerStatus
        return pw.fn.coalesce(S.select(S.name).where(S.id == C.status), "")
    if column.field == "owner":
        U = core_models.User
        return pw.fn.coalesce(U.select(U.login).where(U.id == C.owner), "")
    field = C._meta.fields.get(column.field)
    if field is None:
        return None
    if column.kind == MONEY and isinstance(field, core_models.MoneyField):
        return _money(field)
    if column.kind == DATE and isinstance(field, pw.DateField):
        # Stored by peewee as YYYY-MM-DD, which Python reads and writes back unchanged;
        # anything else goes to Python.
        return pw.Case(None, [(field.is_null(), ""), (pw.fn.length(field) == 10, field)])
    if column.kind == BOOL and isinstance(field, pw.BooleanField):
        return pw.Case(None, [(field, BOOLS[True])], BOOLS[False])
    if column.kind in (TEXT, CODE) and isinstance(field, (pw.CharField, pw.TextField)):
        if field.null:  # NULL means none (credit_code): an empty cell, as Python writes it
            return pw.fn.coalesce(field, "")
        return field  # NOT NULL; were one NULL, its row's text would be NULL: Python's turn
    return None


def _money(field: Any) -> Any:
    """Whole cents as Decimal's two places (-0.05, 1234.50) with integer arithmetic."""
    sign = pw.Case(None, [(field < 0, "-")], "")
    cents = pw.fn.abs(field)
    units = cents / 100  # integer division: the column holds integers (checked below)
    text = pw.fn.printf("%s%d.%02d", sign, units, cents - units * 100)  # peewee's % is LIKE
    return pw.Case(None, [(pw.fn.typeof(field) == "integer", text)])  # else NULL: Python


def _custom(key: str, kind: str) -> Any:
    """A custom field's cell: JSON text as is, integers as digits, true/false as 是/否,
    null or missing as empty (a bool field: truthiness, as Python's ``bool``); a float,
    a list, an object or invalid JSON give NULL, so Python renders that row."""
    if kind not in (TEXT, NUMBER, DATE, BOOL):
        return None
    custom, path = cm.Customer.custom, pw.Value("$." + json.dumps(key))
    value = pw.fn.json_extract(custom, path)
    integer = pw.Case(None, [(pw.fn.typeof(value) == "integer", pw.Cast(value, "TEXT"))])
    if kind == BOOL:
        text_as, integer_as = _truth(value != ""), _truth(value != 0)
    else:
        text_as, integer_as = value, integer
    by_type = pw.Case(
        pw.fn.coalesce(pw.fn.json_type(custom, path), "null"),
        [("text", text_as), ("integer", integer_as), ("true", BOOLS[True]),
         ("false", BOOLS[False]), ("null", "")],
    )  # fmt: skip
    # Most customers have no custom values: '{}' costs no JSON parsing.
    return pw.Case(None, [(custom == "{}", ""), (pw.fn.json_valid(custom), by_type)])


def _truth(condition: Any) -> Any:
    return pw.Case(None, [(condition, BOOLS[True])], BOOLS[False])
