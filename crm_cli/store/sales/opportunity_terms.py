"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for opportunities:
``crm opportunity list stage:报价 amount.over:5万 +open close.before:+30d owner:me``.

Fields: the opportunity's ``stage``, ``product``, ``description``, ``reason`` (text),
``amount`` (money), ``probability``, ``close`` (its close date), ``closed`` (the day it
was won or lost), ``created``, ``status`` (open, won, lost, Chinese names too), ``owner``
(``me``), and its customer's ``city``, ``level`` and ``customer`` (code). Tags: ``+open``,
``+won``, ``+lost``, ``+mine``, ``+overdue`` (open with its close date passed). Words
match the product, the description or the customer's name.
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
from crm_cli.store.sales.opportunity_fields import STATUSES

Opp, C = sm.Opportunity, cm.Customer
FIELDS = {
    "stage": Column(Opp.stage, "text"), "product": Column(Opp.product, "text"),
    "description": Column(Opp.description, "text"), "reason": Column(Opp.reason, "text"),
    "amount": Column(Opp.amount, "money"), "probability": Column(Opp.probability, "int"),
    "close": Column(Opp.close_date, "date"), "close_date": Column(Opp.close_date, "date"),
    "closed": Column(Opp.closed_on, "date"), "created": Column(Opp.created_at, "date"),
    "status": Column(Opp.status, "choice", STATUSES, "opportunity status"),
    "owner": Column(Opp.owner, "owner"), "code": Column(Opp.code, "text"),
    "customer": Column(C.code, "text"), "city": Column(C.city, "text"),
    "level": Column(C.level, "text"),
}  # fmt: skip
TAGS = {
    "open": lambda a, t: Opp.status == "open",
    "won": lambda a, t: Opp.status == "won",
    "lost": lambda a, t: Opp.status == "lost",
    "mine": lambda a, t: Opp.owner.is_null(False) & (Opp.owner == a.id),  # -mine: never NULL
    "overdue": lambda a, t: (
        (Opp.status == "open") & Opp.close_date.is_null(False) & (Opp.close_date < t)
    ),
}
VOCABULARY = Vocabulary(
    "opportunity", FIELDS, TAGS,
    lambda w: Opp.product.contains(w) | Opp.description.contains(w) | C.name.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on opportunities joined to their customer."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
