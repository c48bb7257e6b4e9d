"""Drawing one demo customer's sales history in plain Python: contact records, a manual
reminder, opportunities, quotes, orders with payment plans and receipts.

Nothing here touches the database: ``sales`` reads the customers, hands them to
``Drawer.draw`` and writes what comes back. Records reference each other by position
(an order's quote, a payment's installment); the writer turns positions into ids.
The customer's derived fields (CUS-3) are computed here from the drawn records with the
rules of ``activities.refresh_derived`` and ``order_totals.refresh_customer``.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from crm_cli.store.demo import catalog as cat
from crm_cli.store.demo import orders as demo_orders
from crm_cli.store.demo.bundle import Bundle, DemoCustomer, Draw, Row

HISTORY_DAYS = 180  # contact records reach this far back
DEAL_DAYS = 400  # quotes and orders reach further: some annual fees come up for renewal
P_REMINDER = 0.1  # of those, share with a manual reminder for the owner
FEATURED = 2  # customers per owner drawn so that every kind of `crm today` shows
FEATURED_AGE = 400  # days: old enough for an annual fee to come up for renewal


class Drawer(Draw):
    """Draws bundles: ``record_share`` of the customers get contact records, ``deal_share``
    opportunities, quotes and orders."""

    def __init__(
        self,
        rng: random.Random,
        now: dt.datetime,
        products: list[tuple[int, cat.DemoProduct]],
        book_prices: dict[tuple[str, int], Decimal],
        record_share: float,
        deal_share: float,
    ) -> None:
        super().__init__(rng, now, products, book_prices)
        self.record_share, self.deal_share = record_share, deal_share
        self._featured: dict[int | None, int] = {}

    def draw(self, c: DemoCustomer) -> Bundle:
        """One customer's records; the first few old customers of each owner get every kind."""
        bundle = Bundle(c)
        featured = self._feature(c)
        if featured or self.rng.random() < self.record_share:
            self._records(c, bundle, soon=featured)
        if featured or self.rng.random() < self.deal_share:
            self._deals(c, bundle, featured)
        if featured and c.contacts:  # a birthday this week, for the digest
            soon = self.today + dt.timedelta(days=self.rng.randint(0, 6))
            born = soon - relativedelta(years=self.rng.randint(28, 55))
            bundle.birthday = (c.contacts[0], born)
        return bundle

    def _feature(self, c: DemoCustomer) -> bool:
        seen = self._featured.get(c.owner, 0)
        if seen >= FEATURED or c.since > self.today - dt.timedelta(days=FEATURED_AGE):
            return False
        self._featured[c.owner] = seen + 1
        return True

    def _pick(self, c: DemoCustomer, chinese: tuple[str, ...], english: tuple[str, ...]) -> str:
        return self.rng.choice(english if c.english else chinese)

    # -- contact records --------------------------------------------------------------
    def _records(self, c: DemoCustomer, bundle: Bundle, *, soon: bool = False) -> None:
        rng = self.rng
        start = max(c.since, self.today - dt.timedelta(days=HISTORY_DAYS))
        moments = sorted(self.moment(self.day(start, self.today)) for _ in range(rng.randint(1, 4)))
        topic = rng.choice(self.products)[1].name
        for i, at in enumerate(moments):
            method = rng.choice(cat.METHODS)
            minutes = rng.choice((5, 10, 15, 30, 45, 60, 90, 120))
            summaries = cat.SUMMARIES_EN if c.english else cat.SUMMARIES_CN
            row: Row = {
                "customer": c.id,
                "user": c.owner,
                "method": method,
                "started_at": at,
                "contact": rng.choice(c.contacts) if c.contacts and rng.random() < 0.8 else None,
                "purpose": self._pick(c, cat.PURPOSES_CN, cat.PURPOSES_EN),
                "minutes": minutes,
                "summary": rng.choice(summaries).format(p=topic),
                "result": "continue",
                "next_status": "done",
                "created_at": at,
                "updated_at": at,
            }
            if method in ("visit", "meeting"):
                row["place"] = "Client office" if c.english else "客户办公室"
                row["ended_at"] = at + dt.timedelta(minutes=minutes)
            if i + 1 < len(moments):
                row["next_date"] = moments[i + 1].date()
                row["next_note"] = self._pick(c, cat.NEXT_CN, cat.NEXT_EN)
            else:
                self._outcome(c, row, soon)
            bundle.activities.append(row)
        if rng.random() < P_REMINDER:
            bundle.reminders.append(
                self.reminder(c.owner, c.id, self._pick(c, cat.NEXT_CN, cat.NEXT_EN))
            )

    def _outcome(self, c: DemoCustomer, row: Row, soon: bool) -> None:
        """The newest record: mostly a next contact due around today, else a deal or a loss."""
        roll = 0.0 if soon else self.rng.random()
        if roll < 0.78:
            low, high = (-3, 5) if soon else (-10, 14)
            planned = self.today + dt.timedelta(days=self.rng.randint(low, high))
            row.update(
                next_status="remind",
                next_note=self._pick(c, cat.NEXT_CN, cat.NEXT_EN),
                next_date=max(planned, row["started_at"].date() + dt.timedelta(days=1)),
            )
        elif roll < 0.9:
            row.update(result="deal", next_status="")
        else:
            # A lost cause: the follow-up it had planned is cancelled, so no next contact.
            reason = self._pick(c, cat.FAILED_CN, cat.FAILED_EN)
            planned = row["started_at"].date() + dt.timedelta(days=7)
            row.update(result="failed", failure_reason=reason, next_status="cancelled",
                       next_date=planned)  # fmt: skip

    def reminder(self, user: int | None, customer: int | None, text: str) -> Row:
        """A manual reminder due from two days ago to a week ahead; a quarter already done."""
        rng = self.rng
        due = dt.datetime.combine(
            self.today + dt.timedelta(days=rng.randint(-2, 7)),
            dt.time(rng.choice((9, 10, 14, 16)), rng.choice((0, 30))),
        )
        created = min(due, self.now) - dt.timedelta(days=rng.randint(1, 5))
        done = min(due, self.now) if rng.random() < 0.25 else None
        return {
            "user": user,
            "customer": customer,
            "text": text,
            "due_at": due,
            "done_at": done,
            "created_by": user,
            "created_at": created,
        }

    # -- opportunities, quotes, orders ------------------------------------------------
    def _deals(self, c: DemoCustomer, bundle: Bundle, featured: bool) -> None:
        rng = self.rng
        first = max(c.since, self.today - dt.timedelta(days=DEAL_DAYS))
        for _ in range(rng.choice((0, 1, 1, 2))):
            bundle.opportunities.append(self._opportunity(c, first))
        for _ in range(rng.choice((0, 1, 1, 2))):
            at = self.moment(self.day(first, self.today))
            bundle.quotes.append(demo_orders.quote(self, c, at, demo_orders.lines(self, c)))
        shapes = demo_orders.SHAPES if featured else (None,) * rng.choice((0, 1, 1, 1, 2))
        for shape in shapes:
            bundle.orders.append(demo_orders.order(self, c, bundle, first, shape))

    def _opportunity(self, c: DemoCustomer, first: dt.date) -> Row:
        rng = self.rng
        at = self.moment(self.day(max(first, self.today - dt.timedelta(days=300)), self.today))
        product = rng.choice(self.products)[1]
        hundreds = int(product.price * rng.randint(1, 5)) // 100
        amount = Decimal(max(hundreds, 1) * 100).quantize(Decimal("0.01"))
        row: Row = {
            "customer": c.id,
            "owner": c.owner,
            "created_by": c.owner,
            "product": product.name,
            "amount": amount,
            "probability": rng.choice(range(30, 100, 10)),
            "stage": self._pick(c, cat.STAGES_CN, cat.STAGES_EN),
            "created_at": at,
            "updated_at": at,
            "status": "open",
        }
        roll = rng.random()
        if roll < 0.6:
            row["close_date"] = self.today + dt.timedelta(days=rng.randint(7, 120))
        else:
            row["closed_on"] = self.day(at.date(), self.today)
            row["status"] = "won" if roll < 0.85 else "lost"
            if row["status"] == "lost":
                row["reason"] = self._pick(c, cat.LOST_CN, cat.LOST_EN)
        return row
