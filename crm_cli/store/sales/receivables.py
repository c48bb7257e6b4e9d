"""Arrears (PAY-2): what approved orders still owe, per order and per customer, and the
data of a dunning letter (催缴单).

An order is owed when it is approved and its received total is below its amount. What is
overdue as of a day: the open part of installments due before that day; for an order
without a plan, its whole balance once its receivable date has passed. Days overdue count
from the oldest such due date. Everything goes through the customer visibility rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import receivable_terms
from crm_cli.store.sales.arrears import overdue_condition, owed_condition
from crm_cli.store.sales.order_base import logins
from crm_cli.store.sales.order_records import DunningLetter, LetterItem, Receivable
from crm_cli.store.sales.order_totals import ZERO

Ord, Inst = sm.SalesOrder, sm.Installment


def owed_query(actor: User, today: dt.date, customer_id: int | None) -> Any:
    query = (
        Ord.select(Ord, cm.Customer)
        .join(cm.Customer, on=(Ord.customer == cm.Customer.id))
        .where(owed_condition() & Ord.deleted_at.is_null())
    )
    if customer_id is not None:
        query = query.where(Ord.customer == customer_id)
    # Oldest receivable date first (what to chase first), read from the (settled, due) index.
    return access.restrict(query, actor, today).order_by(Ord.due, Ord.id)


def _owed_orders(actor: User, today: dt.date, customer_id: int | None) -> list[sm.SalesOrder]:
    return list(owed_query(actor, today, customer_id))


def _open_installments(order_ids: list[int]) -> dict[int, list[sm.Installment]]:
    found: dict[int, list[sm.Installment]] = {}
    if not order_ids:
        return found
    query = (
        Inst.select()
        .where(Inst.order.in_(order_ids) & (Inst.received < Inst.amount))
        .order_by(Inst.due, Inst.number)
    )
    for inst in query:
        found.setdefault(inst.order_id, []).append(inst)
    return found


def _items(order: sm.SalesOrder, plan: list[sm.Installment], today: dt.date) -> list[LetterItem]:
    """The open amounts of one order: its open installments, or the order as a whole."""
    if plan:
        return [
            LetterItem(
                order=order.code,
                subject=order.subject,
                installment=i.number,
                due=i.due,
                amount=i.amount,
                received=i.received,
                open=i.amount - i.received,
                days_overdue=max((today - i.due).days, 0),
            )
            for i in plan
        ]
    late = max((today - order.due).days, 0) if order.due else 0
    return [
        LetterItem(
            order=order.code,
            subject=order.subject,
            installment=None,
            due=order.due,
            amount=order.total,
            received=order.received,
            open=order.total - order.received,
            days_overdue=late,
        )
    ]


def _receivable(order: sm.SalesOrder, items: list[LetterItem], owner: str | None) -> Receivable:
    late = [x for x in items if x.days_overdue > 0]
    dues = [x.due for x in items if x.due is not None]
    return Receivable(
        order=order.code, customer=order.customer.code, customer_name=order.customer.name,
        owner=owner, subject=order.subject, total=order.total, received=order.received,
        balance=order.total - order.received, due=order.due,
        next_due=min(dues) if dues else None,
        overdue=sum((x.open for x in late), ZERO),
        days_overdue=max((x.days_overdue for x in late), default=0),
    )  # fmt: skip


def _collect(
    actor: User, today: dt.date, customer_id: int | None
) -> list[tuple[sm.SalesOrder, list[LetterItem]]]:
    rows = _owed_orders(actor, today, customer_id)
    plans = _open_installments([r.id for r in rows])
    return [(r, _items(r, plans.get(r.id, []), today)) for r in rows]


@streaming
def iter_receivables(
    actor: User,
    *,
    customer: str | None = None,
    overdue: bool = False,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Receivable]:
    """Approved orders that still owe money, as of ``now``, oldest receivable date first;
    ``overdue`` keeps late ones, ``terms`` (SH-1, ``receivable_terms``) narrow them as the
    options do. Read as the caller iterates, the page cut by the database."""
    today = now_or(now).date()
    customer_id = find_row(actor, customer, today, deleted=None).id if customer else None
    names = logins()
    query = owed_query(actor, today, customer_id)
    if overdue:
        query = query.where(overdue_condition(today))
    for cond in receivable_terms.conditions(terms, actor, today):
        query = query.where(cond)
    for chunk in chunks(page.apply(query)):
        for _, receivable in items_of(chunk, today, names):
            yield receivable


def items_of(
    orders: list[sm.SalesOrder], today: dt.date, names: dict[int, str]
) -> Iterator[tuple[sm.SalesOrder, Receivable]]:
    """Each owed order with its receivable as of ``today`` (one read of their plans)."""
    plans = _open_installments([r.id for r in orders])
    for order in orders:
        items = _items(order, plans.get(order.id, []), today)
        yield order, _receivable(order, items, names.get(order.owner_id or 0))


@reading
def list_receivables(
    actor: User,
    *,
    customer: str | None = None,
    overdue: bool = False,
    now: dt.datetime | None = None,
) -> list[Receivable]:
    """``iter_receivables`` as a list."""
    return list(iter_receivables(actor, customer=customer, overdue=overdue, now=now))


@reading
def dunning_letter(actor: User, customer: str, *, now: dt.datetime | None = None) -> DunningLetter:
    """What a customer owes, item by item, as of ``now`` (the 催缴单's data)."""
    today = now_or(now).date()
    row = find_row(actor, customer, today, deleted=None)
    items = [item for _, found in _collect(actor, today, row.id) for item in found]
    if not items:
        raise InvalidInput(
            "customer {code} owes nothing as of {today}: no letter to send",
            code=row.code,
            today=today,
        )
    owner = m.User.get_or_none(m.User.id == row.owner_id) if row.owner_id else None
    contact = (
        cm.Contact.select(cm.Contact.name)
        .where((cm.Contact.customer == row.id) & cm.Contact.deleted_at.is_null())
        .order_by(cm.Contact.id)
        .first()
    )
    address = " ".join(x for x in (row.province, row.city, row.address) if x)
    return DunningLetter(
        customer=row.code, customer_name=row.name, address=address, phone=row.phone or "",
        contact=contact.name if contact else "", owner=owner.login if owner else None,
        owner_name=(owner.display or owner.login) if owner else "", as_of=today, items=items,
        total_owed=sum((x.open for x in items), ZERO),
        overdue=sum((x.open for x in items if x.days_overdue > 0), ZERO),
    )  # fmt: skip
