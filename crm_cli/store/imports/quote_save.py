"""Writing one batch of a quote file (``sales.quote_writes`` does the bulk statements): the
quotes it begins, their lines and log entries; the lines it adds to quotes an earlier batch
began (their totals and log entries follow); and the quotes it updates, whose values and
lines from before are kept for undo.
"""

from __future__ import annotations

import json
from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_codes
from crm_cli.store.imports.numbering import move_past
from crm_cli.store.imports.specs import Draft
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import quote_writes
from crm_cli.store.sales.quote_checks import Group

Q, L = sm.Quote, sm.QuoteLine
FIELDS = ("subject", "contact_id", "valid_until", "notes", "total")
LINE_FIELDS = ("position", "product_id", "quantity", "unit_price", "discount", "amount",
               "annual_fee")  # fmt: skip
WRITTEN = ("create", "update")


def write(drafts: list[Draft], state: Any) -> None:
    """The batch's drafts (as the engine decided them) and its further lines."""
    for draft in drafts:
        draft.extra["group"].action = draft.action
    _create([d for d in drafts if d.action == "create"], state)
    for draft in drafts:
        if draft.action == "update":
            _update(draft, state)
    batch = state.batch
    priced = [(g, line) for g, line in batch.lines + batch.more if g.action in WRITTEN]
    quote_writes.insert_lines(priced)
    touched = list({id(g): g for g, _ in priced}.values())
    quote_writes.update_totals(touched)
    changed = [g for g in batch.changed if g.action in WRITTEN]
    for group in changed:
        Q.update(subject=group.subject, notes=group.notes, contact=group.contact_id,
                 valid_until=group.valid_until).where(Q.id == group.quote_id).execute()  # fmt: skip
    begun = {id(g) for g, _ in batch.lines}
    later = [g for g in touched + changed if id(g) not in begun and g.action == "create"]
    quote_writes.update_log(list({id(g): g for g in later}.values()))


def _create(drafts: list[Draft], state: Any) -> None:
    if not drafts:
        return
    given = [d.code for d in drafts if d.code]
    move_past(given, "quote", "code.quote_prefix")  # `quote add` never draws them again
    drawn = iter(next_codes("quote", "code.quote_prefix", len(drafts) - len(given)))
    groups: list[Group] = []
    for draft in drafts:
        group: Group = draft.extra["group"]
        group.code = draft.code = draft.code or next(drawn)
        groups.append(group)
    quote_writes.insert_quotes(state.actor, groups, state.run.now)
    quote_writes.insert_log(state.actor, groups, state.run.now)
    for draft, group in zip(drafts, groups, strict=True):
        draft.id = group.quote_id
        state.run.item("quote", group.quote_id, draft.line, "create")


def _update(draft: Draft, state: Any) -> None:
    """The quote-level values the file gives, and the file's lines for all its lines."""
    group: Group = draft.extra["group"]
    row = Q.get_by_id(draft.id)
    group.quote_id, group.code = row.id, row.code
    before = {name: getattr(row, name) for name in FIELDS}
    previous: dict[str, Any] = {k: oplog.plain(v) for k, v in before.items()}
    previous["lines"] = [[oplog.plain(v) for v in line] for line in lines_of(row.id)]
    for name, value in (
        ("subject", group.subject),
        ("notes", group.notes),
        ("contact_id", group.contact_id),
        ("valid_until", group.valid_until),
    ):
        if group.field(name.removesuffix("_id")) is not None:
            setattr(row, name, value)
    row.total = group.total
    row.updated_at = state.run.now
    row.save()
    L.delete().where(L.quote == row.id).execute()  # this batch's lines follow
    changes = oplog.diff(before, {name: getattr(row, name) for name in FIELDS})
    changes["lines"] = [len(previous["lines"]), group.count]
    oplog.write(state.actor, "quote", row.id, row.customer_id, "import", changes, state.run.now)
    draft.extra["name"] = group.quote_ref or row.ref
    state.run.item("quote", row.id, draft.line, "update", json.dumps(previous, ensure_ascii=False))


def lines_of(quote_id: int) -> list[tuple[Any, ...]]:
    """A quote's lines as values (for undo: a JSON list each)."""
    query: Any = L.select(*(getattr(L, f) for f in LINE_FIELDS)).where(L.quote == quote_id)
    return list(query.order_by(L.position).tuples())


def put_lines(quote_id: int, lines: list[list[Any]]) -> None:
    """Replace a quote's lines with ``lines`` (as ``lines_of`` gave them, through JSON)."""
    L.delete().where(L.quote == quote_id).execute()
    rows = [{"quote": quote_id, **dict(zip(LINE_FIELDS, line, strict=True))} for line in lines]
    if rows:
        L.insert_many(rows).execute()
