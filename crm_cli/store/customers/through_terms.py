"""Query-language terms (SH-1) for a record type that belongs to a customer (a ticket, a
reminder, an expense): its own fields and tags (a ``term_sql.Vocabulary``), any customer
term through the customer as ``customer.FIELD``, and the customer's tags (``+owed``,
``+uncontacted30`` …) where it has none of that name, compiled as the customer list
compiles them (``term_select``). The caller's query joins ``cm.Customer``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Vocabulary
from crm_cli.store.core.terms import BadTerm, Term, expand, suggest
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query_terms, term_select

THROUGH = "customer."  # customer.city:深圳: a customer term, on the record's customer


def _customer_tag(vocab: Vocabulary, term: Term, actor: User, today: dt.date, left: bool) -> Any:
    names = {n.lstrip("+").removesuffix("[N]") for n in query_terms.tag_names()}
    if term.name not in names:
        known = [*vocab.tags, *sorted(names - set(vocab.tags))]
        raise BadTerm(
            "unknown tag {text!r}{hint}; {what} tags: {known}",
            term.text,
            term.position,
            text=term.text,
            hint=suggest(term.name, known, "+"),
            what=vocab.what,
            known=", ".join(f"+{t}" for t in known),
        )
    cond = next(term_select.conditions([term], actor, today))
    # A customer joined LEFT: -owed keeps the records about no customer.
    return (cm.Customer.id.is_null() | cond) if left and term.negated else cond


def _unknown_field(vocab: Vocabulary, term: Term) -> BadTerm:
    return term_sql.unknown_field(vocab, term, "customer.FIELD")


def conditions(
    vocab: Vocabulary,
    terms: Iterable[str | Term],
    actor: User,
    today: dt.date,
    *,
    left: bool = False,
) -> Iterator[Any]:
    """The SQL condition of each term, on the record joined to its customer (``left``: a
    LEFT join, the record may have none).

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    for term in expand(list(terms), {}):
        if term.kind == "field" and term.name.startswith(THROUGH):
            term = term._replace(name=term.name.removeprefix(THROUGH))
            yield from term_select.conditions([term], actor, today)
        elif term.kind == "tag" and (term.name not in vocab.tags or term.number is not None):
            yield _customer_tag(vocab, term, actor, today, left)
        elif term.kind == "field" and term.name not in vocab.fields:
            raise _unknown_field(vocab, term)
        else:
            yield from term_sql.conditions(vocab, [term], actor, today)
