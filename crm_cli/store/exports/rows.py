"""The records an export writes, read as the file is written (any number of them), through
the lists' own filters and visibility: a sales user exports only what they may see.

Customers come in code order and contacts in the order they were added, so an export,
imported into an empty database and exported again, gives the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.listing import Page, rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import contact_terms
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.contacts import to_record
from crm_cli.store.customers.customers import find_row
from crm_cli.store.customers.query import CustomerFilter, build_query
from crm_cli.store.customers.records import Customer
from crm_cli.store.customers.rows import customer_rows as _customer_rows
from crm_cli.store.exports.columns import Column
from crm_cli.store.exports.joined import Joined, customer_lines

SORT = "code"  # codes survive an import, ids do not


@streaming
def customer_rows(
    actor: User,
    columns: Sequence[Column],
    flt: CustomerFilter | None = None,
    *,
    sort: str | None = None,
    now: dt.datetime | None = None,
    only: int | None = None,
) -> Iterator[dict[str, Any]]:
    """The visible customers matching ``flt`` as dicts of the ``columns``' fields (custom
    fields as ``custom.KEY``), in code order unless ``sort``; the one of id ``only``, if
    given."""
    custom = [c.field.removeprefix("custom.") for c in columns if c.field.startswith("custom.")]
    names = [c.field for c in columns if c.field in Customer._fields]
    wanted = [*names, "custom"] if custom else names
    found = _customer_rows(
        actor, flt, fields=wanted, sort=sort or SORT, page=Page(), now=now, only=only
    )
    for row in found:
        values = row.pop("custom", None) if custom else None
        for key in custom:
            row[f"custom.{key}"] = values.get(key) if values else None
        yield row


def customer_csv_rows(
    actor: User,
    columns: Sequence[Column],
    flt: CustomerFilter | None = None,
    *,
    sort: str | None = None,
    now: dt.datetime | None = None,
) -> Joined | Iterator[dict[str, Any]]:
    """``customer_rows`` for a CSV: on SQLite, ``Joined`` texts that SQLite renders (a
    million customers in a fraction of the time); elsewhere the dicts."""

    def one(customer_id: int) -> dict[str, Any]:
        found = customer_rows(actor, columns, now=now, only=customer_id)
        try:
            return next(found)
        finally:
            found.close()  # type: ignore[attr-defined]  # a generator: end its query now

    flt = flt or CustomerFilter()
    joined = customer_lines(actor, columns, flt, sort or SORT, one, now)
    return joined if joined is not None else customer_rows(actor, columns, flt, sort=sort, now=now)


@streaming
def contact_rows(
    actor: User,
    customer_ref: str | None = None,
    flt: CustomerFilter | None = None,
    *,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """The contacts of the visible customers matching ``flt`` (of ``customer_ref`` only,
    when given) and the contact terms ``terms`` (SH-1, ``customers.contact_terms``),
    oldest first, as dicts of ``Contact``'s fields."""
    today = now_or(now).date()
    P, C = cm.Contact, cm.Customer
    chosen = build_query(actor, flt or CustomerFilter(), today).select(C.id)
    query = (
        P.select(P, C)
        .join(C)
        .where(P.deleted_at.is_null() & C.deleted_at.is_null() & P.customer.in_(chosen))
        .order_by(P.id)
    )
    if customer_ref:
        query = query.where(P.customer == find_row(actor, customer_ref, today).id)
    for cond in contact_terms.conditions(terms, actor, today):
        query = query.where(cond)
    for row in rows(query):
        yield to_record(row, row.customer)._asdict()
