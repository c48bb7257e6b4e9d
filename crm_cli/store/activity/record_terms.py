"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for contact
records: ``crm contact history method:visit date.since:-30d result:deal user:me``.

Fields: the record's ``method`` (phone, visit … Chinese names too), ``result`` (continue,
deal, failed), ``purpose``, ``cause``, ``place``, ``summary``, ``project``, ``order``
(text), ``minutes``, ``date`` (when it happened; a day compares with its start, so
``date.since:DAY`` includes that day and ``date.before:DAY`` does not), ``next`` (the next
contact date it set), ``user`` (= ``owner``, who logged it, ``me``), and its customer's
``customer`` (code), ``city`` and ``level``. Tags: ``+mine`` (you logged it), ``+deal``,
``+failed``, ``+next`` (it set a next contact date). Words match the summary or the
customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.activity import models as am
from crm_cli.store.activity.fields import METHODS, RESULTS
from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.customers import models as cm

A, C = am.Activity, cm.Customer
FIELDS = {
    "method": Column(A.method, "choice", METHODS, "contact method"),
    "result": Column(A.result, "choice", RESULTS, "contact result"),
    "purpose": Column(A.purpose, "text"), "cause": Column(A.reason, "text"),
    "place": Column(A.place, "text"), "summary": Column(A.summary, "text"),
    "project": Column(A.project, "text"), "order": Column(A.order_ref, "text"),
    "minutes": Column(A.minutes, "int"), "date": Column(A.started_at, "date"),
    "next": Column(A.next_date, "date"), "user": Column(A.user, "owner"),
    "owner": Column(A.user, "owner"), "customer": Column(C.code, "text"),
    "city": Column(C.city, "text"), "level": Column(C.level, "text"),
}  # fmt: skip
# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "mine": lambda a, t: A.user.is_null(False) & (A.user == a.id),
    "deal": lambda a, t: A.result == "deal",
    "failed": lambda a, t: A.result == "failed",
    "next": lambda a, t: A.next_date.is_null(False),
}
VOCABULARY = Vocabulary(
    "contact record", FIELDS, TAGS, lambda w: A.summary.contains(w) | C.name.contains(w)
)


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on contact records joined to their customer."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
