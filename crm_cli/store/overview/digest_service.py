"""Digest kinds about service tickets (issue 13, point 2): open tickets assigned to the
user, tickets due by today that are not resolved, and next services due.

Each starts from one of the ticket indexes of migration 0009, one status at a time, so it
reads the user's own open tickets, never the whole service desk: (assignee_id, status,
due_at), (created_by_id, status, due_at) for tickets nobody was given yet, and
(next_service_by_id, next_service). A ticket due by today is listed as due, not also as
open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core.errors import N_, Phrase
from crm_cli.store.customers import models as cm
from crm_cli.store.overview.digest_items import (
    DigestItem,
    Found,
    Window,
    customer_columns,
    first,
    item,
    live,
    urgent,
    who,
)
from crm_cli.store.service import models as vm

T = vm.Ticket
WORKING = ("assigned", "in_progress")  # what an assignee has on their desk
SHORT = 60  # characters of the description an item shows
# The words an item names (the seed's ticket types, the priorities and statuses): each a
# template of its own, translated where shown; a type a team added stays as it is.
WORDS = {
    "repair": N_("repair"), "consultation": N_("consultation"), "complaint": N_("complaint"),
    "care_visit": N_("care visit"), "installation": N_("installation"),
    "low": N_("low"), "normal": N_("normal"), "high": N_("high"), "urgent": N_("urgent"),
    "unprocessed": N_("unprocessed"), "assigned": N_("assigned"),
    "in_progress": N_("in progress"), "resolved": N_("resolved"), "closed": N_("closed"),
}  # fmt: skip


def _word(value: str) -> str:
    """``value`` with spaces for underscores, a ``Phrase`` when it is a word the catalog has."""
    return Phrase(WORDS[value]) if value in WORDS else value.replace("_", " ")


def _select(scope: Any) -> Any:
    C = cm.Customer
    return (
        T.select(
            T.id,
            T.code,
            T.type,
            T.priority,
            T.status,
            T.description,
            T.due_at,
            T.next_service,
            *customer_columns(),
        )
        .join(C, on=(T.customer == C.id))
        .where(scope & T.deleted_at.is_null() & live())
    )


def _end_of_today(w: Window) -> dt.datetime:
    return dt.datetime.combine(w.today + dt.timedelta(days=1), dt.time())


def _text(row: Any) -> Phrase:
    about = row.description if len(row.description) <= SHORT else row.description[:SHORT] + "…"
    return Phrase(
        "{code} {type} ({priority}, {status}): {about}",
        code=row.code, type=_word(row.type), priority=_word(row.priority),
        status=_word(row.status), about=about,
    )  # fmt: skip


def _collect(w: Window, queries: list[tuple[Any, Any]], due: Any) -> Found:
    """Items of several queries (each with its ORDER BY), merged by urgency; all counted."""
    found: list[DigestItem] = []
    count = 0
    for query, order in queries:
        for row in first(w, query.order_by(*order)).namedtuples():
            found.append(item(w, due(row), _text(row), row.code, who(row)))
        count += query.count()
    return Found(urgent(w, found), count)


def open_tickets(w: Window) -> Found:
    """Tickets assigned to the user, not resolved and not due by today: read oldest first
    (the limit keeps those waiting longest), listed by due date (today if none)."""
    end = _end_of_today(w)
    later = T.due_at.is_null() | (T.due_at >= end)
    queries = [
        (_select((T.assignee == w.user.id) & (T.status == status) & later), (T.created_at, T.id))
        for status in WORKING
    ]
    return _collect(w, queries, lambda row: row.due_at.date() if row.due_at else w.today)


def due_tickets(w: Window) -> Found:
    """Unresolved tickets due by the end of today: the user's own, and those the user
    recorded that nobody was given yet."""
    due = T.due_at < _end_of_today(w)
    scopes = [(T.assignee == w.user.id) & (T.status == status) for status in WORKING]
    scopes.append((T.created_by == w.user.id) & (T.status == "unprocessed"))
    queries = [(_select(scope & due), (T.due_at, T.id)) for scope in scopes]
    return _collect(w, queries, lambda row: row.due_at.date())


def next_services(w: Window) -> Found:
    """Next services the user planned, due by the window's end (overdue included)."""
    query = _select((T.next_service_by == w.user.id) & (T.next_service <= w.until))
    found = [
        item(
            w,
            row.next_service,
            Phrase("next service after {code} ({type})", code=row.code, type=_word(row.type)),
            row.code,
            who(row),
        )
        for row in first(w, query.order_by(T.next_service, T.id)).namedtuples()
    ]
    return Found(found, query.count())
