"""What `crm export quotes` writes: one row per quote line, the quote's own values repeated
on each, with the headers `crm import quotes` maps back (it groups the rows again by the
quote's code, 报价单编码). Quotes come in code order (codes survive an import, ids do
not) and their lines by position, read as the file is written; a sales user gets the
quotes of the customers they may see.

The customer, contact and product are written by code: names may repeat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.listing import rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.exports.columns import BOOL, CODE, DATE, MONEY, NUMBER, TEXT, Column, chosen
from crm_cli.store.imports.bulk import tuples
from crm_cli.store.imports.quotes_spec import HEADERS
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import quote_terms

FIELDS = {
    "code": CODE, "ref": TEXT, "customer": CODE, "contact": CODE, "subject": TEXT,
    "valid_until": DATE, "notes": TEXT, "product": CODE, "quantity": NUMBER, "price": MONEY,
    "discount": NUMBER,
}  # fmt: skip
# Only with --fields; an import leaves them out (a line's amount and the total follow
# from the rest, the handler is whoever imports).
DERIVED = {
    "customer_name": TEXT, "product_name": TEXT, "amount": MONEY, "total": MONEY,
    "handler": TEXT, "audited": BOOL, "position": NUMBER,
}  # fmt: skip


def quote_columns(fields: Sequence[str] | None = None) -> list[Column]:
    """The columns of a quote export, or ``fields`` of them in order."""
    found = [Column(f, HEADERS[f][0], f, kind) for f, kind in FIELDS.items()]
    return chosen(found, [Column(f, f, f, k) for f, k in DERIVED.items()], fields)


def plain(value: Decimal | None) -> str | None:
    """A quantity or percentage as written: 2 rather than 2.000, 0.125 as is; none for 0."""
    if not value:
        return None
    return format(value.normalize(), "f")


@streaming
def quote_rows(
    actor: User,
    *,
    customer: str | None = None,
    audited: bool | None = None,
    deleted: bool = False,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """The lines of the quotes `crm quote list` would show with these filters and terms."""
    today = now_or(now).date()
    Q, C, P, L, R = sm.Quote, cm.Customer, cm.Contact, sm.QuoteLine, sm.Product
    query = (
        Q.select(Q.code, Q.ref, C.code, P.code, Q.subject, Q.valid_until, Q.notes, R.code,
                 L.quantity, L.unit_price, L.discount, C.name, R.name, L.amount, Q.total,
                 Q.handler, Q.audited, L.position)
        .join(C, on=(Q.customer == C.id))
        .join(L, on=(L.quote == Q.id))
        .join(R, on=(L.product == R.id))
        .join(P, pw.JOIN.LEFT_OUTER, on=(Q.contact == P.id))
        .where(Q.deleted_at.is_null(not deleted) & C.deleted_at.is_null())
    )  # fmt: skip
    if customer:
        query = query.where(Q.customer == find_row(actor, customer, today).id)
    if audited is not None:
        query = query.where(Q.audited == audited)
    for cond in quote_terms.conditions(terms, actor, today):
        query = query.where(cond)
    logins: dict[int, str] = dict(tuples(m.User.select(m.User.id, m.User.login)))
    query = access.restrict(query, actor, today).order_by(Q.code, L.position)
    for row in rows(query.tuples()):
        yield {
            "code": row[0], "ref": row[1], "customer": row[2], "contact": row[3],
            "subject": row[4], "valid_until": row[5], "notes": row[6], "product": row[7],
            "quantity": plain(row[8]), "price": row[9], "discount": plain(row[10]),
            "customer_name": row[11], "product_name": row[12], "amount": row[13],
            "total": row[14], "handler": logins.get(row[15]), "audited": row[16],
            "position": row[17],
        }  # fmt: skip
