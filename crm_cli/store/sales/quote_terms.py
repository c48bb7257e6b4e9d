"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for quotes:
``crm quote list valid.before:+7d -expired total.over:5万 handler:me``.

Fields: the quote's ``code``, ``ref`` (an imported file's reference), ``subject``,
``notes`` (text), ``total`` (money), ``valid`` (= ``valid_until``, the last day it
holds), ``created``, ``handler`` (= ``owner``, ``me``), and its customer's ``customer``
(code), ``city`` and ``level``. Tags: ``+expired`` (its valid-until day has passed),
``+audited``, ``+mine`` (you handle it), ``+ordered`` (an order that still stands was
made from it, the rule ``--again`` uses). Words match the subject, the code or the
customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import peewee as pw

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_base import made_from

Q, C, Ord = sm.Quote, cm.Customer, sm.SalesOrder
FIELDS = {
    "code": Column(Q.code, "text"), "ref": Column(Q.ref, "text"),
    "subject": Column(Q.subject, "text"), "notes": Column(Q.notes, "text"),
    "total": Column(Q.total, "money"), "valid": Column(Q.valid_until, "date"),
    "valid_until": Column(Q.valid_until, "date"), "created": Column(Q.created_at, "date"),
    "handler": Column(Q.handler, "owner"), "owner": Column(Q.handler, "owner"),
    "customer": Column(C.code, "text"), "city": Column(C.city, "text"),
    "level": Column(C.level, "text"),
}  # fmt: skip
# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "expired": lambda a, t: Q.valid_until.is_null(False) & (Q.valid_until < t),
    "audited": lambda a, t: Q.audited == True,  # noqa: E712
    "mine": lambda a, t: Q.handler.is_null(False) & (Q.handler == a.id),
    "ordered": lambda a, t: pw.fn.EXISTS(Ord.select(Ord.id).where(made_from(Q.id))),
}
VOCABULARY = Vocabulary(
    "quote", FIELDS, TAGS,
    lambda w: Q.subject.contains(w) | Q.code.contains(w) | C.name.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on quotes joined to their customer."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
