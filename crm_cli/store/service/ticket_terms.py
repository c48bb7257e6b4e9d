"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for service
tickets: ``crm service list status:in_progress priority:urgent customer.city:深圳 +overdue``.

Fields: the ticket's ``code``, ``type``, ``description``, ``resolution``, ``feedback``
(text), ``status`` (unprocessed, assigned, in_progress, resolved, closed) and ``priority``
(low, normal, high, urgent; Chinese names too), ``satisfaction`` (1-5), ``assignee`` and
``creator`` (``me``; ``assignee:`` for nobody), ``opened`` (= ``created``), ``due``,
``resolved``, ``closed`` (a date-and-time compares with the day's start), ``next`` (the
next service date); its customer's ``customer`` (code), ``city``, ``level`` and ``owner``
(``me``); and any customer term through the customer as ``customer.FIELD``
(``customer.next.before:today``), compiled as the customer list compiles it.

Tags: ``+mine`` (assigned to you), ``+unassigned``, ``+open`` (not yet resolved: the
statuses ``records.OPEN``, as ``--status open``), ``+overdue`` (open, and its due day has
passed); any other tag is the customer's (``+owed``, ``+uncontacted30``, ``+pool_soon`` …).
Words match the code, the description or the customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.core.terms import Term
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import through_terms
from crm_cli.store.service import models as vm
from crm_cli.store.service.records import OPEN, PRIORITIES, STATUSES

T, C = vm.Ticket, cm.Customer
_TEXTS = ("code", "type", "description", "resolution", "feedback")
FIELDS = {
    **{name: Column(getattr(T, name), "text") for name in _TEXTS},
    "status": Column(T.status, "choice", STATUSES, "ticket status"),
    "priority": Column(T.priority, "choice", PRIORITIES, "priority"),
    "satisfaction": Column(T.satisfaction, "int"),
    "assignee": Column(T.assignee, "owner"), "creator": Column(T.created_by, "owner"),
    "opened": Column(T.created_at, "date"), "created": Column(T.created_at, "date"),
    "due": Column(T.due_at, "date"), "resolved": Column(T.resolved_at, "date"),
    "closed": Column(T.closed_at, "date"), "next": Column(T.next_service, "date"),
    "customer": Column(C.code, "text"), "city": Column(C.city, "text"),
    "level": Column(C.level, "text"), "owner": Column(C.owner, "owner"),
}  # fmt: skip


def _overdue(actor: User, today: dt.date) -> Any:
    start = dt.datetime.combine(today, dt.time())
    return T.status.in_(list(OPEN)) & T.due_at.is_null(False) & (T.due_at < start)


# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "mine": lambda a, t: T.assignee.is_null(False) & (T.assignee == a.id),
    "unassigned": lambda a, t: T.assignee.is_null(),
    "open": lambda a, t: T.status.in_(list(OPEN)),
    "overdue": _overdue,
}
VOCABULARY = Vocabulary(
    "ticket", FIELDS, TAGS,
    lambda w: T.code.contains(w.upper()) | T.description.contains(w) | C.name.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str | Term], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on tickets joined to their customer.

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    return through_terms.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker_of(conditions)
