"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for receivables
(approved orders still owed): ``crm receivable list +overdue owed.over:1万 owner:me``.

The order's fields as in ``order_terms``, less those every receivable shares (status,
kind): ``order`` (= ``code``), ``subject``, ``notes``, ``total``, ``received``, ``balance``
(= ``owed``, what is still owed), ``signed``, ``due``, ``created``, ``owner`` (``me``),
``customer``, ``city``, ``level``. Tags: ``+overdue`` (the receivables' rule, as
``--overdue``) and ``+mine``. Words match the subject, the order code or the customer's
name. What is overdue (an amount) is counted per installment after the query, so it is no
field here: ``+overdue balance.over:N`` is the nearest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Vocabulary
from crm_cli.store.sales import order_terms
from crm_cli.store.sales.arrears import overdue_condition

_SHARED = ("subject", "notes", "total", "received", "balance", "signed", "due", "created",
           "owner", "customer", "city", "level")  # fmt: skip
FIELDS = {
    "order": order_terms.FIELDS["code"],
    "owed": order_terms.FIELDS["balance"],
    **{name: order_terms.FIELDS[name] for name in _SHARED},
}
TAGS = {
    "overdue": lambda a, t: overdue_condition(t),
    "mine": order_terms.TAGS["mine"],
}
VOCABULARY = Vocabulary("receivable", FIELDS, TAGS, order_terms.VOCABULARY.words)


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on owed orders joined to their customer."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
