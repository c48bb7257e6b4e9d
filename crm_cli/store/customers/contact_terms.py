"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for contacts (the
people at a customer): ``crm contact list title.has:经理 customer.city:深圳 +owed owner:me``.

Fields: the contact's ``name``, ``title``, ``department``, ``role`` (deal role),
``mobile``, ``phone`` (work phone), ``email``, ``im``, ``province``, ``city``, ``notes``
(text: ``email.has:@qq.com``, ``mobile:`` for none), ``birthday``, ``created`` (dates),
``code``; its customer's ``customer`` (code), ``level`` and ``owner`` (``me``); and any
customer term through the customer as ``customer.FIELD`` (``customer.city:深圳``,
``customer.next.before:today``), compiled as the customer list compiles it. Tags are the
customer's, through the customer (``+mine``: you own the customer, ``+owed``,
``+overdue``, ``+uncontacted30``, ``+pool_soon`` …). Words match the contact's name,
mobile or email, or the customer's name.
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
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import term_select

P, C = cm.Contact, cm.Customer
_TEXTS = ("name", "title", "department", "mobile", "email", "im", "province", "city", "notes")
FIELDS = {
    **{name: Column(getattr(P, name), "text") for name in _TEXTS},
    "code": Column(P.code, "text"), "role": Column(P.deal_role, "text"),
    "phone": Column(P.work_phone, "text"), "birthday": Column(P.birthday, "date"),
    "created": Column(P.created_at, "date"), "customer": Column(C.code, "text"),
    "level": Column(C.level, "text"), "owner": Column(C.owner, "owner"),
}  # fmt: skip
THROUGH = "customer."  # customer.city:深圳: a customer term, on the contact's customer
VOCABULARY = Vocabulary(
    "contact", FIELDS, {},
    lambda w: P.name.contains(w) | P.mobile.contains(w) | P.email.contains(w)
    | C.name.contains(w),
)  # fmt: skip


def _own(term: Term, actor: User, today: dt.date) -> Any:
    if term.name not in FIELDS:
        known = [*FIELDS, "customer.FIELD"]
        raise BadTerm(
            "unknown field {name!r} in {text!r}{hint}; contact fields: {known}",
            term.text,
            term.position,
            name=term.name,
            text=term.text,
            hint=suggest(term.name, FIELDS),
            known=", ".join(known),
        )
    return next(term_sql.conditions(VOCABULARY, [term], actor, today))


def conditions(terms: Iterable[str | Term], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on contacts joined to their customer.

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    for term in expand(list(terms), {}):
        through = term.kind == "field" and term.name.startswith(THROUGH)
        if term.kind == "tag" or through:
            if through:
                term = term._replace(name=term.name.removeprefix(THROUGH))
            yield from term_select.conditions([term], actor, today)
        elif term.kind == "field":
            yield _own(term, actor, today)
        else:
            yield VOCABULARY.words(term.value)


@reading
def check_terms(actor: User, terms: Iterable[str], *, today: dt.date | None = None) -> None:
    """Raises ``BadTerm`` now for a term the contact list would refuse, so a face refuses
    it before anything is printed."""
    list(conditions(terms, actor, today or dt.date.today()))
