"""Sales orders (ORD-1): write one directly or from a quote, list, show and edit drafts.

An order belongs to a customer and is visible exactly when the customer is. Its owner is
the customer's owner. Lines are priced by ``lines.py``, so a quote and the order made from
it agree to the cent. The approval workflow is in ``order_flow.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or, parse_date, require_past
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Conflict, InvalidInput, Locked, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.lines import (
    PricedLine,
    book_for,
    parse_line_spec,
    price_lines,
    priced_row,
    total_of,
    with_rate,
)
from crm_cli.store.sales.order_base import (
    find_order,
    made_from,
    order_view,
    plan_of,
)
from crm_cli.store.sales.order_records import OrderView
from crm_cli.store.sales.order_totals import refresh_customer
from crm_cli.store.sales.plans import choose_parts, equal_parts, write_parts
from crm_cli.store.sales.tax import parse_tax_rate

Ord = sm.SalesOrder


class Terms:
    """What the user wrote about dates and the plan, checked once for add and edit."""

    def __init__(self, today: dt.date, signed: str | None, due: str | None) -> None:
        self.signed = parse_date(signed, today) if signed else None
        require_past("signing date", self.signed, today)  # signed is something that happened
        self.due = parse_date(due, today) if due else None


def _check_dates(signed: dt.date | None, due: dt.date | None) -> None:
    if signed and due and due < signed:
        raise InvalidInput(
            "the due date {due} is before the signing date {signed}", due=due, signed=signed
        )


def _find_quote(ref: str, customer: cm.Customer, again: bool) -> sm.Quote:
    text = ref.strip()
    Q = sm.Quote
    cond = Q.code == text.upper()
    if (number := as_id(text, "quote")) is not None:
        cond = cond | (Q.id == number)
    quote = Q.get_or_none(cond & Q.deleted_at.is_null())
    if quote is None:
        raise NotFound("no quote {text!r}", text=text)
    if quote.customer_id != customer.id:
        raise InvalidInput(
            "quote {code} is not a quote of customer {customer_code}",
            code=quote.code,
            customer_code=customer.code,
        )
    live = Ord.select(Ord.code).where(made_from(quote.id))
    made = [row.code for row in live]
    if made and not again:
        raise Conflict(
            "quote {code} already became order {made}; pass --again for another",
            code=quote.code,
            made=", ".join(made),
        )
    return quote


def _stored_lines(model: type[sm.QuoteLine] | type[sm.OrderLine], key: Any) -> list[PricedLine]:
    """A quote's or an order's lines as they were priced, VAT and all."""
    return [priced_row(r) for r in model.select().where(key).order_by(model.position)]


def _priced(specs: Sequence[str], customer: cm.Customer) -> list[PricedLine]:
    return price_lines([parse_line_spec(s) for s in specs], book_for(customer))


def write_lines(order: sm.SalesOrder, lines: list[PricedLine], start: dt.date) -> None:
    """Store the lines; a line with an annual fee is serviced for a year from ``start``.
    (Imports of orders store theirs here too.)"""
    for position, line in enumerate(lines, 1):
        end = start + relativedelta(years=1) if line.annual_fee else None
        sm.OrderLine.create(order=order.id, position=position, service_end=end, **line.stored())


def _order_lines(
    customer: cm.Customer, lines: Sequence[str], quote: sm.Quote | None
) -> list[PricedLine]:
    """The quote's lines (copied as they are), then the ones written out."""
    if quote is None:
        return _priced(lines, customer)
    copied = _stored_lines(sm.QuoteLine, sm.QuoteLine.quote == quote.id)
    priced = copied + (_priced(lines, customer) if lines else [])
    if not priced:
        raise InvalidInput("quote {code} has no lines; add some with --line", code=quote.code)
    return priced


