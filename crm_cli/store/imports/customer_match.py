"""Possible duplicates of the rows of a customer file (CUS-2): the same code (the same
customer), the same credit code (CUS-8), the same normalised name, phone or e-mail, or a
duplicate keyword contained in the name, among live customers and earlier rows of the file.

One query per key and batch (each key has its index); the keywords are read once per
import. A customer the actor may not see is named only by whose it is, as `add` does.
"""

from __future__ import annotations

from typing import Any

from crm_cli.store.core.errors import Phrase
from crm_cli.store.core.normalize import fold, name_key, phone_key
from crm_cli.store.customers import models as cm
from crm_cli.store.imports.bulk import select_in
from crm_cli.store.imports.specs import SAME, Draft, Found

C = cm.Customer
# id, code, name, owner, public, deleted, audited: what a match needs to be described
COLUMNS = (C.id, C.code, C.name, C.owner, C.is_public, C.deleted_at, C.audited)
KEYS = (
    ("code", C.code), ("credit_code", C.credit_code), ("name", C.name_key),
    ("phone", C.phone_key), ("email", C.email_key),
)  # fmt: skip
REASONS = SAME


def keys_of(draft: Draft) -> dict[str, str]:
    values = draft.values
    return {
        "code": draft.code,
        "credit_code": values.get("credit_code") or "",  # as customer_rows wrote it
        "name": name_key(values["name"]),
        "phone": phone_key(values.get("phone", "")),
        "email": fold(values.get("email", "")),
    }


def match(drafts: list[Draft], state: Any) -> None:
    """Fill every draft's ``matches`` (``state``: a ``customers_spec.State``)."""
    for draft in drafts:
        draft.extra["keys"] = keys_of(draft)
    rows: dict[int, tuple[Any, ...]] = {}
    by: dict[str, dict[str, list[int]]] = {key: {} for key, _ in KEYS}
    for key, column in KEYS:
        wanted = {d.extra["keys"][key] for d in drafts} - {""}
        for row in select_in(C.select(*COLUMNS, column).tuples(), column, wanted):
            rows[row[0]] = row[:7]
            by[key].setdefault(row[7], []).append(row[0])
    hits = {d.line: state.keywords.hits(fold(d.values["name"])) for d in drafts}
    missing = {i for ids in hits.values() for i in ids} - set(rows)
    for row in select_in(C.select(*COLUMNS).tuples(), C.id, missing):
        rows[row[0]] = row
    lines = state.run.lines_of("customer", rows)
    seen: dict[str, dict[str, int]] = {key: {} for key, _ in KEYS}
    for draft in drafts:
        found = _in_database(draft, by, hits[draft.line], rows, lines, state)
        found += _in_file(draft, seen, state)
        draft.matches = _merged(found)


def _in_database(
    draft: Draft,
    by: dict[str, dict[str, list[int]]],
    keyword_ids: list[int],
    rows: dict[int, tuple[Any, ...]],
    lines: dict[int, int],
    state: Any,
) -> list[Found]:
    found = []
    for key, _ in KEYS:
        value = draft.extra["keys"][key]
        for row_id in by[key].get(value, []) if value else ():
            row = rows[row_id]
            if key == "code" or row[5] is None:  # a deleted customer is no look-alike
                found.append(_found(row, REASONS[key], key == "code", lines, state))
    for row_id in keyword_ids:
        if rows[row_id][5] is None:
            found.append(_found(rows[row_id], "keyword in name", False, lines, state))
    return found


def _found(
    row: tuple[Any, ...], why: str, identity: bool, lines: dict[int, int], state: Any
) -> Found:
    row_id, code, name, owner, public, deleted, audited = row
    seen = state.people.can_see(row_id, owner, public)
    if not seen:
        code, name = "-", Phrase("(a customer in the pool you cannot see)")
        if owner:
            login = state.people.login_of.get(owner)
            name = Phrase("(a customer owned by {login} you cannot see)", login=login)
    blocked = ""
    if deleted is not None:
        blocked = Phrase("customer {code} is deleted; restore it first", code=code)
    elif not seen or not state.people.can_edit(row_id, owner):
        blocked = Phrase("you may not change customer {code} {name}", code=code, name=name)
    elif audited:
        blocked = Phrase("customer {code} is audited; un-audit it before changing it", code=code)
    return Found(row_id, code, name, why, lines.get(row_id), identity, blocked)


def _in_file(draft: Draft, seen: dict[str, dict[str, int]], state: Any) -> list[Found]:
    """Earlier rows of this batch with the same keys (earlier batches are in the database);
    then this row's keys join them."""
    found = []
    for key, _ in KEYS:
        value = draft.extra["keys"][key]
        if value and value in seen[key]:
            found.append(Found(None, "", "", REASONS[key], seen[key][value], key == "code"))
    name = fold(draft.values["name"])
    for keyword, line in state.keywords.local:
        if keyword in name:
            found.append(Found(None, "", "", Phrase("keyword in name"), line))
    for key, _ in KEYS:
        value = draft.extra["keys"][key]
        if value:
            seen[key].setdefault(value, draft.line)
    if draft.values.get("keyword"):
        state.keywords.local.append((fold(draft.values["keyword"]), draft.line))
    return found


def _merged(found: list[Found]) -> list[Found]:
    """One entry per record or row, its reasons joined; the same code first."""
    merged: dict[tuple[int | None, int | None], Found] = {}
    for item in found:
        key = (item.id, item.line)
        if key in merged:
            merged[key] = merged[key].also(item)
        else:
            merged[key] = item
    return sorted(merged.values(), key=lambda f: not f.identity)
