"""`crm quote import`: quotes with their lines from CSV, XLSX or JSON Lines, all or nothing.

One row per line item; rows sharing a quote reference (``Quote.ref``) form one quote.
Everything is validated before anything is written, and every bad value is reported
(``RowErrors``). Built for 100,000-line files: customers, products, price books and
contacts are resolved with one query per batch of distinct values, codes are drawn from
the sequence in one block, and rows go in through ``executemany``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core import tabular
from crm_cli.store.core.codes import next_codes
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import backend, bulk_writing, db_proxy, reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import RowErrors, Table
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import quote_checks, quote_lookups
from crm_cli.store.sales.quote_checks import REQUIRED, Group, Plan

ALIASES = {
    "quote": "ref",
    "ref": "ref",
    "reference": "ref",
    "quote_ref": "ref",
    "quote_no": "ref",
    "报价单号": "ref",
    "报价单": "ref",
    "报价编号": "ref",
    "单号": "ref",
    "customer": "customer",
    "customer_code": "customer",
    "customer_name": "customer",
    "客户": "customer",
    "客户编码": "customer",
    "客户名称": "customer",
    "product": "product",
    "product_code": "product",
    "产品": "product",
    "产品编码": "product",
    "quantity": "quantity",
    "qty": "quantity",
    "数量": "quantity",
    "price": "price",
    "unit_price": "price",
    "单价": "price",
    "discount": "discount",
    "折扣": "discount",
    "subject": "subject",
    "主题": "subject",
    "valid_until": "valid_until",
    "有效期": "valid_until",
    "有效期至": "valid_until",
    "contact": "contact",
    "联系人": "contact",
    "notes": "notes",
    "note": "notes",
    "备注": "notes",
}
CHUNK = 500  # rows per multi-row INSERT on the servers (SQLite uses executemany)


class ImportedQuote(NamedTuple):
    """A quote the file made (or, in a dry run, would make: no code yet)."""

    code: str
    ref: str
    customer: str
    customer_name: str
    lines: int
    total: Decimal
    row: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def read_quotes(path: str, data: bytes | None = None) -> Table:
    """The rows of a quote file; ``data`` is standard input's bytes for ``-``."""
    if data is not None:
        return tabular.read_bytes(data, tabular.kind_of(path), ALIASES, name=path)
    return tabular.read_path(path, ALIASES)


def validate(actor: User, table: Table, today: dt.date) -> Plan:
    """The quotes of the file, resolved and priced; RowErrors if any value is bad."""
    missing = [c for c in REQUIRED if c not in table.labels]
    if missing:
        raise InvalidInput(
            f"the file needs the column(s) {', '.join(missing)} (or their Chinese names)"
        )
    check = quote_checks.Checker(table)
    groups = quote_checks.group_rows(check, table)
    quote_lookups.resolve_customers(check, actor, groups, today)
    quote_lookups.resolve_contacts(check, groups)
    quote_checks.check_dates(check, groups, today)
    quote_lookups.check_refs(check, groups)
    quote_lookups.price(check, groups)
    if check.problems:
        raise RowErrors(sorted(check.problems))
    return Plan(list(groups.values()))


def _records(plan: Plan, codes: list[str]) -> list[ImportedQuote]:
    return [
        ImportedQuote(code, g.ref, g.customer.code, g.customer.name, len(g.lines), g.total, g.row)
        for g, code in zip(plan.groups, codes, strict=True)
    ]


@reading
def check_quotes(
    actor: User, table: Table, *, now: dt.datetime | None = None
) -> list[ImportedQuote]:
    """A dry run: the quotes the file would make, or RowErrors naming every bad value."""
    with tabular.bulk_work():
        plan = validate(actor, table, now_or(now).date())
        return _records(plan, [""] * len(plan.groups))


@bulk_writing  # every customer, contact and product is looked up in validate()
def import_quotes(
    actor: User, table: Table, *, now: dt.datetime | None = None
) -> list[ImportedQuote]:
    """Create every quote of the file, or none (RowErrors naming every bad value)."""
    now = now_or(now)
    with tabular.bulk_work():
        plan = validate(actor, table, now.date())
        codes = next_codes("quote", "code.quote_prefix", len(plan.groups))
        ids = _insert_quotes(actor, plan.groups, codes, now)
        _insert_lines(plan.groups, [ids[code] for code in codes])
        _insert_log(actor, plan.groups, ids, codes, now)
        return _records(plan, codes)


