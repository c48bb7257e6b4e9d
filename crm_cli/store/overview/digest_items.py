"""What every kind of the `crm today` digest shares: the window it looks at, the item it
returns, and the customers that are the user's own.

Kind functions read only the user's due rows, starting from an index on the user and the
date (customer owner and next contact, contact owner and birthday, installment owner and
due date …), and stop at ``Window.limit`` items: the digest costs what is due, not the size
of the database or of the user's book. Each kind also counts everything due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm

OVERDUE, TODAY, UPCOMING = "overdue", "today", "upcoming"


class Window(NamedTuple):
    """The digest's question: what does ``user`` have due up to ``today + days``?
    ``limit``: the most urgent items each kind lists (None: all); counts cover all."""

    user: User
    today: dt.date
    days: int
    limit: int | None = None

    @property
    def until(self) -> dt.date:
        return self.today + dt.timedelta(days=self.days)


class DigestItem(NamedTuple):
    """One thing to do. ``overdue_days`` is positive when late, 0 today, negative ahead."""

    kind: str
    due: dt.date
    urgency: str
    overdue_days: int
    customer: str | None
    customer_name: str | None
    text: str
    ref: str
    amount: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Found(NamedTuple):
    """What a kind found: its most urgent items (up to the window's limit) and how many
    are due in all."""

    items: list[DigestItem]
    total: int


def first(w: Window, query: Any) -> Any:
    """``query`` cut to the window's limit."""
    return query if w.limit is None else query.limit(w.limit)


def urgent(w: Window, found: Iterable[DigestItem]) -> list[DigestItem]:
    """Items of several queries merged: by due date, then customer and ref, up to the limit."""
    ordered = sorted(found, key=lambda i: (i.due, i.customer or "", i.ref))
    return ordered if w.limit is None else ordered[: w.limit]


class Who(NamedTuple):
    """A customer as an item names it: anything with ``code`` and ``name`` will do."""

    code: str
    name: str


def who(row: Any) -> Who:
    """The customer of a row that selected ``customer_columns()``."""
    return Who(row.customer_code, row.customer_name)


def item(
    w: Window,
    due: dt.date,
    text: str,
    ref: str,
    customer: Any = None,
    amount: Decimal | None = None,
) -> DigestItem:
    """An item due on ``due`` about ``customer`` (with ``code`` and ``name``), if any;
    the digest stamps its kind."""
    late = (w.today - due).days
    urgency = OVERDUE if late > 0 else TODAY if late == 0 else UPCOMING
    return DigestItem(
        kind="", due=due, urgency=urgency, overdue_days=late,
        customer=customer.code if customer is not None else None,
        customer_name=customer.name if customer is not None else None,
        text=text, ref=ref, amount=amount,
    )  # fmt: skip


def customer_columns() -> tuple[Any, ...]:
    """The customer columns every kind selects, named apart from the other tables' columns.

    Kinds read plain named tuples, not models: a digest of a thousand customers builds
    thousands of rows, and models cost several times more each.
    """
    C = cm.Customer
    return (C.code.alias("customer_code"), C.name.alias("customer_name"))


def delegated_ids(w: Window) -> list[int]:
    D = cm.Delegation
    query = D.select(D.customer).where(
        (D.delegate == w.user.id) & (D.until >= w.today) & D.revoked_at.is_null()
    )
    return sorted({row.customer_id for row in query if row.customer_id is not None})


def live() -> pw.Expression:
    """The customer is not deleted (its index holds only deleted ones: no lure)."""
    return cm.Customer.deleted_at.is_null()


def not_mine(owner: Any, w: Window) -> pw.Expression:
    """For the delegated scope: rows the owner scope has not already counted."""
    return owner.is_null() | (owner != w.user.id)


def money(value: Decimal) -> str:
    return f"{value:.2f}"
