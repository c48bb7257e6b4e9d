"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for manual
reminders: ``crm remind list due.before:+7d customer.city:深圳 -mine``.

Fields: the reminder's ``text``, ``due`` (when it is due; a day compares with its start,
so ``due.since:DAY`` includes that day), ``done`` (when it was done; ``done:`` for open
ones), ``created``, ``user`` (whose it is, ``me``), ``creator`` (who set it); its
customer's ``customer`` (code), ``city``, ``level`` and ``owner``, and any customer term
through the customer as ``customer.FIELD``, compiled as the customer list compiles it
(``customer:`` for reminders about no customer).

Tags: ``+mine`` (it is for you; ``-mine``: those you set for others), ``+done``,
``+overdue`` (not done, and its due day has passed); any other tag is the customer's
(``+owed``, ``+uncontacted30`` …), and ``-tag`` of one keeps reminders about no customer.
Words match the text or the customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.activity import models as am
from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.core.terms import Term
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import through_terms

R, C = am.Reminder, cm.Customer
FIELDS = {
    "text": Column(R.text, "text"), "due": Column(R.due_at, "date"),
    "done": Column(R.done_at, "date"), "created": Column(R.created_at, "date"),
    "user": Column(R.user, "owner"), "creator": Column(R.created_by, "owner"),
    "customer": Column(C.code, "text"), "city": Column(C.city, "text"),
    "level": Column(C.level, "text"), "owner": Column(C.owner, "owner"),
}  # fmt: skip


def _overdue(actor: User, today: dt.date) -> Any:
    return R.done_at.is_null() & (R.due_at < dt.datetime.combine(today, dt.time()))


# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "mine": lambda a, t: R.user == a.id,
    "done": lambda a, t: R.done_at.is_null(False),
    "overdue": _overdue,
}
VOCABULARY = Vocabulary("reminder", FIELDS, TAGS, lambda w: R.text.contains(w) | C.name.contains(w))


def conditions(terms: Iterable[str | Term], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on reminders left-joined to their customer.

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    return through_terms.conditions(VOCABULARY, terms, actor, today, left=True)


check_terms = term_sql.checker_of(conditions)
