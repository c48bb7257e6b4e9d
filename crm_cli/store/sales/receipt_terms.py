"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for receipts
(收款单): ``crm export receipts paid.since:2026-11-01 amount.over:1万 owner:me``.

Fields: the receipt's ``code``, ``method``, ``note`` (text), ``amount`` (money), ``paid``
(= ``date``, the day paid), ``user`` (who recorded it, ``me``); its order's ``order``
(code) and ``owner`` (``me``); its customer's ``customer`` (code), ``city`` and
``level``. Tag: ``+mine`` (the order is yours). Words match the receipt's or the order's
code, the note or the customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

P, Ord, C = sm.Payment, sm.SalesOrder, cm.Customer
FIELDS = {
    "code": Column(P.code, "text"), "method": Column(P.method, "text"),
    "note": Column(P.note, "text"), "amount": Column(P.amount, "money"),
    "paid": Column(P.paid_on, "date"), "date": Column(P.paid_on, "date"),
    "user": Column(P.user, "owner"), "order": Column(Ord.code, "text"),
    "owner": Column(Ord.owner, "owner"), "customer": Column(C.code, "text"),
    "city": Column(C.city, "text"), "level": Column(C.level, "text"),
}  # fmt: skip
TAGS = {"mine": lambda a, t: Ord.owner.is_null(False) & (Ord.owner == a.id)}  # -mine: never NULL
VOCABULARY = Vocabulary(
    "receipt", FIELDS, TAGS,
    lambda w: P.code.contains(w) | Ord.code.contains(w) | P.note.contains(w)
    | C.name.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on receipts joined to their order and customer."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
