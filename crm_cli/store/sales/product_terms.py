"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for products:
``crm product list category:软件 price.under:5000 +fee``.

Fields: the product's ``code``, ``name``, ``category``, ``subcategory``, ``unit``,
``notes`` (text), ``price``, ``cost``, ``fee`` (= ``annual_fee``, its yearly service fee;
money), ``created``. Tag: ``+fee`` (it carries an annual fee). Words match the code, the
name or the category, as ``--search`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.sales import models as sm

P = sm.Product
_TEXTS = ("code", "name", "category", "subcategory", "unit", "notes")
FIELDS = {
    **{name: Column(getattr(P, name), "text") for name in _TEXTS},
    "price": Column(P.price, "money"), "cost": Column(P.cost, "money"),
    "fee": Column(P.annual_fee, "money"), "annual_fee": Column(P.annual_fee, "money"),
    "created": Column(P.created_at, "date"),
}  # fmt: skip
TAGS = {"fee": lambda a, t: P.annual_fee.is_null(False) & (P.annual_fee > 0)}  # never NULL
VOCABULARY = Vocabulary(
    "product", FIELDS, TAGS,
    lambda w: P.code.contains(w.upper()) | P.name.contains(w) | P.category.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on products."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
