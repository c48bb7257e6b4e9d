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
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import DATE_HELP, parse_date
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import CrmError
from crm_cli.store.core.records import User
from crm_cli.store.core.terms import MODIFIERS, BadTerm, Term, expand, suggest
from crm_cli.store.core.users import user_row
from crm_cli.store.core.values import parse_money
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.opportunity_fields import STATUSES

Opp, C = sm.Opportunity, cm.Customer
FIELDS: dict[str, tuple[Any, str]] = {
    "stage": (Opp.stage, "text"), "product": (Opp.product, "text"),
    "description": (Opp.description, "text"), "reason": (Opp.reason, "text"),
    "amount": (Opp.amount, "money"), "probability": (Opp.probability, "int"),
    "close": (Opp.close_date, "date"), "close_date": (Opp.close_date, "date"),
    "closed": (Opp.closed_on, "date"), "created": (Opp.created_at, "date"),
    "status": (Opp.status, "status"), "owner": (Opp.owner, "owner"), "code": (Opp.code, "text"),
    "customer": (C.code, "text"), "city": (C.city, "text"), "level": (C.level, "text"),
}  # fmt: skip
TAGS: dict[str, Callable[[User, dt.date], Any]] = {
    "open": lambda a, t: Opp.status == "open",
    "won": lambda a, t: Opp.status == "won",
    "lost": lambda a, t: Opp.status == "lost",
    "mine": lambda a, t: Opp.owner == a.id,
    "overdue": lambda a, t: (
        (Opp.status == "open") & Opp.close_date.is_null(False) & (Opp.close_date < t)
    ),
}


def _value(term: Term, kind: str, raw: str, actor: User, today: dt.date) -> Any:
    text = raw.strip()
    try:
        if kind == "date":
            return parse_date(text, today)
        if kind == "money":
            return parse_money(text, term.name)
        if kind == "int":
            return int(text)
        if kind == "status":
            return choose(text, STATUSES, "status", kind="opportunity status")
        if kind == "owner":
            return actor.id if text.lower() == "me" else user_row(text).id
    except ValueError:
        raise BadTerm(f"bad number {text!r} in {term.text!r}", term.text, term.position) from None
    except CrmError as exc:
        what = {"date": f"bad date {text!r} in {term.text!r}: use {DATE_HELP}",
                "money": f"bad amount {text!r} in {term.text!r}"}.get(kind)  # fmt: skip
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BadTerm(what or f"{first} (in {term.text!r})", term.text, term.position) from None
    return text


def _field(term: Term, actor: User, today: dt.date) -> Any:
    if term.name not in FIELDS:
        raise BadTerm(
            f"unknown field {term.name!r} in {term.text!r}{suggest(term.name, FIELDS)}; "
            f"opportunity fields: {', '.join(FIELDS)}",
            term.text, term.position,
        )  # fmt: skip
    col, kind = FIELDS[term.name]
    op = MODIFIERS[term.modifier or "is"]
    if not term.value.strip() and op in ("=", "!="):
        empty = col.is_null() | (col == "") if kind == "text" else col.is_null()
        return empty if op == "=" else ~empty
    if op in ("contains", "starts-with"):
        return col.contains(term.value) if op == "contains" else col.startswith(term.value)
    values = [_value(term, kind, v, actor, today) for v in term.value.split(",")]
    if op == "in":
        return col.in_(values)
    if op == "between":
        if len(values) != 2:
            raise BadTerm(f"{term.text!r}: between needs two values", term.text, term.position)
        return col.between(values[0], values[1])
    value = _value(term, kind, term.value, actor, today)
    # "stage.not:报价" keeps those with no stage, as the customers' "!=" does.
    compare = {"=": lambda: col == value, "!=": lambda: (col != value) | col.is_null(),
               "<": lambda: col < value, ">": lambda: col > value,
               "<=": lambda: col <= value, ">=": lambda: col >= value}  # fmt: skip
    return compare[op]()


def _tag(term: Term, actor: User, today: dt.date) -> Any:
    build = TAGS.get(term.name) if term.number is None else None
    if build is None:
        hint = suggest(term.name, TAGS).replace("mean ", "mean +")
        known = ", ".join(f"+{t}" for t in TAGS)
        raise BadTerm(f"unknown tag {term.text!r}{hint}; opportunity tags: {known}",
                      term.text, term.position)  # fmt: skip
    cond = build(actor, today)
    return ~cond if term.negated else cond


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on opportunities joined to their customer."""
    for term in expand(list(terms), {}):
        if term.kind == "tag":
            yield _tag(term, actor, today)
        elif term.kind == "field":
            yield _field(term, actor, today)
        else:
            word = term.value
            yield (
                Opp.product.contains(word) | Opp.description.contains(word) | C.name.contains(word)
            )


@reading
def check_terms(actor: User, terms: Iterable[str], *, today: dt.date | None = None) -> None:
    """Raise ``BadTerm`` now for a term the list would refuse, before anything is printed."""
    list(conditions(terms, actor, today or dt.date.today()))
