"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for expenses:
``crm expense list category:travel amount.over:500 spent.since:-30d customer.city:深圳``.

Fields: the expense's ``code``, ``category``, ``note``, ``reason`` (why it was rejected;
text), ``amount`` (money), ``spent`` (= ``date``, the day spent), ``submitted``,
``decided``, ``created``, ``status`` (draft, submitted, approved, rejected; Chinese names
too), ``owner`` (whose, ``me``), ``approver`` (who decided); its customer's ``customer``
(code; ``customer:`` for none), ``city``, ``level``, and any customer term through the
customer as ``customer.FIELD``.

Tags: ``+mine`` (yours), one per status (``+draft``, ``+submitted``, ``+approved``,
``+rejected``); any other tag is the customer's (``+owed`` …), and ``-tag`` of one keeps
expenses spent on no customer. Words match the code, the note, the category or the
customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.core.terms import Term
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import through_terms
from crm_cli.store.expenses import models as xm
from crm_cli.store.expenses.records import STATUSES

X, C = xm.Expense, cm.Customer
FIELDS = {
    **{name: Column(getattr(X, name), "text") for name in ("code", "category", "note")},
    "reason": Column(X.reject_reason, "text"), "amount": Column(X.amount, "money"),
    "spent": Column(X.spent_on, "date"), "date": Column(X.spent_on, "date"),
    "submitted": Column(X.submitted_at, "date"), "decided": Column(X.decided_at, "date"),
    "created": Column(X.created_at, "date"),
    "status": Column(X.status, "choice", STATUSES, "expense status"),
    "owner": Column(X.owner, "owner"), "approver": Column(X.decided_by, "owner"),
    "customer": Column(C.code, "text"), "city": Column(C.city, "text"),
    "level": Column(C.level, "text"),
}  # fmt: skip


def _status(word: str) -> Callable[[User, dt.date], Any]:
    return lambda a, t: X.status == word


# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "mine": lambda a, t: X.owner == a.id,
    **{word: _status(word) for word in STATUSES},
}
VOCABULARY = Vocabulary(
    "expense", FIELDS, TAGS,
    lambda w: X.code.contains(w.upper()) | X.note.contains(w) | X.category.contains(w)
    | C.name.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str | Term], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on expenses left-joined to their customer.

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    return through_terms.conditions(VOCABULARY, terms, actor, today, left=True)


check_terms = term_sql.checker_of(conditions)
