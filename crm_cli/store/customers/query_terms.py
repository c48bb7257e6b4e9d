"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for customers.

A field term is turned into the ``--where`` clause it stands for and compiled by the same
function (``query._where_condition``, handed in to keep the modules out of a circle), so
``city:深圳`` and ``--where "city = 深圳"`` are one SQL condition served by one index.
Field names are the customer fields (``crm customer list --where``) and custom fields,
plus the short names in ``ALIASES`` (``next.before:today``); ``owner:me`` is the actor.

Virtual tags (``+tag`` selects, ``-tag`` excludes; none is ever NULL, so ``-tag`` is exactly
the rest):

- ``+owed``: a balance is owed (``balance_owed > 0``);
- ``+mine``: the actor owns it;
- ``+overdue``: its next contact date has passed (a follow-up was missed; overdue
  *receivables* are ``crm receivable list --overdue``);
- ``+uncontactedN``: no contact record for N days (30 when no number), or never: the
  last contact date before today − N, counted as the pool's no-contact rule counts;
- ``+public``, ``+audited``: the flags;
- ``+pool_soon[N]``: added by the pool (``tags``), whose rules it knows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.dates import DATE_HELP, parse_date
from crm_cli.store.core.errors import CrmError
from crm_cli.store.core.records import User
from crm_cli.store.core.registry import Registry
from crm_cli.store.core.terms import (
    MAIN_MODIFIERS,
    MODIFIERS,
    BadTerm,
    Term,
    expand,
    suggest,
    where_of,
)
from crm_cli.store.core.values import parse_money
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import search
from crm_cli.store.customers.fields import FIELDS, custom_keys

C = cm.Customer
ALIASES = {
    "next": "next_contact", "last": "last_contact", "created": "created_at",
    "updated": "updated_at", "owed": "balance_owed", "ordered": "total_ordered",
    "received": "total_received", "public": "is_public", "registered_on": "registered",
}  # fmt: skip
Where = Callable[[str, dt.date], Any]  # ``query._where_condition``


class Tag(NamedTuple):
    """A virtual tag: ``build(actor, today, N)`` is its SQL condition, never NULL."""

    name: str
    help: str
    build: Callable[[User, dt.date, int | None], Any]
    numbered: bool = False  # takes a number: +uncontacted30


def _uncontacted(actor: User, today: dt.date, days: int | None) -> Any:
    cutoff = today - dt.timedelta(days=30 if days is None else days)
    return C.last_contact.is_null() | (C.last_contact < cutoff)


BUILT_IN = (
    Tag("owed", "a balance is owed", lambda a, t, n: C.balance_owed > 0),
    Tag("mine", "you own it", lambda a, t, n: C.owner == a.id),
    Tag("overdue", "its next contact date has passed",
        lambda a, t, n: C.next_contact.is_null(False) & (C.next_contact < t)),
    Tag("uncontacted", "no contact record for N days (30)", _uncontacted, numbered=True),
    Tag("public", "visible to everyone", lambda a, t, n: C.is_public == True),  # noqa: E712
    Tag("audited", "locked by an audit", lambda a, t, n: C.audited == True),  # noqa: E712
)  # fmt: skip
# Tags that domains above customers know (the pool's +pool_soon), added in their wiring.
tags: Registry[Tag] = Registry("customer tags")


def _all_tags() -> dict[str, Tag]:
    return {t.name: t for t in (*BUILT_IN, *tags)}


def tag_names() -> list[str]:
    """``+owed``, ``+uncontacted[N]`` …: every tag as a user writes it."""
    return [f"+{t.name}" + ("[N]" if t.numbered else "") for t in _all_tags().values()]


