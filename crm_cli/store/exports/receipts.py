"""What `crm export receipts` writes: the receipts (收款单) of the orders the actor may
see, with the headers `crm import receipts` maps back, in code order, read as the file
is written. Each names its installment (期数), so an import puts the money back where it
was; the customer is written for the reader (an import takes it from the order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import peewee as pw

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.listing import rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.exports.columns import CODE, DATE, MONEY, NUMBER, TEXT, Column, chosen
from crm_cli.store.imports.receipts_spec import HEADERS
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_base, receipt_terms

FIELDS = {
    "code": CODE, "order": CODE, "customer": CODE, "paid_on": DATE, "amount": MONEY,
    "method": TEXT, "installment": NUMBER, "note": TEXT, "user": TEXT,
}  # fmt: skip
DERIVED = {"customer_name": TEXT}
# The customer's header: 客户编号, which a receipt file may have and an import leaves out.
CUSTOMER_HEADER = "客户编号"


def receipt_columns(fields: Sequence[str] | None = None) -> list[Column]:
    """The columns of a receipt export, or ``fields`` of them in order."""
    found = [
        Column(f, CUSTOMER_HEADER if f == "customer" else HEADERS[f][0], f, kind)
        for f, kind in FIELDS.items()
    ]
    return chosen(found, [Column(f, f, f, k) for f, k in DERIVED.items()], fields)


@streaming
def receipt_rows(
    actor: User,
    *,
    customer: str | None = None,
    order: str | None = None,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """The receipts of the visible orders (of one customer's, or one order's) matching the
    query-language ``terms`` (SH-1, ``sales.receipt_terms``)."""
    today = now_or(now).date()
    P, Ord, C, Inst = sm.Payment, sm.SalesOrder, cm.Customer, sm.Installment
    query = (
        P.select(P, Ord.code.alias("order_code"), C.code.alias("customer_code"),
                 C.name.alias("customer_name"), Inst.number.alias("number"))
        .join(Ord, on=(P.order == Ord.id))
        .join(C, on=(Ord.customer == C.id))
        .switch(P)
        .join(Inst, pw.JOIN.LEFT_OUTER, on=(P.installment == Inst.id))
        .where(Ord.deleted_at.is_null() & P.deleted_at.is_null())
    )  # fmt: skip
    if customer:
        query = query.where(Ord.customer == find_row(actor, customer, today).id)
    if order:
        query = query.where(P.order == order_base.find_order(actor, order, today)[0].id)
    for cond in receipt_terms.conditions(terms, actor, today):
        query = query.where(cond)
    logins = order_base.logins()
    for row in rows(access.restrict(query, actor, today).order_by(P.code).objects()):
        yield {
            "code": row.code, "order": row.order_code, "customer": row.customer_code,
            "paid_on": row.paid_on, "amount": row.amount, "method": row.method,
            "installment": row.number, "note": row.note, "user": logins.get(row.user_id),
            "customer_name": row.customer_name,
        }  # fmt: skip
