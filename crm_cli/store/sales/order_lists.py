"""Order lists (ORD-1): the orders a user may see, newest first, read as the caller
iterates; their plans and quote codes looked up a chunk at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_terms
from crm_cli.store.sales.order_base import KINDS, STATUSES, logins, order_record
from crm_cli.store.sales.order_records import Order

Ord = sm.SalesOrder


@streaming
def iter_orders(
    actor: User,
    *,
    customer: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Order]:
    """Orders the actor may see, newest first, read as the caller iterates; ``terms`` (SH-1,
    ``order_terms``) narrow them as the options do."""
    today = now_or(now).date()
    query = Ord.select(Ord, cm.Customer).join(cm.Customer, on=(Ord.customer == cm.Customer.id))
    query = access.restrict(query.where(Ord.deleted_at.is_null()), actor, today)
    if customer:
        query = query.where(Ord.customer == find_row(actor, customer, today, deleted=None).id)
    if status:
        word = choose(status, STATUSES, "status", kind="order status")
        query = query.where(Ord.status == word)
    if kind:
        query = query.where(Ord.kind == choose(kind, KINDS, "order kind"))
    for cond in order_terms.conditions(terms, actor, today):
        query = query.where(cond)
    query = query.order_by(Ord.created_at.desc(), Ord.id.desc())
    for chunk in chunks(page.apply(query)):
        yield from _records(chunk)


@reading
def list_orders(
    actor: User,
    *,
    customer: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    now: dt.datetime | None = None,
) -> list[Order]:
    """``iter_orders`` as a list."""
    return list(iter_orders(actor, customer=customer, status=status, kind=kind, now=now))


def _records(rows: list[sm.SalesOrder]) -> list[Order]:
    names = logins()
    Inst = sm.Installment
    plans: dict[int, list[sm.Installment]] = {}
    if rows:
        for inst in Inst.select().where(Inst.order.in_([r.id for r in rows])):
            plans.setdefault(inst.order_id, []).append(inst)
    quotes = {}
    quote_ids = [r.quote_id for r in rows if r.quote_id]
    if quote_ids:
        quotes = {q.id: q.code for q in sm.Quote.select().where(sm.Quote.id.in_(quote_ids))}
    return [
        order_record(r, r.customer, names, plans.get(r.id, []), quotes.get(r.quote_id or 0))
        for r in rows
    ]


def orders_for_quote(quote_id: int) -> list[Order]:
    """Orders made from a quote (the quote's show lists them); call inside a store function."""
    rows = list(
        Ord.select(Ord, cm.Customer)
        .join(cm.Customer, on=(Ord.customer == cm.Customer.id))
        .where((Ord.quote == quote_id) & Ord.deleted_at.is_null())
        .order_by(Ord.id)
    )
    return _records(rows)
