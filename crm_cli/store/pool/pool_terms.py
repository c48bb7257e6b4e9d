"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for the pool list:
``crm pool list city:深圳 level:A +pool_soon protect.before:+7d``.

Every customer term (``customers.query_terms``: fields, ``custom.FIELD``, tags such as
``+pool_soon``, ``+uncontacted30``, words) compiled as the customer list compiles it, on
the pool's customer row; and the pool's own fields: ``holder`` (``me``; ``holder:`` for
unassigned), ``protect`` (= ``protect_until``, the day protection ends) and ``assigned``
(the day it was claimed or assigned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.core.terms import BadTerm, Term, expand, suggest
from crm_cli.store.customers import term_select
from crm_cli.store.pool import models as pm

PC = pm.PoolCustomer
FIELDS = {
    "holder": Column(PC.holder, "owner"),
    "protect": Column(PC.protect_until, "date"),
    "protect_until": Column(PC.protect_until, "date"),
    "assigned": Column(PC.assigned_on, "date"),
}
VOCABULARY = Vocabulary("pool", FIELDS, {}, lambda w: None)


def conditions(terms: Iterable[str | Term], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on pool rows joined to their customer.

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    for term in expand(list(terms), {}):
        if term.kind == "field" and term.name in FIELDS:
            yield from term_sql.conditions(VOCABULARY, [term], actor, today)
            continue
        try:
            yield next(term_select.conditions([term], actor, today))
        except BadTerm:
            if term.kind != "field" or not suggest(term.name, FIELDS):
                raise
            raise _unknown_field(term) from None


def _unknown_field(term: Term) -> BadTerm:
    """``holdr:me``: no customer field, and close to a pool field."""
    return BadTerm(
        "unknown field {name!r} in {text!r}{hint}; {what} fields: {fields}",
        term.text,
        term.position,
        name=term.name,
        text=term.text,
        hint=suggest(term.name, FIELDS),
        what="pool",
        fields=", ".join([*FIELDS, "every customer field"]),
    )


@reading
def check_terms(actor: User, terms: Iterable[str], *, today: dt.date | None = None) -> None:
    """Raises ``BadTerm`` now for a term the pool list would refuse, so a face refuses it
    before anything is printed."""
    list(conditions(terms, actor, today or dt.date.today()))
