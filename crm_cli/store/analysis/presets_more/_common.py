"""What the presets of this package share: their options, the period as a condition on a
date or a timestamp column, what counts (live customers, approved orders), and the few
bits of SQL that differ by backend (whole days between two dates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.analysis.periods import Period
from crm_cli.store.analysis.presets import Params
from crm_cli.store.analysis.records import Column
from crm_cli.store.core import models as m
from crm_cli.store.core.db import backend, db_proxy
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

C, U, Ord = cm.Customer, m.User, sm.SalesOrder
NONE = "(none)"  # the label of a group whose name is empty (no reason, no customer …)


def fetch(query: Any) -> list[tuple[Any, ...]]:
    """The rows of a grouped query as the driver returns them: a report converts each value
    itself (money from cents, days from text or dates), so peewee's per-row conversion is
    skipped (it costs as much as the query on a report of many groups)."""
    return list(db_proxy.execute(query).fetchall())


def col(name: str, kind: str, label: str, label_zh: str) -> Column:
    return Column(name, kind, label, label_zh)


def choice(params: Params, name: str, choices: tuple[str, ...], default: str) -> str:
    """Option ``name`` (``--by …``), one of ``choices``.

    Raises:
        InvalidInput: anything else.
    """
    value = params.options.get(name, default).strip().lower()
    if value not in choices:
        raise InvalidInput(
            "invalid --{name} {value!r}: choose one of: {choices}",
            name=name,
            value=value,
            choices=", ".join(choices),
        )
    return value


def top(params: Params, default: int) -> int:
    """Option ``--top``: how many rows, 1 to 10 000.

    Raises:
        InvalidInput: not a whole number in that range.
    """
    text = str(params.options.get("top", default)).strip()
    try:
        number = int(text)
    except ValueError:
        raise InvalidInput("invalid --top {text!r}: expected a whole number", text=text) from None
    if not 1 <= number <= 10_000:
        raise InvalidInput("invalid --top {number}: expected 1 to 10000", number=number)
    return number


def on_days(column: Any, period: Period | None) -> Any:
    """``column`` (a date) within ``period``; True for all time."""
    if period is None:
        return pw.SQL("1 = 1")
    return (column >= period.start) & (column <= period.end)


def on_times(column: Any, period: Period | None) -> Any:
    """``column`` (a timestamp) within ``period``'s days; True for all time."""
    if period is None:
        return pw.SQL("1 = 1")
    start = dt.datetime.combine(period.start, dt.time())
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time())
    return (column >= start) & (column < end)


def live_customer() -> Any:
    return C.deleted_at.is_null()


def of_live_customer(customer: Any) -> Any:
    """``customer`` (a customer id column) names a live customer, read without a customer
    row per record: the deleted ones are few, and the deleted_at index lists them."""
    return customer.not_in(C.select(C.id).where(C.deleted_at.is_null(False)))


def approved_order() -> Any:
    """An order that counts: approved and not deleted (its customer joined as ``C``)."""
    return (Ord.status == "approved") & Ord.deleted_at.is_null() & live_customer()


def day_of(value: Any) -> dt.date | None:
    """A day read back from MIN/MAX of a date or timestamp column (drivers differ: text,
    date or datetime)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def days_between(later: Any, earlier: Any) -> Any:
    """In SQL, whole days from the day of ``earlier`` to the day of ``later`` (dates or
    timestamps; their times of day do not count)."""
    kind = backend()
    if kind == "sqlite":
        diff = pw.fn.julianday(pw.fn.date(later)) - pw.fn.julianday(pw.fn.date(earlier))
        return pw.Cast(diff, "INTEGER")
    if kind == "postgres":
        return pw.Cast(later, "date") - pw.Cast(earlier, "date")
    return pw.fn.DATEDIFF(later, earlier)


def name_or_none(text: Any) -> str:
    return str(text) if text else NONE
