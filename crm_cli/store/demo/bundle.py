"""What the demo's drawing steps share: the drawn records of one customer (a bundle) and
the draw itself (random source, clock, catalog). Plain Python, nothing touches the database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.demo import catalog as cat

ZERO = Decimal("0.00")


Row = dict[str, Any]


class DemoCustomer(NamedTuple):
    id: int
    owner: int | None
    level: str
    since: dt.date  # the day it was added: nothing of it is older
    english: bool
    contacts: tuple[int, ...]


@dataclass
class DemoOrder:
    row: Row
    lines: list[Row]
    quote: int | None = None  # position in Bundle.quotes
    installments: list[Row] = field(default_factory=list)
    payments: list[tuple[Row, int | None]] = field(default_factory=list)  # (row, installment)


@dataclass
class Bundle:
    """One customer's drawn records and the derived fields they imply."""

    customer: DemoCustomer
    activities: list[Row] = field(default_factory=list)
    reminders: list[Row] = field(default_factory=list)
    opportunities: list[Row] = field(default_factory=list)
    quotes: list[tuple[Row, list[Row]]] = field(default_factory=list)
    orders: list[DemoOrder] = field(default_factory=list)
    birthday: tuple[int, dt.date] | None = None  # (contact id, new birthday)

    def derived(self) -> Row:
        """CUS-3 as the store keeps it: from the newest live record and approved orders."""
        values: Row = {}
        if self.activities:
            newest = self.activities[-1]  # drawn oldest first, written in that order
            values["last_contact"] = newest["started_at"].date()
            remind = newest["next_status"] == "remind"
            values["next_contact"] = newest.get("next_date") if remind else None
            values["latest_progress"] = newest["summary"]
        counted = [o.row for o in self.orders if o.row["status"] == "approved"]
        if counted:
            ordered = sum((o["total"] for o in counted), ZERO)
            received = sum((o["received"] for o in counted), ZERO)
            values["last_order"] = max(o["signed"] for o in counted)
            values.update(
                total_ordered=ordered, total_received=received, balance_owed=ordered - received
            )
        return values


class Draw:
    """The random source, the clock and the catalog every drawing step uses."""

    def __init__(
        self,
        rng: random.Random,
        now: dt.datetime,
        products: list[tuple[int, cat.DemoProduct]],
        book_prices: dict[tuple[str, int], Decimal],
    ) -> None:
        self.rng, self.now, self.today = rng, now, now.date()
        self.products = products
        self.book_prices = book_prices  # (customer group, product id) -> price

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def moment(self, day: dt.date) -> dt.datetime:
        at = dt.datetime.combine(day, dt.time(self.rng.randint(9, 17), self.rng.randint(0, 59)))
        return min(at, self.now)
