"""Reading service tickets: one ticket, the list (paged in the database, each sort key
served by an index of migration 0009), and a customer's latest for the 360 view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.listing import ALL, Page, Sorts, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.customers.customers import find_row
from crm_cli.store.service import models as vm
from crm_cli.store.service import ticket_terms
from crm_cli.store.service.lookup import find, live_tickets, restrict
from crm_cli.store.service.records import OPEN, STATUSES, Ticket, record, records

T = vm.Ticket
SORTS = Sorts("tickets", {"created_at": T.created_at, "due_at": T.due_at, "code": T.code}, T.id)
STATUS_WORDS = (*STATUSES, "open")


@reading
def get_ticket(actor: User, ref: str, *, now: dt.datetime | None = None) -> Ticket:
    row, customer = find(actor, ref, now_or(now).date())
    return record(row, customer)


def _status(text: str) -> pw.Expression:
    word = choose(text, STATUS_WORDS, "status", kind="ticket status")
    return T.status.in_(list(OPEN)) if word == "open" else T.status == word


def _assignee(actor: User, text: str) -> pw.Expression:
    word = text.strip()
    if word.lower() == "none":
        return T.assignee.is_null()
    return T.assignee == (actor.id if word.lower() == "me" else user_row(word).id)


@streaming
def iter_tickets(
    actor: User,
    *,
    customer: str | None = None,
    status: str | None = None,
    assignee: str | None = None,
    type: str | None = None,
    sort: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Ticket]:
    """Tickets the actor may see, newest first (or by ``sort``: created_at, due_at, code,
    with ``-`` for descending); ``status`` may be ``open`` (not yet resolved), ``assignee``
    a login, ``me`` or ``none``; ``terms`` (SH-1, ``ticket_terms``) narrow them as the
    options do."""
    today = now_or(now).date()
    query = live_tickets()
    if customer:
        query = query.where(T.customer == find_row(actor, customer, today).id)
    if status:
        query = query.where(_status(status))
    if assignee:
        query = query.where(_assignee(actor, assignee))
    if type:
        # Not checked against the setting: a type the team dropped still names old tickets.
        query = query.where(T.type == type.strip().lower().replace(" ", "_"))
    for cond in ticket_terms.conditions(terms, actor, today):
        query = query.where(cond)
    order = SORTS.order_by(sort, [T.created_at.desc(), T.id.desc()])
    query = restrict(query, actor, today).order_by(*order)
    for chunk in chunks(page.apply(query)):
        yield from records(chunk)


def customer_tickets(customer_id: int, limit: int) -> list[dict[str, Any]]:
    """A customer's latest tickets for the 360 view, newest first, through (customer_id,
    created_at); the caller has checked that the actor may see the customer."""
    User = m.User
    query: Any = (
        T.select(T, User.login.alias("assignee_login"))
        .join(User, pw.JOIN.LEFT_OUTER, on=(T.assignee == User.id))
        .where((T.customer == customer_id) & T.deleted_at.is_null())
        .order_by(T.created_at.desc(), T.id.desc())
        .limit(limit)
        .objects()
    )
    return [
        {
            "code": r.code,
            "date": r.created_at.date(),
            "type": r.type,
            "priority": r.priority,
            "status": r.status,
            "subject": r.description,  # the name the TUI's Services tab shows it by
            "assignee": r.assignee_login,
            "due_at": r.due_at,
            "resolution": r.resolution,
            "satisfaction": r.satisfaction,
            "next_service": r.next_service,
        }
        for r in query
    ]
