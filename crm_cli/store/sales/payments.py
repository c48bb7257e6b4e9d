"""Receipts (收款单, PAY-1): paying orders and their installments.

Rules, all checked before anything is written (a refused payment changes nothing):
- only approved orders take money: a draft, submitted or rejected order is not yet a sale,
  and a cancelled one is over;
- the amount is more than zero, has at most two decimals and is at most what is owed (on
  the order, or on the named installment); a paid installment cannot be paid again;
- without ``installment`` the money goes to the oldest open installment, the rest to the
  following ones: one receipt per installment touched, all in one transaction. An order
  without a plan gets one receipt against the order as a whole;
- a receipt is not dated in the future.

Every receipt gets a code, an oplog entry under the customer, and updates the
installment, the order's received/settled and the customer's totals in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from crm_cli.store.core import hooks, oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or, parse_date
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import parse_money
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import events
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_base import find_order, logins, plan_of, require_recorder
from crm_cli.store.sales.order_records import Receipt
from crm_cli.store.sales.order_totals import refresh_customer, refresh_order


class Paying:
    """What every receipt of one call shares: who, when, how."""

    def __init__(self, actor: User, now: dt.datetime, date: str | None, method: str, note: str):
        self.actor, self.now = actor, now
        self.paid_on = parse_date(date, now.date()) if date else now.date()
        if self.paid_on > now.date():
            raise InvalidInput("payment date {paid_on} is in the future", paid_on=self.paid_on)
        self.method, self.note = method.strip()[:32], note.strip()[:300]


def parse_amount(text: str) -> Decimal:
    value = parse_money(text, "amount")
    if value <= 0:
        raise InvalidInput("invalid amount {text!r}: must be more than zero", text=text.strip())
    return value


def _payable(actor: User, ref: str, today: dt.date) -> tuple[sm.SalesOrder, cm.Customer]:
    order, customer = find_order(actor, ref, today, lock=True)
    require_recorder(actor, order, "record payments of")  # seeing it is not enough
    if order.status == "cancelled":
        raise InvalidInput("order {code} is cancelled; it takes no payments", code=order.code)
    if order.status != "approved":
        raise InvalidInput(
            "order {code} is {status}; only approved orders take payments",
            code=order.code,
            status=order.status,
        )
    return order, customer


def _installment(order: sm.SalesOrder, number: int) -> sm.Installment:
    inst = sm.Installment.get_or_none(
        (sm.Installment.order == order.id) & (sm.Installment.number == number)
    )
    if inst is None:
        raise NotFound("order {code} has no installment {number}", code=order.code, number=number)
    if inst.received >= inst.amount:
        raise InvalidInput(
            "installment {number} of order {code} is paid already", number=number, code=order.code
        )
    return inst


def _receipt(
    p: Paying,
    order: sm.SalesOrder,
    customer: cm.Customer,
    inst: sm.Installment | None,
    amount: Decimal,
) -> sm.Payment:
    row = sm.Payment.create(
        code=next_code("payment", "code.payment_prefix"), order=order.id,
        installment=inst.id if inst else None, amount=amount, paid_on=p.paid_on,
        method=p.method, note=p.note, user=p.actor.id, created_at=p.now,
    )  # fmt: skip
    if inst is not None:
        inst.received += amount
        inst.save()
    change = {
        "code": row.code, "order": order.code, "amount": amount, "paid_on": p.paid_on,
        "installment": inst.number if inst else None, "method": p.method,
    }  # fmt: skip
    oplog.write(p.actor, "payment", row.id, customer.id, "add", oplog.nonempty(change), p.now)
    # A deal: inside pool protection it is the goal (POOL-4), in this same transaction.
    events.deal_reached(customer.id, "receipt", p.paid_on, p.now)
    return row


def _split(order: sm.SalesOrder, amount: Decimal) -> list[tuple[sm.Installment | None, Decimal]]:
    """Where ``amount`` goes: the oldest open installments first; the order if no plan."""
    parts: list[tuple[sm.Installment | None, Decimal]] = []
    left = amount
    for inst in plan_of(order.id):
        open_part = inst.amount - inst.received
        if left <= 0:
            break
        if open_part > 0:
            take = min(open_part, left)
            parts.append((inst, take))
            left -= take
    if left > 0:  # no plan, or money beyond the plan (received on the order as a whole)
        parts.append((None, left))
    return parts


def _pay_one(
    p: Paying, order: sm.SalesOrder, customer: cm.Customer, amount: Decimal, number: int | None
) -> list[sm.Payment]:
    owed = order.total - order.received
    if amount > owed:
        raise InvalidInput(
            "amount {amount:.2f} is more than the {owed:.2f} owed on {code}",
            amount=amount,
            owed=owed,
            code=order.code,
        )
    if number is not None:
        inst = _installment(order, number)
        open_part = inst.amount - inst.received
        if amount > open_part:
            raise InvalidInput(
                "amount {amount:.2f} is more than the {open_part:.2f} owed on installment "
                "{number} of {code}",
                amount=amount,
                open_part=open_part,
                number=number,
                code=order.code,
            )
        split: list[tuple[sm.Installment | None, Decimal]] = [(inst, amount)]
    else:
        split = _split(order, amount)
    rows = [_receipt(p, order, customer, inst, part) for inst, part in split]
    refresh_order(order)
    return rows


def _records(rows: list[sm.Payment], order: sm.SalesOrder, customer: cm.Customer) -> list[Receipt]:
    names = logins()
    numbers = {i.id: i.number for i in plan_of(order.id)}
    return [
        Receipt(
            code=r.code,
            order=order.code,
            customer=customer.code,
            installment=numbers.get(r.installment_id) if r.installment_id else None,
            amount=r.amount,
            paid_on=r.paid_on,
            method=r.method,
            note=r.note,
            user=names.get(r.user_id) if r.user_id else None,
        )
        for r in rows
    ]


@writing
def record_payment(
    actor: User,
    order_ref: str,
    amount: str,
    *,
    installment: int | None = None,
    date: str | None = None,
    method: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> list[Receipt]:
    """Receive ``amount`` on an approved order; returns one receipt per installment touched.

    Raises:
        InvalidInput: bad amount or date, more than owed, paid installment, order not
            approved or cancelled. NotFound: no such order or installment.
    """
    now = now_or(now)
    value = parse_amount(amount)
    p = Paying(actor, now, date, method, note)
    order, customer = _payable(actor, order_ref, now.date())
    rows = _pay_one(p, order, customer, value, installment)
    refresh_customer(customer.id, copies=False)
    return _fired(actor, now, _records(rows, order, customer))


def _fired(actor: User, now: dt.datetime, receipts: list[Receipt]) -> list[Receipt]:
    """One ``pay`` event per receipt, as `crm pay -f json` prints them (a payment spread
    over installments is a receipt for each)."""
    for receipt in receipts:
        hooks.fire("pay", actor, now, None, receipt)
    return receipts


def parse_batch_item(text: str) -> tuple[str, int]:
    ref, sep, number = text.strip().rpartition("/")
    if not sep or not ref.strip() or not number.strip().isdecimal() or len(number.strip()) > 4:
        raise InvalidInput(
            "invalid installment {text!r}: use ORDER/N, e.g. SO000003/2", text=text.strip()
        )
    return ref.strip(), int(number)


@writing
def pay_installments(
    actor: User,
    items: Sequence[str],
    *,
    date: str | None = None,
    method: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> list[Receipt]:
    """Pay each named installment (``ORDER/N``) in full, all or none (批量收款)."""
    now = now_or(now)
    if not items:
        raise InvalidInput("give at least one ORDER/N")
    wanted = [parse_batch_item(x) for x in items]
    p = Paying(actor, now, date, method, note)
    done: list[Receipt] = []
    seen: set[tuple[int, int]] = set()
    customers: set[int] = set()
    for ref, number in wanted:
        order, customer = _payable(actor, ref, now.date())
        if (order.id, number) in seen:
            raise InvalidInput(
                "installment {code}/{number} is named twice", code=order.code, number=number
            )
        seen.add((order.id, number))
        inst = _installment(order, number)
        rows = _pay_one(p, order, customer, inst.amount - inst.received, number)
        done.extend(_records(rows, order, customer))
        customers.add(customer.id)
    for customer_id in customers:
        refresh_customer(customer_id, copies=False)
    return _fired(actor, now, done)
