"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for orders:
``crm order list status:已审批 balance.over:1万 signed.after:2026-01-01 +overdue owner:me``.

Fields: the order's ``code``, ``subject``, ``notes`` (text), ``status`` (draft, submitted,
approved, rejected, cancelled, Chinese names too), ``kind`` (sale, service_fee), ``total``,
``received``, ``balance`` (money), ``signed``, ``due`` (its receivable date), ``created``,
``owner`` (``me``), and its customer's ``customer`` (code), ``city`` and ``level``. Tags:
``+owed`` (approved with a balance), ``+overdue`` (owed and late by the receivables' rule:
an open installment past due, or with no open installment the receivable date passed),
``+mine``, and one per status (``+draft``, ``+approved`` …). Words match the subject, the
code or the customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.arrears import overdue_condition, owed_condition
from crm_cli.store.sales.order_base import KINDS, STATUSES

Ord, C = sm.SalesOrder, cm.Customer
FIELDS = {
    "code": Column(Ord.code, "text"), "subject": Column(Ord.subject, "text"),
    "notes": Column(Ord.notes, "text"),
    "status": Column(Ord.status, "choice", STATUSES, "order status"),
    "kind": Column(Ord.kind, "choice", KINDS, "order kind"),
    "total": Column(Ord.total, "money"), "received": Column(Ord.received, "money"),
    "balance": Column(Ord.total - Ord.received, "money"),
    "signed": Column(Ord.signed, "date"), "due": Column(Ord.due, "date"),
    "created": Column(Ord.created_at, "date"), "owner": Column(Ord.owner, "owner"),
    "customer": Column(C.code, "text"), "city": Column(C.city, "text"),
    "level": Column(C.level, "text"),
}  # fmt: skip


def _status(word: str) -> Callable[[User, dt.date], Any]:
    return lambda a, t: Ord.status == word


TAGS = {
    "owed": lambda a, t: owed_condition(),
    "overdue": lambda a, t: owed_condition() & overdue_condition(t),
    "mine": lambda a, t: Ord.owner.is_null(False) & (Ord.owner == a.id),  # -mine: never NULL
    **{word: _status(word) for word in STATUSES},
}
VOCABULARY = Vocabulary(
    "order", FIELDS, TAGS,
    lambda w: Ord.subject.contains(w) | Ord.code.contains(w) | C.name.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on orders joined to their customer."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
