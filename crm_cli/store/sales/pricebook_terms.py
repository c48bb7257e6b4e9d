"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for price books:
``crm pricebook list group:VIP products.over:10``.

Fields: the book's ``name``, ``group`` (= ``customer_group``, the customer level it is
for; text), ``created`` (date), ``products`` (how many products it prices). Tag:
``+empty`` (it prices none). Words match the name or the group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import peewee as pw

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.sales import models as sm

B, E = sm.PriceBook, sm.PriceBookEntry
# A correlated count: one index range of the entries' (book, product) index per book.
_PRODUCTS = pw.fn.COALESCE(E.select(pw.fn.COUNT(E.id)).where(E.book == B.id), 0)
FIELDS = {
    "name": Column(B.name, "text"), "group": Column(B.customer_group, "text"),
    "customer_group": Column(B.customer_group, "text"), "created": Column(B.created_at, "date"),
    "products": Column(_PRODUCTS, "int"),
}  # fmt: skip
TAGS = {"empty": lambda a, t: _PRODUCTS == 0}  # never NULL
VOCABULARY = Vocabulary(
    "price book", FIELDS, TAGS, lambda w: B.name.contains(w) | B.customer_group.contains(w)
)


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on price books."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
