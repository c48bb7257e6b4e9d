"""Writing an imported file's quotes in bulk: rows as stored, straight to the driver
(``executemany`` on SQLite, multi-row INSERTs on the servers), one log row per quote."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.db import backend, db_proxy
from crm_cli.store.core.records import User
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.quote_checks import Group, Line

CHUNK = 500  # rows per multi-row INSERT on the servers (SQLite uses executemany)
GROUPS = 10_000  # quotes written at a time
TABLES = (sm.Quote, sm.QuoteLine, m.OpLog)  # what an import writes (``core.maintenance``)


def bulk_insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
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


def stored(field: Any, value: Any) -> Any:
    """``value`` as ``field`` stores it; on SQLite a date or time as the text its adapter
    would write, made once here instead of once per row."""
    value = field.db_value(value)
    if backend() == "sqlite" and isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def insert_quotes(actor: User, groups: list[Group], now: dt.datetime) -> None:
    """Insert the quotes (their totals follow their lines); each group gets its id.

    In chunks: a million-line file has a few hundred thousand quotes.
    """
    Q = sm.Quote
    stamp = stored(Q.created_at, now)
    days: dict[dt.date | None, Any] = {}
    columns = ["code", "ref", "customer_id", "contact_id", "subject", "handler_id",
               "valid_until", "total", "notes", "audited", "created_by_id", "created_at",
               "updated_at"]  # fmt: skip
    for start in range(0, len(groups), GROUPS):
        chunk = groups[start : start + GROUPS]
        for g in chunk:
            if g.valid_until not in days:
                days[g.valid_until] = stored(Q.valid_until, g.valid_until)
        rows = [
            (g.code, g.quote_ref, g.customer.id, g.contact_id, g.subject, actor.id,
             days[g.valid_until], 0, g.notes, False, actor.id, stamp, stamp)
            for g in chunk
        ]  # fmt: skip
        before = Q.select(pw.fn.MAX(Q.id)).scalar() or 0
        bulk_insert(Q, columns, rows)
        # Ids above the old maximum, read back in one query (codes are ours alone: a
        # concurrent writer's rows, possible on a server, are simply not among them).
        by_code = {g.code: g for g in chunk}
        cursor = db_proxy.obj.execute(Q.select(Q.code, Q.id).where(Q.id > before))
        for code, quote_id in cursor.fetchall():
            if code in by_code:
                by_code[code].quote_id = quote_id


def insert_lines(priced: list[tuple[Group, Line]]) -> None:
    """A batch's priced lines, under their quotes (inserted before)."""
    columns = ["quote_id", "position", "product_id", "quantity", "unit_price", "discount",
               "amount", "annual_fee", "tax_rate", "tax"]  # fmt: skip
    bulk_insert(sm.QuoteLine, columns, [(group.quote_id, *line) for group, line in priced])


def update_totals(groups: list[Group]) -> None:
    """Each quote's total, now its lines are in."""
    Q = sm.Quote
    sql, _ = Q.update(total=0).where(Q.id == 0).sql()  # the statement, its two values bound below
    cursor = db_proxy.obj.cursor()
    for start in range(0, len(groups), GROUPS):
        chunk = groups[start : start + GROUPS]
        cursor.executemany(sql, [(g.total_cents, g.quote_id) for g in chunk])


def insert_log(actor: User, groups: list[Group], now: dt.datetime) -> None:
    """One oplog row per quote, as ``oplog.write`` would write it."""
    stamp = stored(m.OpLog.at, now)
    for start in range(0, len(groups), GROUPS):
        _insert_log_rows(actor, groups[start : start + GROUPS], stamp)


_TEXT = json.JSONEncoder(ensure_ascii=False).encode


def log_changes(group: Group) -> str:
    """The JSON oplog.write would store ({"code": …, "ref": …, "lines": …, "total": …,
    "subject": …}), written directly: json.dumps of a dict sets up an encoder per call,
    which costs more than the rest of the row. Strings still go through the encoder."""
    text = _TEXT
    tail = f', "subject": {text(group.subject)}}}' if group.subject else "}"
    cents = group.total_cents  # never negative: "12.30" as str(Decimal) would write it
    return (
        f'{{"code": {text(group.code)}, "ref": {text(group.quote_ref)}, '
        f'"lines": {group.count}, "total": "{cents // 100}.{cents % 100:02d}"{tail}'
    )


def _insert_log_rows(actor: User, groups: list[Group], stamp: Any) -> None:
    rows = [
        (stamp, actor.id, "quote", g.quote_id, g.customer.id, "import", log_changes(g))
        for g in groups
    ]
    bulk_insert(m.OpLog, ["at", "actor_id", "entity", "entity_id", "customer_id", "action",
                           "changes"], rows)  # fmt: skip


def update_log(groups: list[Group]) -> None:
    """The import entries of quotes (made by this import: their only such entry) a later
    batch of the file added lines or values to."""
    L = m.OpLog
    where = (L.entity == "quote") & (L.entity_id == 0) & (L.action == "import")
    sql, params = L.update(changes="").where(where).sql()
    rows = [(log_changes(g), "quote", g.quote_id, "import") for g in groups]
    if params != ["", "quote", 0, "import"]:
        raise AssertionError(f"unexpected parameters of {sql!r}")
    db_proxy.obj.cursor().executemany(sql, rows)
