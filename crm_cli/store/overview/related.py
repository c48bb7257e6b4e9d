"""The related records of the customer 360 view (CUS-7): contact records, opportunities,
quotes, orders, receipts, the payment plan still owed, service tickets and evaluations, the
latest (or, for the plan, the soonest due) few of each.

Read with one query per kind (names joined in, never looked up per row), so the view costs
the same number of queries for a customer with 3 orders or 3,000. The caller has already
checked that the actor may see the customer; everything here belongs to it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.core import models as m
from crm_cli.store.customers import models as cm
from crm_cli.store.evaluation.evaluations import customer_evaluations
from crm_cli.store.expenses.views import customer_expenses
from crm_cli.store.sales import models as sm
from crm_cli.store.service.views import customer_tickets

LIMIT = 20  # rows per kind; the full lists are in each noun's own `list --customer`
ZERO = Decimal("0.00")
Row = dict[str, Any]


def related_of(customer_id: int, limit: int = LIMIT) -> dict[str, list[Row]]:
    """Every related kind of the 360 view, newest first, at most ``limit`` of each.

    ``services`` are service tickets (``service.views``); ``evaluations`` customer
    evaluations (``evaluation.evaluations``); ``expenses`` what was spent on the customer
    (``expenses.views``).
    """
    return {
        "records": records(customer_id, limit),
        "opportunities": opportunities(customer_id, limit),
        "quotes": quotes(customer_id, limit),
        "orders": orders(customer_id, limit),
        "receipts": receipts(customer_id, limit),
        "plan": plan(customer_id, limit),
        "services": customer_tickets(customer_id, limit),
        "evaluations": customer_evaluations(customer_id, limit),
        "expenses": customer_expenses(customer_id, limit),
    }


def records(customer_id: int, limit: int = LIMIT) -> list[Row]:
    """Contact records (联系记录), newest first; deleted ones left out."""
    A = am.Activity
    query = (
        A.select(A, cm.Contact.name.alias("contact_name"), m.User.login.alias("user_login"))
        .join(cm.Contact, pw.JOIN.LEFT_OUTER, on=(A.contact == cm.Contact.id))
        .switch(A)
        .join(m.User, pw.JOIN.LEFT_OUTER, on=(A.user == m.User.id))
        .where((A.customer == customer_id) & A.deleted_at.is_null())
        .order_by(A.started_at.desc(), A.id.desc())
        .limit(limit)
        .objects()
    )
    rows: Any = query
    return [
        {
            "id": r.id,
            "at": r.started_at,
            "method": r.method,
            "purpose": r.purpose,
            "contact": r.contact_name,
            "user": r.user_login,
            "summary": r.summary,
            "result": r.result,
            "failure_reason": r.failure_reason,
            "minutes": r.minutes,
            "next_date": r.next_date,
            "next_status": r.next_status,
            "next_note": r.next_note,
        }
        for r in rows
    ]


def opportunities(customer_id: int, limit: int = LIMIT) -> list[Row]:
    Opp = sm.Opportunity
    query = (
        Opp.select(Opp, m.User.login.alias("owner_login"))
        .join(m.User, pw.JOIN.LEFT_OUTER, on=(Opp.owner == m.User.id))
        .where((Opp.customer == customer_id) & Opp.deleted_at.is_null())
        .order_by(Opp.created_at.desc(), Opp.id.desc())
        .limit(limit)
        .objects()
    )
    rows: Any = query
    return [
        {
            "code": r.code,
            "product": r.product,
            "amount": r.amount,
            "probability": r.probability,
            "stage": r.stage,
            "close_date": r.close_date,
            "status": r.status,
            "closed_on": r.closed_on,
            "reason": r.reason,
            "owner": r.owner_login,
        }
        for r in rows
    ]


def quotes(customer_id: int, limit: int = LIMIT) -> list[Row]:
    """Quotes with the order made from each (the latest live one), if any."""
    Q = sm.Quote
    rows = list(
        Q.select(Q.id, Q.code, Q.created_at, Q.subject, Q.total, Q.audited, Q.valid_until)
        .where((Q.customer == customer_id) & Q.deleted_at.is_null())
        .order_by(Q.created_at.desc(), Q.id.desc())
        .limit(limit)
    )
    made = _orders_of_quotes([r.id for r in rows])
    return [
        {
            "code": r.code,
            "date": r.created_at.date(),
            "subject": r.subject,
            "total": r.total,
            "valid_until": r.valid_until,
            "audited": r.audited,
            "order": made.get(r.id),
        }
        for r in rows
    ]


def _orders_of_quotes(quote_ids: list[int]) -> dict[int, str]:
    if not quote_ids:
        return {}
    S = sm.SalesOrder
    query = (
        S.select(S.quote, S.code)
        .where(S.quote.in_(quote_ids) & S.deleted_at.is_null() & (S.status != "cancelled"))
        .order_by(S.id)
    )
    return {int(row.quote_id or 0): row.code for row in query}  # later orders win


def orders(customer_id: int, limit: int = LIMIT) -> list[Row]:
    """Orders with what is received and still owed (nothing is owed on a cancelled one)."""
    S = sm.SalesOrder
    query = (
        S.select(S, m.User.login.alias("owner_login"))
        .join(m.User, pw.JOIN.LEFT_OUTER, on=(S.owner == m.User.id))
        .where((S.customer == customer_id) & S.deleted_at.is_null())
        .order_by(S.created_at.desc(), S.id.desc())
        .limit(limit)
        .objects()
    )
    rows: Any = query
    return [
        {
            "code": r.code,
            "kind": r.kind,
            "subject": r.subject,
            "status": r.status,
            "signed": r.signed,
            "due": r.due,
            "total": r.total,
            "received": r.received,
            "balance": ZERO if r.status == "cancelled" else r.total - r.received,
            "settled": r.settled,
            "owner": r.owner_login,
        }
        for r in rows
    ]


def plan(customer_id: int, limit: int = LIMIT) -> list[Row]:
    """The payment plan (ORD-2): the installments still owed on the customer's approved
    orders, the soonest due first (the paid ones are in ``receipts``)."""
    S, Inst = sm.SalesOrder, sm.Installment
    query = (
        Inst.select(Inst, S.code.alias("order_code"))
        .join(S, on=(Inst.order == S.id))
        .where((S.customer == customer_id) & S.deleted_at.is_null() & (S.status == "approved")
               & (Inst.received < Inst.amount))
        .order_by(Inst.due, S.code, Inst.number)
        .limit(limit)
        .objects()
    )  # fmt: skip
    rows: Any = query
    return [
        {
            "order": r.order_code,
            "number": r.number,
            "due": r.due,
            "amount": r.amount,
            "received": r.received,
            "open": r.amount - r.received,
        }
        for r in rows
    ]


def receipts(customer_id: int, limit: int = LIMIT) -> list[Row]:
    """Payments (收款单) on the customer's orders, newest first."""
    P, S = sm.Payment, sm.SalesOrder
    query = (
        P.select(P, S.code.alias("order_code"), sm.Installment.number.alias("installment_no"))
        .join(S, on=(P.order == S.id))
        .switch(P)
        .join(sm.Installment, pw.JOIN.LEFT_OUTER, on=(P.installment == sm.Installment.id))
        .where((S.customer == customer_id) & S.deleted_at.is_null() & P.deleted_at.is_null())
        .order_by(P.paid_on.desc(), P.id.desc())
        .limit(limit)
        .objects()
    )
    rows: Any = query
    return [
        {
            "code": r.code,
            "order": r.order_code,
            "installment": r.installment_no,
            "date": r.paid_on,
            "amount": r.amount,
            "method": r.method,
            "note": r.note,
        }
        for r in rows
    ]
