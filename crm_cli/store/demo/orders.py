"""Drawing a demo customer's quotes and orders: priced lines, the quote an order came from,
a payment plan and the receipts against it. Plain Python, like ``deals``.

An order can be drawn in a ``shape`` that guarantees a reminder in ``crm today``:
``renewal`` (an annual service fee ending about now), ``due`` (an unpaid installment due
about now) or ``receivable`` (no plan, the receivable date about now, unpaid).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta

from crm_cli.store.demo import catalog as cat
from crm_cli.store.demo.bundle import ZERO, Bundle, DemoCustomer, DemoOrder, Draw, Row
from crm_cli.store.sales.lines import line_amount

CENT = Decimal("0.01")
SHAPES = ("renewal", "due", "receivable")
STATUSES, STATUS_WEIGHTS = ("approved", "submitted", "draft"), (75, 13, 12)


def lines(d: Draw, c: DemoCustomer, *, with_fee: bool = False) -> list[Row]:
    """One to three products with list, price-book or own prices and some discounts."""
    rng = d.rng
    chosen = rng.sample(d.products, rng.choice((1, 1, 2, 3)))
    if with_fee and not any(p.annual_fee for _, p in chosen):
        chosen.append(rng.choice([pair for pair in d.products if pair[1].annual_fee]))
    found = []
    for position, (pid, p) in enumerate(chosen, 1):
        if p.price >= 10000:
            quantity = Decimal(rng.randint(1, 3))
        else:
            quantity = Decimal(rng.randint(1, 20) if p.price >= 500 else rng.randint(5, 200))
        price = d.book_prices.get((c.level, pid), p.price)
        discount = Decimal(rng.choice((0, 0, 0, 0, 5, 10, 15)))
        amount = line_amount(quantity, price, discount)
        found.append({"position": position, "product": pid, "quantity": quantity,
                      "unit_price": price, "discount": discount, "amount": amount,
                      "annual_fee": p.annual_fee})  # fmt: skip
    return found


def quote(d: Draw, c: DemoCustomer, at: dt.datetime, items: list[Row]) -> tuple[Row, list[Row]]:
    names = {pid: p.name for pid, p in d.products}
    subject = names[items[0]["product"]] + (" quotation" if c.english else " 报价")
    row = {"customer": c.id, "subject": subject, "handler": c.owner, "created_by": c.owner,
           "valid_until": at.date() + dt.timedelta(days=30), "audited": d.rng.random() < 0.3,
           "total": sum((x["amount"] for x in items), ZERO), "created_at": at,
           "updated_at": at}  # fmt: skip
    return row, items


def order(
    d: Draw, c: DemoCustomer, bundle: Bundle, first: dt.date, shape: str | None = None
) -> DemoOrder:
    """An order, often made from a quote; approved ones get a plan and receipts."""
    rng = d.rng
    items = lines(d, c, with_fee=shape == "renewal")
    day = _order_day(d, first, items, shape)
    at = d.moment(day)
    status = (
        "approved" if shape else rng.choices(("approved", "submitted", "draft"), (75, 13, 12))[0]
    )
    made = DemoOrder(_order_row(d, c, at, items, status), items)
    if rng.random() < 0.7:  # made from a quote a few days older (the 引用本单 step)
        quoted = d.moment(d.day(max(first, day - dt.timedelta(days=20)), day))
        row, quote_lines = quote(d, c, min(quoted, at), [dict(x) for x in items])
        row["audited"] = True
        bundle.quotes.append((row, quote_lines))
        made.quote = len(bundle.quotes) - 1
    for line in items:
        if line["annual_fee"]:
            line["service_end"] = (made.row["signed"] or day) + relativedelta(years=1)
    if status == "approved":
        count = {"due": 2, "receivable": 0}.get(shape or "")
        _plan_and_pay(d, made, count, pay=shape not in ("due", "receivable"))
    return made


def _order_day(d: Draw, first: dt.date, items: list[Row], shape: str | None) -> dt.date:
    rng, today = d.rng, d.today
    renewal = today - dt.timedelta(days=rng.randint(335, 390))
    if shape == "renewal":
        return max(renewal, first)
    if shape in ("due", "receivable"):
        return max(today - dt.timedelta(days=rng.randint(25, 36)), first)
    if any(x["annual_fee"] for x in items) and rng.random() < 0.5 and renewal >= first:
        return renewal  # its annual service fee comes up for renewal about now
    return d.day(first, today)


def _order_row(d: Draw, c: DemoCustomer, at: dt.datetime, items: list[Row], status: str) -> Row:
    approved = status == "approved"
    return {"customer": c.id, "owner": c.owner, "created_by": c.owner, "status": status,
            "subject": "Sales contract" if c.english else "销售合同",
            "signed": at.date() if approved else None, "due": at.date() + dt.timedelta(days=30),
            "submitted_at": at if status != "draft" else None,
            "decided_at": min(at + dt.timedelta(days=1), d.now) if approved else None,
            "total": sum((x["amount"] for x in items), ZERO), "received": ZERO,
            "settled": False, "created_at": at, "updated_at": at}  # fmt: skip


def _plan_and_pay(d: Draw, made: DemoOrder, count: int | None, *, pay: bool) -> None:
    """Installments a month apart from the due date (or none), then receipts."""
    row = made.row
    count = d.rng.choice((0, 1, 2, 2, 3)) if count is None else count
    total = row["total"]
    if count:
        part = (total / count).quantize(CENT, rounding=ROUND_DOWN)
        amounts = [part] * (count - 1) + [total - part * (count - 1)]  # the rest on the last
        for number, amount in enumerate(amounts, 1):
            due = row["due"] + relativedelta(months=number - 1)
            inst = {"number": number, "due": due, "amount": amount, "received": ZERO}
            made.installments.append(inst)
            if pay:
                _pay(d, made, inst, number - 1)
    elif pay:
        _pay(d, made, {"due": row["due"], "amount": total, "received": ZERO}, None)
    row["received"] = sum((p["amount"] for p, _ in made.payments), ZERO)
    row["settled"] = row["received"] >= total


def _pay(d: Draw, made: DemoOrder, owed: Row, installment: int | None) -> None:
    """Old debts are mostly paid; recent ones often partly or not yet; a few pay early."""
    rng, today = d.rng, d.today
    roll = rng.random()
    if owed["due"] > today:
        share = Decimal(1) if roll < 0.15 else ZERO
    elif owed["due"] < today - dt.timedelta(days=60):
        share = Decimal(1) if roll < 0.88 else Decimal("0.5") if roll < 0.94 else ZERO
    else:
        share = Decimal(1) if roll < 0.6 else Decimal("0.4") if roll < 0.8 else ZERO
    amount = (owed["amount"] * share).quantize(CENT)
    if amount <= 0:
        return
    late = owed["due"] + dt.timedelta(days=rng.randint(-5, 12))
    day = min(max(late, made.row["signed"]), today)
    english = made.row["subject"] == "Sales contract"
    method = rng.choice(cat.PAY_METHODS_EN if english else cat.PAY_METHODS_CN)
    payment = {"amount": amount, "paid_on": day, "method": method, "user": made.row["owner"],
               "created_at": d.moment(day)}  # fmt: skip
    owed["received"] += amount
    made.payments.append((payment, installment))
