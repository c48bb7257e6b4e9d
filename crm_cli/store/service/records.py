"""What a service ticket is to callers (``Ticket``), built from rows with one query per
looked-up table for a whole batch, never one per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.service import models as vm

STATUSES = ("unprocessed", "assigned", "in_progress", "resolved", "closed")
OPEN = ("unprocessed", "assigned", "in_progress")
PRIORITIES = ("low", "normal", "high", "urgent")


class Ticket(NamedTuple):
    id: int
    code: str
    customer: str
    customer_name: str
    type: str
    priority: str
    status: str
    description: str
    contact: str | None
    product: str | None
    product_name: str | None
    order_line: str | None  # ORDER/N: the order's code and the line's position
    assignee: str | None
    due_at: dt.datetime | None
    resolution: str
    satisfaction: int | None
    feedback: str
    next_service: dt.date | None
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    assigned_at: dt.datetime | None
    started_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Names(NamedTuple):
    """What a batch of rows refers to, by id."""

    logins: dict[int, str]
    contacts: dict[int, str]
    products: dict[int, tuple[str, str]]
    lines: dict[int, str]


def names_for(rows: Iterable[vm.Ticket]) -> Names:
    rows = list(rows)
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}
    contact_ids = {r.contact_id for r in rows if r.contact_id}
    contacts = {
        c.id: c.name
        for c in cm.Contact.select(cm.Contact.id, cm.Contact.name).where(
            cm.Contact.id.in_(list(contact_ids))
        )
    } if contact_ids else {}  # fmt: skip
    product_ids = {r.product_id for r in rows if r.product_id}
    P = sm.Product
    products = {
        p.id: (p.code, p.name)
        for p in P.select(P.id, P.code, P.name).where(P.id.in_(list(product_ids)))
    } if product_ids else {}  # fmt: skip
    return Names(logins, contacts, products, _lines({r.order_line_id for r in rows}))


def _lines(ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    L, Ord = sm.OrderLine, sm.SalesOrder
    query: Any = (  # plain tuples: (line id, position, order code)
        L.select(L.id, L.position, Ord.code)
        .join(Ord, on=(L.order == Ord.id))
        .where(L.id.in_(wanted))
    )
    return {line: f"{code}/{position}" for line, position, code in query.tuples()}


def record(row: vm.Ticket, customer: cm.Customer, names: Names | None = None) -> Ticket:
    """One ticket; ``names`` from ``names_for`` when building many."""
    names = names or names_for([row])
    product = names.products.get(row.product_id or 0)
    login = names.logins.get
    return Ticket(
        id=row.id, code=row.code, customer=customer.code, customer_name=customer.name,
        type=row.type, priority=row.priority, status=row.status, description=row.description,
        contact=names.contacts.get(row.contact_id or 0),
        product=product[0] if product else None, product_name=product[1] if product else None,
        order_line=names.lines.get(row.order_line_id or 0),
        assignee=login(row.assignee_id or 0), due_at=row.due_at, resolution=row.resolution,
        satisfaction=row.satisfaction, feedback=row.feedback, next_service=row.next_service,
        created_by=login(row.created_by_id or 0), created_at=row.created_at,
        updated_at=row.updated_at, assigned_at=row.assigned_at, started_at=row.started_at,
        resolved_at=row.resolved_at, closed_at=row.closed_at,
    )  # fmt: skip


def records(rows: list[vm.Ticket]) -> list[Ticket]:
    """Records of rows selected with their customer joined in."""
    names = names_for(rows)
    return [record(r, r.customer, names) for r in rows]


def snapshot(row: vm.Ticket) -> dict[str, Any]:
    """The fields the operation log compares before and after a step."""
    fields = ("type", "priority", "status", "description", "contact_id", "product_id",
              "order_line_id", "assignee_id", "due_at", "resolution", "satisfaction",
              "feedback", "next_service")  # fmt: skip
    return {name.removesuffix("_id"): getattr(row, name) for name in fields}
