"""Arrears per customer (PAY-2, `receivable list --by-customer`): the customers who owe the
most first, each one's receivables summed exactly.

The customers are walked down the index on (balance_owed, id), a chunk at a time (each
from the last one's key), and only each chunk's orders are read: the first page costs the
same whatever the book's size. ``balance_owed`` (kept by every approval, payment and
cancellation) orders them; the sums shown are those of the customer's receivables as of
the day.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import peewee as pw

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.listing import ALL, Page, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.sales import receivable_terms
from crm_cli.store.sales.order_base import logins
from crm_cli.store.sales.order_records import CustomerBalance, Receivable
from crm_cli.store.sales.order_totals import ZERO
from crm_cli.store.sales.receivables import Ord, items_of, overdue_condition

CHUNK = 200  # customers whose orders are read at a time


@streaming
def iter_balances(
    actor: User,
    *,
    customer: str | None = None,
    overdue: bool = False,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[CustomerBalance]:
    """Per-customer arrears as of ``now``, largest balance owed first; ``overdue``: only
    overdue receivables count (and customers with none are left out); ``terms`` (SH-1,
    ``receivable_terms``): only the receivables they select count, as ``overdue`` does."""
    today = now_or(now).date()
    C = cm.Customer
    query = access.restrict(C.select(C.id, C.code, C.name, C.owner, C.balance_owed), actor, today)
    query = query.where(C.balance_owed > 0)
    if customer:
        query = query.where(C.id == find_row(actor, customer, today, deleted=None).id)
    wanted = [*receivable_terms.conditions(terms, actor, today)]
    if wanted:  # only customers with such a receivable are walked
        owing = Ord.select(Ord.customer).join(C, on=(Ord.customer == C.id))
        query = query.where(C.id.in_(owing.where(*wanted)))
    names, limit = logins(), page.check().limit
    end = None if limit is None else page.offset + limit
    found = (
        balance
        for chunk in _walk(query.order_by(C.balance_owed.desc(), C.id.desc()), end)
        for balance in _sums(today, chunk, names, overdue, wanted)
    )
    yield from itertools.islice(found, page.offset, end)


def _walk(query: Any, wanted: int | None) -> Iterator[list[cm.Customer]]:
    """The customers of ``query`` (largest balance first): first as many as a page wants,
    then ``CHUNK`` at a time, each chunk read on from the last one's key: one short index
    walk per chunk, no cursor held open while the chunk's orders are read."""
    C = cm.Customer
    chunk = list(query.limit(min(wanted or CHUNK, CHUNK) or 1))
    while chunk:
        yield chunk
        last = pw.Tuple(chunk[-1].balance_owed, chunk[-1].id)
        chunk = list(query.where(pw.Tuple(C.balance_owed, C.id) < last).limit(CHUNK))


def _sums(
    today: dt.date,
    rows: list[cm.Customer],
    names: dict[int, str],
    overdue: bool,
    wanted: list[Any],
) -> Iterator[CustomerBalance]:
    """The balances of these customers, in their order, from one read of their orders."""
    # These customers' orders through the customer index; the customers are visible
    # already. "Approved" and "not settled" are checked here: as conditions they drew
    # SQLite (no statistics) onto the (status, submitted_at) and (settled, due) indexes,
    # past every approved or unsettled order of the book.
    C = cm.Customer
    query = (
        Ord.select(Ord, C)
        .join(C, on=(Ord.customer == C.id))
        .where(Ord.customer.in_([r.id for r in rows]))
        .where(Ord.deleted_at.is_null() & (Ord.received < Ord.total))
    )
    if overdue:
        query = query.where(overdue_condition(today))
    for cond in wanted:
        query = query.where(cond)
    owed = [order for order in query if order.status == "approved" and not order.settled]
    groups: dict[int, list[Receivable]] = {}
    for order, receivable in items_of(owed, today, names):
        groups.setdefault(order.customer_id, []).append(receivable)
    for row in rows:
        items = groups.get(row.id)
        if items:
            yield CustomerBalance(
                customer=row.code, customer_name=row.name, owner=names.get(row.owner_id or 0),
                orders=len(items), total=sum((x.total for x in items), ZERO),
                received=sum((x.received for x in items), ZERO),
                balance=sum((x.balance for x in items), ZERO),
                overdue=sum((x.overdue for x in items), ZERO),
                days_overdue=max(x.days_overdue for x in items),
            )  # fmt: skip


@reading
def customer_balances(
    actor: User,
    *,
    customer: str | None = None,
    overdue: bool = False,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> list[CustomerBalance]:
    """``iter_balances`` as a list."""
    return list(iter_balances(actor, customer=customer, overdue=overdue, now=now, terms=terms))
