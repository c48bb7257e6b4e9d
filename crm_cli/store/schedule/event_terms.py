"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for calendar
events: ``crm schedule list start.after:today title.has:拜访 customer.city:深圳 +repeating``.

Fields: the event's ``code``, ``title``, ``place``, ``note`` (text), ``start`` (= ``at``,
its first occurrence), ``end``, ``created`` (days in the team's zone: ``start.after:DAY``
includes that day, from its midnight on), ``owner``
(``me``); its customer's ``customer`` (code; ``customer:`` for none), ``city``,
``level``, and any customer term through the customer as ``customer.FIELD``.

Tags: ``+mine`` (you own it; ``-mine``: you are invited), ``+repeating`` (a series),
``+cancelled`` (with ``--cancelled``); any other tag is the customer's (``+owed`` …),
and ``-tag`` of one keeps events about no customer. Words match the title, the place or
the customer's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import term_sql
from crm_cli.store.core.dates import DATE_HELP, parse_date
from crm_cli.store.core.errors import CrmError
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary
from crm_cli.store.core.terms import MODIFIERS, BadTerm, Term, expand
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import through_terms
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule.settings import team_zone
from crm_cli.store.schedule.times import to_utc

E, C = sc.ScheduleEvent, cm.Customer
# Naive UTC moments: a term's day becomes the UTC moment of its local midnight first.
MOMENTS = {"start": E.start_at, "at": E.start_at, "end": E.end_at, "created": E.created_at}
FIELDS = {
    **{name: Column(getattr(E, name), "text") for name in ("code", "title", "place", "note")},
    **{name: Column(col, "moment") for name, col in MOMENTS.items()},
    "owner": Column(E.owner, "owner"), "customer": Column(C.code, "text"),
    "city": Column(C.city, "text"), "level": Column(C.level, "text"),
}  # fmt: skip
# Each is never NULL, so -tag is exactly the rest.
TAGS = {
    "mine": lambda a, t: E.owner == a.id,
    "repeating": lambda a, t: E.rrule != "",
    "cancelled": lambda a, t: E.cancelled_at.is_null(False),
}
VOCABULARY = Vocabulary(
    "event", FIELDS, TAGS,
    lambda w: E.title.contains(w) | E.place.contains(w) | C.name.contains(w),
)  # fmt: skip


def _local_days(term: Term, today: dt.date) -> Term:
    """The term with each day of its value as the UTC moment its local day starts."""
    zone, moments = team_zone(), []
    for text in term.value.split(","):
        if not text.strip():
            moments.append(text)
            continue
        try:
            day = parse_date(text, today)
        except CrmError:
            raise BadTerm(
                "bad {what} {value!r} in {text!r}{hint}",
                term.text,
                term.position,
                what="date",
                value=text.strip(),
                text=term.text,
                hint=f": use {DATE_HELP}",
            ) from None
        moments.append(str(to_utc(dt.datetime.combine(day, dt.time()), zone)))
    # "after DAY" includes the day, an event at its midnight too (one typed as a day alone).
    modifier = "since" if MODIFIERS.get(term.modifier) == ">" else term.modifier
    return term._replace(value=",".join(moments), modifier=modifier)


def conditions(terms: Iterable[str | Term], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on events left-joined to their customer.

    Raises:
        BadTerm: a term that cannot be read or names no field, tag or value known here.
    """
    found = expand(list(terms), {})
    local = [_local_days(t, today) if t.kind == "field" and t.name in MOMENTS
             and t.modifier not in ("has", "contains", "starts") else t for t in found]  # fmt: skip
    return through_terms.conditions(VOCABULARY, local, actor, today, left=True)


check_terms = term_sql.checker_of(conditions)
