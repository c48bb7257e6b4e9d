"""What the selling presets share: what counts as a sale, the period on a date or
datetime column, the preset options (``--by``, ``--top``), and users' names.

A sale is an approved order (``status = 'approved'``), not deleted, of a customer not
deleted, counted on the day it was approved (``decided_at``, as targets count it: an
order becomes a sale when it is approved), inside the actor's scope by the order's owner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.analysis import scope
from crm_cli.store.analysis.periods import Period
from crm_cli.store.analysis.presets import Params, of_customers
from crm_cli.store.core import models as m
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

S, L, P, C = sm.SalesOrder, sm.OrderLine, sm.Payment, cm.Customer
TIME_BUCKETS = ("month", "quarter", "year")
QUANTUM = Decimal("0.001")
DEFAULT_TOP = 20
TOP_HELP = f"how many rows (default {DEFAULT_TOP})"


def stamps(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) datetimes, for datetime columns."""
    start = dt.datetime.combine(period.start, dt.time())
    return start, dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time())


def during(column: Any, period: Period | None, *, is_date: bool = False) -> Any:
    """The condition that ``column`` falls in ``period`` (always true without one)."""
    if period is None:
        return pw.SQL("1 = 1")
    if is_date:
        return (column >= period.start) & (column <= period.end)
    start, end = stamps(period)
    return (column >= start) & (column < end)


def is_sale() -> Any:
    """An approved, live order of a live customer (the query joins the customer)."""
    return (S.status == "approved") & S.deleted_at.is_null() & C.deleted_at.is_null()


def sales(actor: User, params: Params, *fields: Any) -> Any:
    """``SELECT fields`` from the actor's sales in the period, the customer joined."""
    query = (
        S.select(*fields)
        .join(C, on=(S.customer == C.id))
        .where(is_sale() & during(S.decided_at, params.period) & of_customers(params, C.id))
    )
    return scope.within(query, S.owner, actor)


def receipts(actor: User, params: Params, *fields: Any) -> Any:
    """``SELECT fields`` from the receipts dated in the period on the actor's live orders
    of live customers (an undone import's receipts do not count)."""
    query = (
        P.select(*fields)
        .join(S, on=(P.order == S.id))
        .join(C, on=(S.customer == C.id))
        .where(
            P.deleted_at.is_null() & S.deleted_at.is_null() & C.deleted_at.is_null()
            & during(P.paid_on, params.period, is_date=True) & of_customers(params, C.id)
        )
    )  # fmt: skip
    return scope.within(query, S.owner, actor)


def total(column: Any) -> Any:
    """SUM of an integer column, read raw (int or Decimal by backend: see `sqlbits.money`)."""
    return pw.fn.SUM(column).coerce(False)


def quantity(thousandths: Any) -> Decimal:
    """A SUM of a quantity column (stored in thousandths) as an exact Decimal."""
    return (Decimal(int(thousandths or 0)) / 1000).quantize(QUANTUM)


def choice(params: Params, option: str, choices: Iterable[str], default: str) -> str:
    """The option's value, one of ``choices``.

    Raises:
        InvalidInput: any other value.
    """
    allowed = tuple(choices)
    word = (params.options.get(option) or default).strip().lower()
    if word not in allowed:
        raise InvalidInput(
            "invalid --{option} {word!r}: choose one of: {allowed}",
            option=option,
            word=word,
            allowed=", ".join(allowed),
        )
    return word


def top(params: Params) -> int:
    """``--top N``: a whole number from 1.

    Raises:
        InvalidInput: anything else.
    """
    text = str(params.options.get("top") or DEFAULT_TOP).strip()
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput("invalid --top {text!r}: expected a whole number from 1", text=text)
    return int(text)


def names(ids: Iterable[int | None]) -> dict[int, tuple[str, str]]:
    """(login, display name) of these users; a small table read by primary key."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    U = m.User
    rows: Any = U.select(U.id, U.login, U.display).where(U.id.in_(wanted)).tuples()
    return {uid: (login, display or login) for uid, login, display in rows}


def ranked(rows: list[dict[str, Any]], measure: str, column: str = "rank") -> None:
    """Number rows already sorted by ``measure`` descending: equal figures share a rank
    (1, 2, 2, 4)."""
    for n, row in enumerate(rows):
        same = n and rows[n - 1][measure] == row[measure]
        row[column] = rows[n - 1][column] if same else n + 1
