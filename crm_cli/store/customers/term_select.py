"""Customer terms (SH-1, ``query_terms``) as SQL for other record types: the condition of
one term on a query that joins the customer (a contact's, an order's), and the customers
a set of terms selects as a subquery of ids (a report counts what belongs to them).

Both compile a field term as the customer list does (``query._where_condition``), so
``city:深圳`` is the same indexed condition everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from crm_cli.store.core.records import User
from crm_cli.store.core.terms import Term
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query, query_terms, search


def conditions(terms: Iterable[str | Term], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each customer term, on ``cm.Customer`` (joined by the caller).

    Raises:
        BadTerm: a term that cannot be read or names no customer field, tag or value.
    """
    return query_terms.conditions(terms, actor, today, query._where_condition)


def customer_ids(actor: User, terms: Sequence[str], today: dt.date) -> Any:
    """The live customers ``terms`` select (words: the text search), as a subquery of ids;
    None for no terms. Visibility is the caller's: a report counts within its own scope.

    Raises:
        BadTerm: a term that cannot be read, with the term in the message.
    """
    if not terms:
        return None
    C = cm.Customer
    words, rest = query_terms.split_terms(terms, {})
    found = [C.deleted_at.is_null(), *conditions(rest, actor, today)]
    matched = search.condition(words) if words else None
    if matched is not None:
        found.append(matched)
    return C.select(C.id).where(*found)
