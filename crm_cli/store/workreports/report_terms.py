"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for work reports:
``crm work-report list kind:week author:wang start.after:-30d +late``.

Fields: the report's ``code``, ``body`` (= ``text``), ``kind`` (= ``period``: day, week,
month; Chinese names too), ``status`` (draft, submitted), ``start``, ``end``,
``submitted``, ``commented`` (its first comment), ``created`` (dates), ``late`` (days late
when submitted), ``author`` (= ``user``, ``me``). Tags: ``+mine`` (you wrote it),
``+draft``, ``+submitted``, ``+late`` (submitted late), ``+commented``. Words match the code
or the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.periods import KINDS
from crm_cli.store.workreports.records import STATUSES

W = wm.WorkReport
FIELDS = {
    "code": Column(W.code, "text"), "body": Column(W.body, "text"),
    "text": Column(W.body, "text"),
    "kind": Column(W.period, "choice", KINDS, "report kind"),
    "period": Column(W.period, "choice", KINDS, "report kind"),
    "status": Column(W.status, "choice", STATUSES, "report status"),
    "start": Column(W.starts_on, "date"), "end": Column(W.ends_on, "date"),
    "submitted": Column(W.submitted_at, "date"), "commented": Column(W.commented_at, "date"),
    "created": Column(W.created_at, "date"), "late": Column(W.late_days, "int"),
    "author": Column(W.author, "owner"), "user": Column(W.author, "owner"),
}  # fmt: skip
# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "mine": lambda a, t: W.author == a.id,
    "draft": lambda a, t: W.status == "draft",
    "submitted": lambda a, t: W.status == "submitted",
    "late": lambda a, t: W.late_days.is_null(False) & (W.late_days > 0),
    "commented": lambda a, t: W.commented_at.is_null(False),
}
VOCABULARY = Vocabulary(
    "work report", FIELDS, TAGS, lambda w: W.code.contains(w.upper()) | W.body.contains(w)
)


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on work reports."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
