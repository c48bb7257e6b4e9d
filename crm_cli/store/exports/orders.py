"""What `crm export orders` writes: one row per order line, the order's own columns
repeated on each (so every row reads alone, and `crm import orders` groups them back by
order code), its plan as ``DATE:AMOUNT,…`` (what `--plan` takes), in code order.

Orders are read a chunk at a time, and each chunk's lines and installments with two
queries, so memory holds a chunk whatever the count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.listing import chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.exports.columns import CODE, DATE, MONEY, NUMBER, TEXT, Column, chosen
from crm_cli.store.imports.bulk import tuples
from crm_cli.store.imports.orders_spec import HEADERS
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_base, order_terms

Ord, L, Inst = sm.SalesOrder, sm.OrderLine, sm.Installment
FIELDS = {
    "code": CODE, "customer": CODE, "subject": TEXT, "signed": DATE, "due": DATE,
    "status": TEXT, "reason": TEXT, "kind": TEXT, "quote": CODE, "notes": TEXT, "plan": TEXT,
    "total": MONEY, "product": CODE, "quantity": NUMBER, "unit_price": MONEY,
    "discount": NUMBER,
}  # fmt: skip
DERIVED = {
    "customer_name": TEXT, "owner": TEXT, "received": MONEY, "balance": MONEY,
    "product_name": TEXT, "amount": MONEY, "annual_fee": MONEY, "service_end": DATE,
}  # fmt: skip


def order_columns(fields: Sequence[str] | None = None) -> list[Column]:
    """The columns of an order export, or ``fields`` of them in order."""
    found = [Column(f, HEADERS[f][0], f, kind) for f, kind in FIELDS.items()]
    return chosen(found, [Column(f, f, f, k) for f, k in DERIVED.items()], fields)


def plain(number: Decimal) -> str:
    """2 rather than 2.000, 0.125 as it is: as `--line` takes a quantity or discount."""
    return format(number.normalize(), "f")


@streaming
def order_rows(
    actor: User,
    *,
    customer: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """A row per line of the orders the actor may see (filters and terms as in `crm order
    list`)."""
    today = now_or(now).date()
    C = cm.Customer
    query = Ord.select(Ord, C.code.alias("customer_code"), C.name.alias("customer_name")).join(
        C, on=(Ord.customer == C.id)
    )
    query = access.restrict(query.where(Ord.deleted_at.is_null()), actor, today)
    if customer:
        query = query.where(Ord.customer == find_row(actor, customer, today).id)
    if status:
        if status.strip().lower() not in order_base.STATUSES:
            raise InvalidInput(
                "unknown status {status!r}; statuses: {statuses}",
                status=status,
                statuses=", ".join(order_base.STATUSES),
            )
        query = query.where(Ord.status == status.strip().lower())
    if kind:
        query = query.where(Ord.kind == kind.strip().lower())
    for cond in order_terms.conditions(terms, actor, today):
        query = query.where(cond)
    logins = order_base.logins()
    for chunk in chunks(query.order_by(Ord.code).objects()):
        lines, plans, quotes = _details([o.id for o in chunk], [o.quote_id for o in chunk])
        for order in chunk:
            head = _head(order, logins, plans.get(order.id, []), quotes)
            for line in lines.get(order.id, []):
                yield {**head, **line}


def _head(
    order: Any, logins: dict[int, str], plan: list[Any], quotes: dict[int, str]
) -> dict[str, Any]:
    reason = order.reject_reason if order.status == "rejected" else order.cancel_reason
    return {
        "code": order.code, "customer": order.customer_code, "subject": order.subject,
        "signed": order.signed, "due": order.due, "status": order.status, "reason": reason,
        "kind": order.kind, "quote": quotes.get(order.quote_id or 0), "notes": order.notes,
        "plan": ",".join(f"{i.due}:{i.amount:.2f}" for i in plan), "total": order.total,
        "customer_name": order.customer_name, "owner": logins.get(order.owner_id),
        "received": order.received, "balance": order.total - order.received,
    }  # fmt: skip


def _details(
    ids: list[int], quote_ids: list[int | None]
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, list[Any]], dict[int, str]]:
    """The lines, installments and quote codes of a chunk of orders."""
    lines: dict[int, list[dict[str, Any]]] = {}
    query = L.select(L, sm.Product).join(sm.Product).where(L.order.in_(ids))
    for x in query.order_by(L.order, L.position):
        lines.setdefault(x.order_id, []).append({
            "product": x.product.code, "quantity": plain(x.quantity),
            "unit_price": x.unit_price, "discount": plain(x.discount),
            "product_name": x.product.name, "amount": x.amount, "annual_fee": x.annual_fee,
            "service_end": x.service_end,
        })  # fmt: skip
    plans: dict[int, list[Any]] = {}
    for inst in Inst.select().where(Inst.order.in_(ids)).order_by(Inst.due, Inst.number):
        plans.setdefault(inst.order_id, []).append(inst)
    wanted = [q for q in quote_ids if q]
    Q = sm.Quote
    quotes = dict(tuples(Q.select(Q.id, Q.code).where(Q.id.in_(wanted)))) if wanted else {}
    return lines, plans, quotes
