"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for the approval
inbox: ``crm approvals list kind:expense owner:wang amount.over:1000 since.before:-3d``.

The inbox merges one query per kind (``approvals``); each term compiles into every one of
them, on that kind's columns. Fields: ``kind`` (order, quote, expense; Chinese names too),
``code``, ``subject`` (an expense's category; text), ``amount`` (money), ``since`` (=
``submitted``: waiting since; date), ``owner`` (who submitted it: an order's or expense's
owner, a quote's handler; ``me``), the customer's ``customer`` (code; ``customer:`` for
none), ``city``, ``level``, and any customer term as ``customer.FIELD``. Tags: ``+mine``
(you submitted it) and the customer's (``+owed`` …). Words match the code, the subject or
the customer's name.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from typing import Any

import peewee as pw

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import through_terms
from crm_cli.store.expenses import models as xm
from crm_cli.store.sales import models as sm

KINDS = ("order", "quote", "expense")
C = cm.Customer


def _vocabulary(kind: str, code: Any, owner: Any, amount: Any, subject: Any, since: Any) -> Any:
    fields = {
        "kind": Column(pw.Value(kind), "choice", KINDS, "approval kind"),
        "code": Column(code, "text"), "subject": Column(subject, "text"),
        "amount": Column(amount, "money"),
        "since": Column(since, "date"), "submitted": Column(since, "date"),
        "owner": Column(owner, "owner"),
        "customer": Column(C.code, "text"), "city": Column(C.city, "text"),
        "level": Column(C.level, "text"),
    }  # fmt: skip
    # Never NULL (a quote may have no handler), so -mine is exactly the rest.
    tags = {"mine": lambda a, t: owner.is_null(False) & (owner == a.id)}
    words = lambda w: code.contains(w.upper()) | subject.contains(w) | C.name.contains(w)  # noqa: E731
    return Vocabulary("approval", fields, tags, words)


S, Q, X = sm.SalesOrder, sm.Quote, xm.Expense
VOCABULARIES = {
    "order": _vocabulary("order", S.code, S.owner, S.total, S.subject, S.submitted_at),
    "quote": _vocabulary("quote", Q.code, Q.handler, Q.total, Q.subject, Q.created_at),
    "expense": _vocabulary("expense", X.code, X.owner, X.amount, X.category, X.submitted_at),
}
TAGS = VOCABULARIES["order"].tags


def conditions(kind: str, terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term on the inbox's query of ``kind``, its record joined
    to its customer (an expense's LEFT: it may have none).

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    vocab = VOCABULARIES[kind]
    return through_terms.conditions(vocab, terms, actor, today, left=kind == "expense")


# The inbox checks terms as the expenses' query reads them.
check_terms = term_sql.checker_of(functools.partial(conditions, "expense"))
