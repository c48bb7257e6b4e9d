"""Customers as rows of chosen fields, for lists of any length (issue 11).

``customer_rows`` selects only the columns a list prints and turns each database value
into what ``Customer`` holds (status name, owner login, Decimal money, dates) without
building a model per row: printing a million customers costs what the printing costs.
Values equal those of ``customers.to_record`` field for field (a test holds them together).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import backend
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.listing import Page, raw_rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.names import names_and_logins
from crm_cli.store.customers.query import CustomerFilter, page_query
from crm_cli.store.customers.records import Customer

Convert = Callable[[Any], Any]
_MONEY = ("total_ordered", "total_received", "balance_owed")
_DATES = ("registered", "last_contact", "next_contact", "last_order")
_BOOLS = ("is_public", "audited")


# Dates and amounts repeat across a big listing (a few hundred days, many zero balances):
# a hit in the C-level cache converts a value without a Python call.
@functools.lru_cache(maxsize=1 << 16)
def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


@functools.lru_cache(maxsize=1 << 16)
def _money(value: Any) -> Decimal:
    return Decimal(value).scaleb(-2)  # whole cents: exact, two places


def _custom(value: Any) -> dict[str, Any]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _plan(name: str, statuses: dict[int, str], logins: dict[int, str]) -> tuple[Any, Convert]:
    """The column a field is read from and how its value becomes the record's."""
    C = cm.Customer
    special: dict[str, tuple[Any, Convert]] = {
        "status": (C.status, statuses.get),  # None (no status, no owner) gets None
        "owner": (C.owner, logins.get),
        "custom": (C.custom, _custom),
        "deleted": (C.deleted_at, lambda v: v is not None),
        "delegated_to": (C.id, lambda _: []),
        "created_at": (C.created_at, _datetime),
        "updated_at": (C.updated_at, _datetime),
    }
    if name in special:
        return special[name]
    column = getattr(C, name)
    if name in _MONEY:
        return column, _money
    if name in _DATES:
        return column, _date
    if name in _BOOLS:
        return column, bool
    return column, _SAME


def _same(value: Any) -> Any:
    return value


_SAME: Convert = _same  # a column read as stored: copied by dict(zip(...)), not converted


def _planned(query: Any, fields: Sequence[str]) -> tuple[Any, list[tuple[Any, Convert]]]:
    """``query`` selecting ``fields``, and how each value becomes the record's. On a
    server the status's name and the owner's login are joined into the page's own
    statement (a round trip fewer: the network's, or under load a wait for a CPU);
    SQLite reads its two small tables of names first, in process, and keeps its plans."""
    C = cm.Customer
    named = bool({"status", "owner"} & set(fields))
    if backend() == "sqlite" or not named:
        statuses, logins = names_and_logins() if named else ({}, {})
        plans = [_plan(name, statuses, logins) for name in fields]
        return query.select(*(column for column, _ in plans)), plans
    S, U = cm.CustomerStatus.alias("crm_status"), m.User.alias("crm_owner")
    joined = {"status": (S.name, _SAME), "owner": (U.login, _SAME)}
    plans = [joined[name] if name in joined else _plan(name, {}, {}) for name in fields]
    query = query.select(*(column for column, _ in plans))
    query = query.switch(C).join(S, pw.JOIN.LEFT_OUTER, on=(S.id == C.status))
    return query.switch(C).join(U, pw.JOIN.LEFT_OUTER, on=(U.id == C.owner)), plans


@streaming
def customer_rows(
    actor: User,
    flt: CustomerFilter | None = None,
    *,
    fields: Sequence[str] = Customer._fields,
    sort: str | None = None,
    page: Page = Page(),
    now: dt.datetime | None = None,
    only: int | None = None,
) -> Iterator[dict[str, Any]]:
    """The visible customers matching ``flt`` as dicts of ``fields`` (``Customer``'s names),
    read from the database as the caller iterates; the one of id ``only``, if given."""
    unknown = [name for name in fields if name not in Customer._fields]
    if unknown:
        raise InvalidInput(
            "unknown field {unknown!r}; fields: {fields}",
            unknown=unknown[0],
            fields=", ".join(Customer._fields),
        )
    query = page_query(actor, flt or CustomerFilter(), now_or(now).date(), sort, page)
    query, plans = _planned(query, fields)
    if only is not None:
        query = query.where(cm.Customer.id == only)
    names = list(fields)
    # Most columns are read as stored: zip them into the dict in C, then convert the rest.
    converted = [
        (name, convert)
        for name, (_, convert) in zip(names, plans, strict=True)
        if convert is not _SAME
    ]
    for values in raw_rows(query):
        row = dict(zip(names, values, strict=False))  # as long, by construction
        for name, convert in converted:
            row[name] = convert(row[name])
        yield row
