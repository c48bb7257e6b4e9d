"""What `crm export opportunities` writes: the columns (headers `crm import opportunities`
maps back) and the opportunities the actor may see, in code order (codes survive an
import, ids do not), read as the file is written.

The contact is written by code: two contacts of one customer may share a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import peewee as pw

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.listing import rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.exports.columns import CODE, DATE, MONEY, NUMBER, TEXT, Column, chosen
from crm_cli.store.imports.opportunity_rows import HEADERS
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_base
from crm_cli.store.sales.opportunities import narrowed

FIELDS = {
    "code": CODE, "customer": CODE, "name": TEXT, "contact": CODE, "description": TEXT,
    "amount": MONEY, "probability": NUMBER, "stage": TEXT, "close_date": DATE, "status": TEXT,
    "closed_on": DATE, "reason": TEXT,
}  # fmt: skip
DERIVED = {"customer_name": TEXT, "owner": TEXT}  # only with --fields; an import leaves them out


def opportunity_columns(fields: Sequence[str] | None = None) -> list[Column]:
    """The columns of an opportunity export, or ``fields`` of them in order."""
    found = [Column(f, HEADERS[f][0], f, kind) for f, kind in FIELDS.items()]
    return chosen(found, [Column(f, f, f, k) for f, k in DERIVED.items()], fields)


@streaming
def opportunity_rows(
    actor: User,
    *,
    customer: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """The opportunities the actor may see (filters and terms as in `crm opportunity list`)."""
    today = now_or(now).date()
    Opp, C, P = sm.Opportunity, cm.Customer, cm.Contact
    query = (
        Opp.select(Opp, C.code.alias("customer_code"), C.name.alias("customer_name"),
                 P.code.alias("contact_code"))
        .join(C, on=(Opp.customer == C.id))
        .join(P, pw.JOIN.LEFT_OUTER, on=(Opp.contact == P.id))
        .where(Opp.deleted_at.is_null() & C.deleted_at.is_null())
    )  # fmt: skip
    logins = order_base.logins()
    query = narrowed(
        query, actor, today, customer=customer, status=status, owner=owner, terms=terms
    )
    query = query.order_by(Opp.code)
    for row in rows(query.objects()):
        yield {
            "code": row.code, "customer": row.customer_code, "name": row.product,
            "contact": row.contact_code, "description": row.description, "amount": row.amount,
            "probability": row.probability, "stage": row.stage, "close_date": row.close_date,
            "status": row.status, "closed_on": row.closed_on, "reason": row.reason,
            "customer_name": row.customer_name, "owner": logins.get(row.owner_id),
        }  # fmt: skip
