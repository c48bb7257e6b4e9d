"""Plain records of orders, payment plans, receipts and arrears (ORD-1, ORD-2, PAY-1, PAY-2).

NamedTuples with ``to_dict()`` like core/records.py: money stays Decimal, dates stay dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.sales.tax import TaxTotals, totals


class OrderLine(NamedTuple):
    position: int
    product: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    amount: Decimal  # VAT included
    annual_fee: Decimal | None
    service_end: dt.date | None
    tax_rate: Decimal = Decimal("0")
    tax: Decimal = Decimal("0.00")

    def to_dict(self) -> dict[str, Any]:
        from crm_cli.store.sales.quote_records import line_dict

        # Quantities and rates as plain numbers, the amount excluding VAT beside them.
        return line_dict(self._asdict())


class Installment(NamedTuple):
    """One due amount; ``status`` is as of the day asked: paid, partial, unpaid or overdue."""

    number: int
    due: dt.date
    amount: Decimal
    received: Decimal
    open: Decimal
    status: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Receipt(NamedTuple):
    """A payment (收款单)."""

    code: str
    order: str
    customer: str
    installment: int | None
    amount: Decimal
    paid_on: dt.date
    method: str
    note: str
    user: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Order(NamedTuple):
    id: int
    code: str
    customer: str
    customer_name: str
    kind: str
    subject: str
    status: str
    owner: str | None
    quote: str | None
    signed: dt.date | None
    due: dt.date | None
    total: Decimal
    received: Decimal
    balance: Decimal
    settled: bool
    next_due: dt.date | None
    submitted_at: dt.datetime | None
    decided_by: str | None
    decided_at: dt.datetime | None
    reject_reason: str
    cancel_reason: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class OrderView(NamedTuple):
    """An order with its lines, payment plan and receipts (`order show`)."""

    order: Order
    lines: list[OrderLine]
    plan: list[Installment]
    payments: list[Receipt]

    def tax_totals(self) -> TaxTotals:
        """Excluding VAT, the VAT, and including it (the order's total): sums of its lines."""
        return totals(self.order.total, (line.tax for line in self.lines))

    def head(self) -> dict[str, Any]:
        """The order's own keys and its VAT totals."""
        return {**self.order.to_dict(), **self.tax_totals()._asdict()}

    def to_dict(self) -> dict[str, Any]:
        data = self.head()
        data["lines"] = [x.to_dict() for x in self.lines]
        data["plan"] = [x.to_dict() for x in self.plan]
        data["payments"] = [x.to_dict() for x in self.payments]
        return data


class Receivable(NamedTuple):
    """What one approved order still owes, as of a day (PAY-2)."""

    order: str
    customer: str
    customer_name: str
    owner: str | None
    subject: str
    total: Decimal
    received: Decimal
    balance: Decimal
    due: dt.date | None
    next_due: dt.date | None
    overdue: Decimal
    days_overdue: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class CustomerBalance(NamedTuple):
    """Arrears summed per customer (`receivable list --by-customer`)."""

    customer: str
    customer_name: str
    owner: str | None
    orders: int
    total: Decimal
    received: Decimal
    balance: Decimal
    overdue: Decimal
    days_overdue: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class LetterItem(NamedTuple):
    """One open amount on a dunning letter: an installment, or an order without a plan."""

    order: str
    subject: str
    installment: int | None
    due: dt.date | None
    amount: Decimal
    received: Decimal
    open: Decimal
    days_overdue: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class DunningLetter(NamedTuple):
    """The data of a 催缴单: who owes what, as of a day."""

    customer: str
    customer_name: str
    address: str
    phone: str
    contact: str
    owner: str | None
    owner_name: str
    as_of: dt.date
    items: list[LetterItem]
    total_owed: Decimal
    overdue: Decimal

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["items"] = [x.to_dict() for x in self.items]
        return data