@writing
def add_order(
    actor: User,
    customer_ref: str,
    *,
    lines: Sequence[str] = (),
    from_quote: str | None = None,
    again: bool = False,
    subject: str | None = None,
    signed: str | None = None,
    due: str | None = None,
    installments: int | None = None,
    plan: str | None = None,
    notes: str = "",
    tax_rate: str | None = None,
    now: dt.datetime | None = None,
) -> OrderView:
    """Write a draft order from lines ``PRODUCT:QTY[:PRICE[:DISCOUNT%]]`` and/or a quote;
    ``tax_rate`` puts every line at that VAT % (default: as quoted, else as priced).

    Raises:
        InvalidInput: bad line, date, plan or rate. NotFound: customer, quote or product.
        Conflict: the quote already became a live order (unless ``again``).
    """
    now = now_or(now)
    today = now.date()
    rate = parse_tax_rate(tax_rate) if tax_rate is not None else None
    customer = find_row(actor, customer_ref, today)
    require_live(customer)
    access.require_edit(actor, customer, today, "add orders for")
    quote = _find_quote(from_quote, customer, again) if from_quote else None
    priced = _order_lines(customer, lines, quote)
    if rate is not None:
        priced = with_rate(priced, rate)
    terms = Terms(today, signed, due)
    _check_dates(terms.signed, terms.due)
    total = total_of(priced)
    first = terms.due or terms.signed or today
    parts = choose_parts(total, first, today, installments, plan)
    order = Ord.create(
        code=next_code("order", "code.order_prefix"), customer=customer.id,
        quote=quote.id if quote else None, owner=customer.owner_id or actor.id,
        subject=(subject if subject is not None else (quote.subject if quote else "")).strip(),
        signed=terms.signed, due=terms.due, total=total, notes=notes, created_by=actor.id,
        created_at=now, updated_at=now,
    )  # fmt: skip
    write_lines(order, priced, terms.signed or today)
    write_parts(order, parts)
    change = {"code": order.code, "total": total, "lines": len(priced), "installments": len(parts)}
    if quote:
        change["quote"] = quote.code
    oplog.write(actor, "order", order.id, customer.id, "add", change, now)
    return order_view(order, customer, today)


@reading
def get_order(actor: User, ref: str, *, now: dt.datetime | None = None) -> OrderView:
    """One order with its lines, plan (status as of ``now``) and receipts."""
    today = now_or(now).date()
    order, customer = find_order(actor, ref, today)
    return order_view(order, customer, today)


def require_editable(order: sm.SalesOrder) -> None:
    if order.status in ("approved", "submitted"):
        raise Locked(
            "order {code} is {status}; only draft or rejected orders change",
            code=order.code,
            status=order.status,
        )
    if order.status == "cancelled":
        raise InvalidInput("order {code} is cancelled", code=order.code)


@writing
def edit_order(
    actor: User,
    ref: str,
    *,
    lines: Sequence[str] = (),
    subject: str | None = None,
    signed: str | None = None,
    due: str | None = None,
    notes: str | None = None,
    installments: int | None = None,
    plan: str | None = None,
    tax_rate: str | None = None,
    now: dt.datetime | None = None,
) -> OrderView:
    """Change a draft or rejected order; new ``lines`` replace all lines and re-plan;
    ``tax_rate`` puts every line at that VAT % (the new ones, else the existing ones).

    Raises:
        Locked: the order is submitted or approved. InvalidInput: bad values, nothing given.
    """
    now = now_or(now)
    today = now.date()
    rate = parse_tax_rate(tax_rate) if tax_rate is not None else None
    order, customer = find_order(actor, ref, today, lock=True)
    access.require_edit(actor, customer, today, "change orders of")
    require_editable(order)
    options = (subject, signed, due, notes, installments, plan, rate)
    if not any(v is not None for v in options) and not lines:
        raise InvalidInput("nothing to change: give at least one option")
    before = {k: getattr(order, k) for k in ("subject", "signed", "due", "notes", "total")}
    terms = Terms(today, signed, due)
    order.signed = terms.signed if signed is not None else order.signed
    order.due = terms.due if due is not None else order.due
    _check_dates(order.signed, order.due)
    order.subject = subject.strip() if subject is not None else order.subject
    order.notes = notes if notes is not None else order.notes
    if lines or rate is not None:
        key = sm.OrderLine.order == order.id
        priced = _priced(lines, customer) if lines else _stored_lines(sm.OrderLine, key)
        priced = with_rate(priced, rate) if rate is not None else priced
        sm.OrderLine.delete().where(key).execute()
        write_lines(order, priced, order.signed or today)
        order.total = total_of(priced)
    if lines or rate is not None or installments is not None or plan is not None:
        _replan_draft(order, today, installments, plan)
    order.updated_at = now
    order.save()
    changed = oplog.diff(before, {k: getattr(order, k) for k in before})
    if rate is not None:  # a rate in prices that include it moves no total: say so
        changed["tax_rate"] = [None, str(rate)]
    oplog.write(actor, "order", order.id, customer.id, "edit", changed, now)
    refresh_customer(customer.id)
    return order_view(order, customer, today)


def _replan_draft(
    order: sm.SalesOrder, today: dt.date, installments: int | None, plan: str | None
) -> None:
    """A draft takes no payments, so its whole plan is rebuilt; same count by default."""
    old = plan_of(order.id)
    first = old[0].due if old else (order.due or order.signed or today)
    sm.Installment.delete().where(sm.Installment.order == order.id).execute()
    if installments is None and plan is None and old:
        parts = equal_parts(Decimal(order.total), len(old), first)
    else:
        parts = choose_parts(order.total, first, today, installments, plan)
    write_parts(order, parts)