def _tag(term: Term, actor: User, today: dt.date) -> Any:
    tag = _all_tags().get(term.name)
    if tag is None or (term.number is not None and not tag.numbered):
        hint = suggest(term.name, _all_tags())
        hint = hint.replace("mean ", "mean +") if hint else ""
        raise BadTerm(
            "unknown tag {text!r}{hint}; tags: {tags}",
            term.text,
            term.position,
            text=term.text,
            hint=hint,
            tags=", ".join(tag_names()),
        )
    cond = tag.build(actor, today, term.number)
    return ~cond if term.negated else cond


def _field_name(term: Term) -> str:
    """The customer field a term names; a close name is suggested when none is."""
    name = ALIASES.get(term.name, term.name)
    custom = custom_keys()
    bare = name.removeprefix("custom.")
    if name in FIELDS or bare in custom:
        return name if name in FIELDS else f"custom.{bare}"
    base, _, modifier = term.name.rpartition(".")
    if base and ALIASES.get(base, base) in FIELDS:
        raise BadTerm(
            "unknown modifier {modifier!r} in {text!r}{hint}; modifiers: {main_modifiers}",
            term.text,
            term.position,
            modifier=modifier,
            text=term.text,
            hint=suggest(modifier, MODIFIERS),
            main_modifiers=", ".join(MAIN_MODIFIERS),
        )
    known = [*FIELDS, *ALIASES, *custom]
    raise BadTerm(
        "unknown field {name!r} in {text!r}{hint}",
        term.text,
        term.position,
        name=term.name,
        text=term.text,
        hint=suggest(term.name, known),
    )


def _kind(field: str) -> str:
    if field in FIELDS:
        return FIELDS[field].kind
    return custom_keys().get(field.removeprefix("custom."), "text")


def _check_values(term: Term, field: str, today: dt.date) -> None:
    """Dates and amounts checked here, so the error names the term and its bad value."""
    kind = _kind(field)
    many = term.modifier in ("in", "between")
    for value in term.value.split(",") if many else [term.value]:
        if not value.strip():
            continue
        try:
            if kind == "date":
                parse_date(value, today)
            elif kind in ("money", "number"):
                parse_money(value, field)
        except CrmError:
            what, hint = ("date", f": use {DATE_HELP}") if kind == "date" else ("amount", "")
            raise BadTerm(
                "bad {what} {value!r} in {text!r}{hint}",
                term.text,
                term.position,
                what=what,
                value=value.strip(),
                text=term.text,
                hint=hint,
            ) from None


def _field(term: Term, actor: User, today: dt.date, where: Where) -> Any:
    field = _field_name(term)
    value = term.value
    if field == "owner" and value.strip().lower() == "me":
        value = actor.login
    _check_values(term, field, today)
    try:
        return where(where_of(term, field, value), today)
    except BadTerm:
        raise
    except CrmError as exc:  # unknown status or owner, a bad phone …: one line, with the term
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BadTerm(
            "{first} (in {text!r})", term.text, term.position, first=first, text=term.text
        ) from None


def conditions(
    terms: Iterable[str | Term], actor: User, today: dt.date, where: Where
) -> Iterator[Any]:
    """The SQL condition of each term (ANDed by the caller).

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    for term in expand(list(terms), {}):
        if term.kind == "tag":
            yield _tag(term, actor, today)
        elif term.kind == "field":
            yield _field(term, actor, today, where)
        else:  # a word that reached the store as a term: the text search, unindexed
            found = search.condition(term.value)
            yield found if found is not None else pw.SQL("1 = 1")


def split_terms(
    args: Sequence[str], named: Mapping[str, str], *, line: bool = False
) -> tuple[str, tuple[str, ...]]:
    """(search words, other terms) of ``args`` with named filters expanded: the words go to
    the indexed text search (``CustomerFilter.search``), the rest to ``CustomerFilter.terms``.
    ``line``: ``args`` are lines of text to split (a search box) rather than single terms.
    """
    found = expand(args, named, line=line)
    words = " ".join(t.value for t in found if t.kind == "word")
    return words, tuple(t.text for t in found if t.kind != "word")
