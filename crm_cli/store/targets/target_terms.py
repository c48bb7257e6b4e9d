"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for sales targets:
``crm target list metric:orders kind:quarter start.after:2026-01-01 amount.over:10万``.

Fields: the target's ``user`` (whose, ``me``; ``user:`` for a department's),
``department`` (text), ``kind`` (= ``period``: month, quarter, year; Chinese names too),
``metric`` (orders, receipts, new_customers, contacts), ``start``, ``end``, ``set``
(dates), ``amount`` (money), ``setter`` (who set it). Tags: ``+mine`` (yours), ``+current``
(its period holds today). Words match the department or the metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.targets import models as tm
from crm_cli.store.targets.periods import KINDS
from crm_cli.store.targets.records import METRICS

T = tm.SalesTarget
FIELDS = {
    "user": Column(T.user, "owner"), "department": Column(T.department, "text"),
    "kind": Column(T.period, "choice", KINDS, "target period"),
    "period": Column(T.period, "choice", KINDS, "target period"),
    "metric": Column(T.metric, "choice", METRICS, "metric"),
    "start": Column(T.starts_on, "date"), "end": Column(T.ends_on, "date"),
    "set": Column(T.set_at, "date"), "amount": Column(T.amount, "money"),
    "setter": Column(T.setter, "owner"),
}  # fmt: skip
# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "mine": lambda a, t: T.user.is_null(False) & (T.user == a.id),
    "current": lambda a, t: (T.starts_on <= t) & (T.ends_on >= t),
}
VOCABULARY = Vocabulary(
    "target", FIELDS, TAGS, lambda w: T.department.contains(w) | T.metric.contains(w.lower())
)


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on targets."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
