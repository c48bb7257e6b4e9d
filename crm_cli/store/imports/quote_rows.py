"""Reading one batch of a quote file: its rows grouped into quotes and checked with the
sales rules (``sales.quote_checks`` for the cells, ``sales.quote_lookups`` for customers,
contacts, products and prices).

A quote's rows may be anywhere in the file, so a quote may span the engine's batches: the
import keeps one small ``Group`` per quote (never its lines), and a batch's rows of a quote
an earlier batch began are that quote's further lines (``Batch.more``), not a new quote.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import Table
from crm_cli.store.imports.specs import Draft, Problems
from crm_cli.store.sales import quote_checks, quote_lookups
from crm_cli.store.sales.quote_checks import REQUIRED, Checker, Customer, Group, Line

# Fields a later batch may give a quote an earlier batch wrote (the rest name the quote).
LATER = ("subject", "notes", "contact", "valid_until")


class Batch:
    """What one batch of the file holds: the quotes it begins (as drafts) and the lines it
    adds to quotes begun before (``more``), each with its group."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.lines: list[tuple[Group, Line]] = []  # the new quotes' lines
        self.more: list[tuple[Group, Line]] = []
        self.changed: list[Group] = []  # earlier quotes given a field only now


def require_columns(table: Table) -> None:
    missing = [c for c in REQUIRED if c not in table.labels]
    if "ref" not in table.labels and "code" not in table.labels:
        missing.insert(0, "quote")
    if missing:
        raise InvalidInput("the file needs the column(s) {missing} "
                           "(or their Chinese names)", missing=", ".join(missing))  # fmt: skip


def keys_of(table: Table) -> list[str]:
    """Each row's quote key: its code, else its reference (an export gives both)."""
    refs = table.column("ref")
    if "code" not in table.columns:
        return refs
    return [code.upper() or ref for code, ref in zip(table.column("code"), refs, strict=True)]


def read(
    table: Table, groups: dict[str, Group], number: int, context: Any, problems: Problems
) -> Batch:
    """Batch ``number`` of the file as drafts (one per quote it begins) and lines; every
    problem goes to ``problems``. ``context`` has ``actor``, ``today``, ``books`` and
    ``customers`` (the customers found so far, by id)."""
    check = Checker(table)
    keys = keys_of(table)
    items = quote_checks.group_rows(check, table, groups, number, keys)
    here = {key: groups[key] for key in dict.fromkeys(item[5] for item in items)}
    new = {k: g for k, g in here.items() if g.batch == number}
    _resolve(check, context.actor, new, context.today, context.customers)
    older = [g for g in here.values() if g.batch < number and g.fresh]
    _resolve_later(check, older, context.today)
    priced = quote_lookups.price(check, groups, items, context.books)
    unread = {(p.row, p.column) for p in table.problems}
    bad = set()
    by_row = dict(zip(table.numbers, keys, strict=True))
    for problem in check.problems:
        if (problem.row, problem.column) not in unread:
            problems.found.append(problem)
            problems.lines.add(problem.row)
        bad.add(by_row.get(problem.row))
    bad.update(by_row[p.row] for p in table.problems if p.row in by_row)
    batch = Batch()
    for key, group in new.items():
        if key not in bad and group.customer is not None:
            batch.drafts.append(_draft(group))
    for group, line in priced:
        (batch.lines if group.batch == number else batch.more).append((group, line))
    batch.changed = [g for g in older if g.fresh]
    for group in here.values():
        group.fresh = ()
    return batch


def _resolve(
    check: Checker,
    actor: User,
    groups: dict[str, Group],
    today: dt.date,
    known: dict[int, Customer],
) -> None:
    """The new quotes' customers, contacts and dates, a query per batch of values."""
    quote_lookups.resolve_customers(check, actor, groups, today)
    for group in groups.values():  # one record per customer, whatever the batch that found it
        if group.customer is not None:
            group.customer = known.setdefault(group.customer.id, group.customer)
    quote_lookups.resolve_contacts(check, groups)
    quote_checks.check_dates(check, groups, today)


def _resolve_later(check: Checker, groups: list[Group], today: dt.date) -> None:
    """Fields first given in this batch to quotes an earlier batch began."""
    for group in groups:
        for name in sorted(set(group.fresh) - set(LATER)):
            why = Phrase("give quote {ref}'s {name} on its first row (row {line})",
                         ref=group.ref, name=name, line=group.row)  # fmt: skip
            check.add(group.row_of(name), name, group.field(name) or "", why)
    contact = {g.ref: g for g in groups if "contact" in g.fresh and g.customer is not None}
    quote_lookups.resolve_contacts(check, contact)
    quote_checks.check_dates(check, {g.ref: g for g in groups if "valid_until" in g.fresh}, today)


def _draft(group: Group) -> Draft:
    values: dict[str, Any] = {"code": (group.field("code") or "").upper(),
                              "ref": group.quote_ref, "subject": group.subject}  # fmt: skip
    cells = {"code": group.field("code") or "", "ref": group.quote_ref}
    draft = Draft(group.row, values, cells)
    draft.extra.update(group=group, name=group.quote_ref, customer=group.customer.code)
    return draft
