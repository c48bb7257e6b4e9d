"""What every kind of the `crm today` digest shares: the window it looks at, the item it
returns, and the customers that are the user's own.

Kind functions read only the user's rows, starting from an index on the user (customer
owner, order owner, reminder user, delegation delegate), so the digest costs the same in
a database of ten thousand customers as in one of a million.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm

OVERDUE, TODAY, UPCOMING = "overdue", "today", "upcoming"


class Window(NamedTuple):
    """The digest's question: what does ``user`` have due up to ``today + days``?"""

    user: User
    today: dt.date
    days: int

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
    return (
        C.code.alias("customer_code"),
        C.name.alias("customer_name"),
        C.deleted_at.alias("customer_deleted"),
    )


def delegated_ids(w: Window) -> list[int]:
    D = cm.Delegation
    query = D.select(D.customer).where(
        (D.delegate == w.user.id) & (D.until >= w.today) & D.revoked_at.is_null()
    )
    return sorted({row.customer_id for row in query if row.customer_id is not None})


def scopes(w: Window) -> list[pw.Expression]:
    """Conditions on ``Customer`` for the user's own customers: owned, then delegated.

    Two queries rather than one OR, so each keeps its index on every backend.
    """
    found: list[pw.Expression] = [cm.Customer.owner == w.user.id]
    if ids := delegated_ids(w):
        found.append(cm.Customer.id.in_(ids))
    return found


def live_once(rows: Iterable[Any]) -> Iterator[Any]:
    """Rows whose customer is not deleted, each ``row.id`` once across scopes.

    Deleted customers are skipped here rather than in SQL: a ``deleted_at IS NULL``
    condition could lure SQLite onto that index, which holds nearly every customer.
    """
    seen: set[int] = set()
    for row in rows:
        if row.customer_deleted is not None or row.id in seen:
            continue
        seen.add(row.id)
        yield row


def money(value: Decimal) -> str:
    return f"{value:.2f}"