def _bulk_insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain tuples (values already as stored) without per-row model overhead."""
    if not rows:
        return
    database = db_proxy.obj
    quote = database.quote
    names = ", ".join(f"{quote[0]}{c}{quote[1]}" for c in columns)
    table = f"{quote[0]}{model._meta.table_name}{quote[1]}"
    one = "(" + ", ".join([database.param] * len(columns)) + ")"
    cursor = database.cursor()
    if backend() == "sqlite":
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", rows)
        return
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        params = [value for row in chunk for value in row]
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(chunk)), params
        )


def _stored(field: Any, value: Any) -> Any:
    """``value`` as ``field`` stores it; on SQLite a date or time as the text its adapter
    would write, made once here instead of once per row."""
    value = field.db_value(value)
    if backend() == "sqlite" and isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _insert_quotes(
    actor: User, groups: list[Group], codes: list[str], now: dt.datetime
) -> dict[str, int]:
    """Insert the quotes; their ids by code."""
    Q = sm.Quote
    stamp = _stored(Q.created_at, now)
    days = {day: _stored(Q.valid_until, day) for day in {g.valid_until for g in groups}}
    columns = ["code", "ref", "customer_id", "contact_id", "subject", "handler_id",
               "valid_until", "total", "notes", "audited", "created_by_id", "created_at",
               "updated_at"]  # fmt: skip
    rows = [
        (
            code,
            g.ref,
            g.customer.id,
            g.contact_id,
            g.subject,
            actor.id,
            days[g.valid_until],
            g.total_cents,
            g.notes,
            False,
            actor.id,
            stamp,
            stamp,
        )
        for g, code in zip(groups, codes, strict=True)
    ]
    before = Q.select(pw.fn.MAX(Q.id)).scalar() or 0
    _bulk_insert(Q, columns, rows)
    # Ids above the old maximum, read back in one query (codes are ours alone: a concurrent
    # writer's rows, possible on a server, are simply not among them).
    wanted = set(codes)
    cursor = db_proxy.obj.execute(Q.select(Q.code, Q.id).where(Q.id > before))  # plain tuples
    return {code: quote_id for code, quote_id in cursor.fetchall() if code in wanted}


def _insert_lines(groups: list[Group], quote_ids: list[int]) -> None:
    columns = ["quote_id", "position", "product_id", "quantity", "unit_price", "discount",
               "amount", "annual_fee"]  # fmt: skip
    rows = [
        (quote_id, position, *line[1:])
        for group, quote_id in zip(groups, quote_ids, strict=True)
        for position, line in enumerate(group.lines, start=1)
    ]
    _bulk_insert(sm.QuoteLine, columns, rows)


def _insert_log(
    actor: User, groups: list[Group], ids: dict[str, int], codes: list[str], now: dt.datetime
) -> None:
    """One oplog row per quote, as ``oplog.write`` would write it."""
    stamp = _stored(m.OpLog.at, now)
    # The JSON oplog.write would store ({"code": …, "ref": …, "lines": …, "total": …,
    # "subject": …}), written directly: json.dumps of a dict sets up an encoder per call,
    # which costs more than the rest of the row. Strings still go through the encoder.
    text = json.JSONEncoder(ensure_ascii=False).encode
    rows = []
    for group, code in zip(groups, codes, strict=True):
        tail = f', "subject": {text(group.subject)}}}' if group.subject else "}"
        cents = group.total_cents  # never negative: "12.30" as str(Decimal) would write it
        changes = (
            f'{{"code": {text(code)}, "ref": {text(group.ref)}, "lines": {len(group.lines)}, '
            f'"total": "{cents // 100}.{cents % 100:02d}"{tail}'
        )
        rows.append((stamp, actor.id, "quote", ids[code], group.customer.id, "import", changes))
    _bulk_insert(m.OpLog, ["at", "actor_id", "entity", "entity_id", "customer_id", "action",
                           "changes"], rows)  # fmt: skip
