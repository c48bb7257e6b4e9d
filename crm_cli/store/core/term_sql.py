"""Query-language terms (SH-1, grammar in ``terms``) compiled to peewee conditions over a
record type's columns: what opportunities, orders, quotes and receivables share. Each
names its words in a ``Vocabulary`` (``sales.order_terms``); customers compile theirs
through ``--where`` instead (``customers.query_terms``).

A term becomes the condition its list's option would be (``status:approved`` is
``--status approved``), so the indices that serve the list serve the term as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import DATE_HELP, parse_date
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import CrmError
from crm_cli.store.core.records import User
from crm_cli.store.core.terms import MODIFIERS, BadTerm, Term, expand, suggest
from crm_cli.store.core.user_rows import user_row
from crm_cli.store.core.values import parse_money


class Column(NamedTuple):
    """A field: its column (or expression), kind (text, money, int, date, owner, choice) and,
    for a choice, its stored values and their key in ``choice_names`` (Chinese names)."""

    col: Any
    kind: str
    choices: tuple[str, ...] = ()
    names: str = ""


class Vocabulary(NamedTuple):
    """What terms mean for one record type: ``what`` names it in messages, ``tags`` build a
    condition from (actor, today), ``words`` the condition of a free-text word."""

    what: str
    fields: Mapping[str, Column]
    tags: Mapping[str, Callable[[User, dt.date], Any]]
    words: Callable[[str], Any]


def _value(term: Term, field: Column, raw: str, actor: User, today: dt.date) -> Any:
    text, kind = raw.strip(), field.kind
    try:
        if kind == "date":
            return parse_date(text, today)
        if kind == "money":
            value = parse_money(text, term.name)
            # An expression (total - received) gets no column converter: compare in cents.
            return value if isinstance(field.col, pw.Field) else int(value * 100)
        if kind == "int":
            return int(text)
        if kind == "choice":
            return choose(text, field.choices, term.name, kind=field.names or None)
        if kind == "owner":
            return actor.id if text.lower() == "me" else user_row(text).id
    except ValueError:
        raise BadTerm(
            "bad number {text!r} in {term!r}", term.text, term.position, text=text, term=term.text
        ) from None
    except CrmError as exc:
        where = {"term": term.text, "text": text, "help": DATE_HELP}
        if kind == "date":
            raise BadTerm("bad date {text!r} in {term!r}: use {help}", term.text, term.position,
                          **where) from None  # fmt: skip
        if kind == "money":
            raise BadTerm("bad amount {text!r} in {term!r}", term.text, term.position,
                          **where) from None  # fmt: skip
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BadTerm("{first} (in {term!r})", term.text, term.position, first=first,
                      term=term.text) from None  # fmt: skip
    return text


def unknown_field(vocab: Vocabulary, term: Term, *more: str) -> BadTerm:
    """The error of a field ``vocab`` does not know, listing its fields (and ``more``)."""
    return BadTerm(
        "unknown field {name!r} in {text!r}{hint}; {what} fields: {fields}",
        term.text,
        term.position,
        name=term.name,
        text=term.text,
        hint=suggest(term.name, vocab.fields),
        what=vocab.what,
        fields=", ".join([*vocab.fields, *more]),
    )


def _field(vocab: Vocabulary, term: Term, actor: User, today: dt.date) -> Any:
    field = vocab.fields.get(term.name)
    if field is None:
        raise unknown_field(vocab, term)
    col, op = field.col, MODIFIERS[term.modifier or "is"]
    if not term.value.strip() and op in ("=", "!="):
        empty = col.is_null() | (col == "") if field.kind == "text" else col.is_null()
        return empty if op == "=" else ~empty
    if op in ("contains", "starts-with"):
        return col.contains(term.value) if op == "contains" else col.startswith(term.value)
    values = [_value(term, field, v, actor, today) for v in term.value.split(",")]
    if op == "in":
        return col.in_(values)
    if op == "between":
        if len(values) != 2:
            raise BadTerm(
                "{text!r}: between needs two values", term.text, term.position, text=term.text
            )
        return col.between(values[0], values[1])
    value = _value(term, field, term.value, actor, today)
    # "stage.not:报价" keeps those with no stage, as the customers' "!=" does.
    compare = {"=": lambda: col == value, "!=": lambda: (col != value) | col.is_null(),
               "<": lambda: col < value, ">": lambda: col > value,
               "<=": lambda: col <= value, ">=": lambda: col >= value}  # fmt: skip
    return compare[op]()


def _tag(vocab: Vocabulary, term: Term, actor: User, today: dt.date) -> Any:
    build = vocab.tags.get(term.name) if term.number is None else None
    if build is None:
        hint = suggest(term.name, vocab.tags, "+")
        known = ", ".join(f"+{t}" for t in vocab.tags)
        raise BadTerm(
            "unknown tag {text!r}{hint}; {what} tags: {known}", term.text, term.position,
            text=term.text, hint=hint, what=vocab.what, known=known,
        )  # fmt: skip
    cond = build(actor, today)
    return ~cond if term.negated else cond


def conditions(
    vocab: Vocabulary, terms: Iterable[str | Term], actor: User, today: dt.date
) -> Iterator[Any]:
    """The SQL condition of each term (ANDed by the caller).

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    for term in expand(list(terms), {}):
        if term.kind == "tag":
            yield _tag(vocab, term, actor, today)
        elif term.kind == "field":
            yield _field(vocab, term, actor, today)
        else:
            yield vocab.words(term.value)


def checker(vocab: Vocabulary) -> Callable[..., None]:
    """A record type's ``check_terms(actor, terms, *, today=None)``: raises ``BadTerm`` now
    for a term its list would refuse, so a face refuses it before anything is printed."""
    return checker_of(lambda terms, actor, today: conditions(vocab, terms, actor, today))


def checker_of(compile_terms: Callable[[Iterable[str], User, dt.date], Iterable[Any]]) -> Any:
    """``checker`` for a record type whose terms compile through ``compile_terms(terms,
    actor, today)`` (a vocabulary that reaches through the customer, say)."""

    @reading
    def check_terms(actor: User, terms: Iterable[str], *, today: dt.date | None = None) -> None:
        list(compile_terms(terms, actor, today or dt.date.today()))

    return check_terms
