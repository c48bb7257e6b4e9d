"""Finding orders through the customer visibility rule, and turning rows into records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.settings import value_of
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_records import Installment, Order, OrderLine, OrderView, Receipt
from crm_cli.store.sales.order_totals import lock_order
from crm_cli.store.sales.settings import RECORDERS

Ord = sm.SalesOrder
STATUSES = ("draft", "submitted", "approved", "rejected", "cancelled")
KINDS = ("sale", "service_fee")  # service_fee: a renewal


def made_from(quote: Any) -> Any:
    """Orders made from ``quote`` (an id, or the quote's id column) that still stand: not
    cancelled, not deleted. A second such order needs ``--again``; a quote with one is
    ``+ordered``."""
    return (Ord.quote == quote) & (Ord.status != "cancelled") & Ord.deleted_at.is_null()


def find_order(
    actor: User, ref: str, today: dt.date, *, lock: bool = False
) -> tuple[sm.SalesOrder, cm.Customer]:
    """The order named by code or numeric id, with its customer, if the actor may see it.

    ``lock``: take the row lock for a read-then-write (payments, workflow steps).
    """
    text = ref.strip()
    if not text:
        raise InvalidInput("empty order reference")
    cond = Ord.code == text.upper()
    if (number := as_id(text, "order")) is not None:
        cond = cond | (Ord.id == number)
    query = (
        Ord.select(Ord, cm.Customer)
        .join(cm.Customer, on=(Ord.customer == cm.Customer.id))
        .where(cond & Ord.deleted_at.is_null())
    )
    row = access.restrict(query, actor, today).first()
    if row is None:
        raise NotFound("no order {text!r}", text=text)
    customer = row.customer
    if lock:
        row = lock_order(row.id)
    return row, customer


def approver_scope(actor: User) -> set[int] | None:
    """The owners whose orders ``actor`` may approve: None for every order (admins); a
    manager's own and their subordinates'; nobody's for anyone else. ``may_approve`` asks it
    of one order, the approval inbox filters on it in SQL: one rule for both."""
    if actor.is_admin:
        return None
    return access.managed_owner_ids(actor) if actor.role == "manager" else set()


def may_approve(actor: User, order: sm.SalesOrder) -> bool:
    """Admins, and managers over the order's owner (or their own orders); never sales."""
    owners = approver_scope(actor)
    return owners is None or order.owner_id in owners


def require_approver(actor: User, order: sm.SalesOrder, what: str) -> None:
    if not may_approve(actor, order):
        raise PermissionDenied(
            "you may not {what} order {code}: only the owner's manager or an admin may",
            what=what,
            code=order.code,
        )


def may_record(actor: User, order: sm.SalesOrder) -> bool:
    """Who may touch money after approval (``payment.recorders``): admins always; the
    owner's managers, the owner and named logins as the team setting says."""
    if actor.is_admin:
        return True
    allowed = set(value_of(RECORDERS).split(","))
    if actor.login in allowed or ("owner" in allowed and order.owner_id == actor.id):
        return True
    return "manager" in allowed and may_approve(actor, order)


def require_recorder(actor: User, order: sm.SalesOrder, what: str) -> None:
    if not may_record(actor, order):
        raise PermissionDenied(
            "you may not {what} order {code}: the team setting {recorders} says who may",
            what=what,
            code=order.code,
            recorders=RECORDERS,
        )


def logins() -> dict[int, str]:
    return {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}


def installment_status(row: sm.Installment, today: dt.date) -> str:
    """paid, partial or unpaid; overdue when due before ``today`` and not fully paid."""
    if row.received >= row.amount:
        return "paid"
    if row.due < today:
        return "overdue"
    return "partial" if row.received > 0 else "unpaid"


def plan_of(order_id: int) -> list[sm.Installment]:
    Inst = sm.Installment
    return list(Inst.select().where(Inst.order == order_id).order_by(Inst.due, Inst.number))


def installment_record(row: sm.Installment, today: dt.date) -> Installment:
    return Installment(
        number=row.number, due=row.due, amount=row.amount, received=row.received,
        open=row.amount - row.received, status=installment_status(row, today),
    )  # fmt: skip


def next_due(order: sm.SalesOrder, plan: Iterable[sm.Installment]) -> dt.date | None:
    """The earliest open installment's due date; the order's own when it has no plan."""
    if order.settled or order.status != "approved":
        return None
    dues = [i.due for i in plan if i.received < i.amount]
    return min(dues) if dues else order.due


def order_record(
    row: sm.SalesOrder,
    customer: cm.Customer,
    names: Mapping[int, str],
    plan: Iterable[sm.Installment] = (),
    quote_code: str | None = None,
) -> Order:
    return Order(
        id=row.id, code=row.code, customer=customer.code, customer_name=customer.name,
        kind=row.kind, subject=row.subject, status=row.status,
        owner=names.get(row.owner_id) if row.owner_id else None, quote=quote_code,
        signed=row.signed, due=row.due, total=row.total, received=row.received,
        balance=row.total - row.received, settled=row.settled, next_due=next_due(row, plan),
        submitted_at=row.submitted_at,
        decided_by=names.get(row.decided_by_id) if row.decided_by_id else None,
        decided_at=row.decided_at, reject_reason=row.reject_reason,
        cancel_reason=row.cancel_reason, notes=row.notes, created_at=row.created_at,
        updated_at=row.updated_at,
    )  # fmt: skip


def quote_code(row: sm.SalesOrder) -> str | None:
    if row.quote_id is None:
        return None
    quote = sm.Quote.get_or_none(sm.Quote.id == row.quote_id)
    return quote.code if quote else None


def lines_of(order_id: int) -> list[OrderLine]:
    L, P = sm.OrderLine, sm.Product
    query = (
        L.select(L, P)
        .join(P, on=(L.product == P.id))
        .where(L.order == order_id)
        .order_by(L.position)
    )
    return [
        OrderLine(
            position=x.position,
            product=x.product.code,
            product_name=x.product.name,
            quantity=x.quantity,
            unit_price=x.unit_price,
            discount=x.discount,
            amount=x.amount,
            annual_fee=x.annual_fee,
            service_end=x.service_end,
            tax_rate=x.tax_rate,
            tax=x.tax,
        )
        for x in query
    ]


def receipts_of(order_ids: list[int], names: Mapping[int, str]) -> list[Receipt]:
    """Receipts of these orders, oldest first."""
    if not order_ids:
        return []
    P, Inst = sm.Payment, sm.Installment
    query = (
        P.select(
            P, Ord.code.alias("order_code"), cm.Customer.code.alias("customer_code"), Inst.number
        )
        .join(Ord, on=(P.order == Ord.id))
        .join(cm.Customer, on=(Ord.customer == cm.Customer.id))
        .switch(P)
        .join(Inst, pw.JOIN.LEFT_OUTER, on=(P.installment == Inst.id))
        .where(P.order.in_(order_ids) & P.deleted_at.is_null())
        .order_by(P.paid_on, P.id)
        .objects()
    )
    return [receipt_record(p, names) for p in query]


def receipt_record(p: Any, names: Mapping[int, str]) -> Receipt:
    """A receipt from a Payment row selected with ``order_code``, ``customer_code``, ``number``."""
    return Receipt(
        code=p.code,
        order=p.order_code,
        customer=p.customer_code,
        installment=p.number,
        amount=p.amount,
        paid_on=p.paid_on,
        method=p.method,
        note=p.note,
        user=names.get(p.user_id) if p.user_id else None,
    )


def order_view(row: sm.SalesOrder, customer: cm.Customer, today: dt.date) -> OrderView:
    names = logins()
    plan = plan_of(row.id)
    return OrderView(
        order=order_record(row, customer, names, plan, quote_code(row)),
        lines=lines_of(row.id),
        plan=[installment_record(i, today) for i in plan],
        payments=receipts_of([row.id], names),
    )
