"""Contacts as a record type of the import engine (`crm import contacts FILE`): CSV, XLSX,
JSON Lines or vCard. Each row names its customer (客户名称: code, id or exact name), whom
the actor must be allowed to change, as `crm contact add` requires. Duplicates are CON-1's:
the same name, phone or e-mail among the customer's contacts (its switchboard number,
which contacts inherit, aside), or the same contact code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.errors import Phrase
from crm_cli.store.core.normalize import fold, phone_key
from crm_cli.store.core.tabular import Table
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import refresh_search
from crm_cli.store.customers.mnemonic import mnemonic as make_mnemonic
from crm_cli.store.customers.owners import birthday_md
from crm_cli.store.imports import contact_rows, contact_writes
from crm_cli.store.imports.aliases import CONTACT, alias_table
from crm_cli.store.imports.bulk import chunks, select_in, tuples
from crm_cli.store.imports.customer_undo import as_stored, log_undo
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import SAME, Draft, Entity, Found, Problems, Run

P = cm.Contact
COLUMNS = (P.id, P.code, P.name, P.customer, P.deleted_at, P.name_key, P.phone_key, P.email_key)
PHONES = ("mobile", "work_phone", "home_phone")


class State:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.people = People(run.actor, run.today)
        self.customers = contact_rows.Customers(self.people)
        self.convert = contact_rows.converters(run.today)


def _keys(draft: Draft, parent: contact_writes.Parent) -> dict[str, set[str]]:
    shared = phone_key(parent.phone or "")
    phones = {phone_key(draft.values[f]) for f in PHONES if draft.values.get(f)} - {"", shared}
    email = fold(draft.values.get("email", ""))
    return {"name": {fold(draft.values["name"]).strip()}, "phone": phones,
            "email": {email} - {""}}  # fmt: skip


class ContactsSpec:
    name = "contacts"
    noun = "contact"
    required = ("name", "customer")
    vcard = True
    tables = ("contact", "customer")

    def aliases(self) -> Mapping[str, str]:
        return alias_table(CONTACT)

    def start(self, run: Run) -> State:
        return State(run)

    def parse(self, table: Table, state: State, problems: Problems) -> list[Draft]:
        drafts = contact_rows.parse(table, state.convert, problems)
        return state.customers.resolve(drafts, problems)

    def match(self, drafts: list[Draft], state: State, problems: Problems) -> None:
        existing: dict[tuple[int, str, str], list[tuple[Any, ...]]] = {}
        query = P.select(*COLUMNS).where(P.deleted_at.is_null()).tuples()
        for row in select_in(query, P.customer, {d.extra["customer_id"] for d in drafts}):
            for key, value in (("name", row[5]), ("phone", row[6]), ("email", row[7])):
                if value:
                    existing.setdefault((row[3], key, value), []).append(row)
        by_code = {r[1]: r for r in select_in(P.select(*COLUMNS).tuples(), P.code,
                                              {d.code for d in drafts if d.code})}  # fmt: skip
        rows = [r for found in existing.values() for r in found] + list(by_code.values())
        lines = state.run.lines_of("contact", {r[0] for r in rows})
        seen: dict[tuple[int, str, str], int] = {}
        for draft in drafts:
            customer = draft.extra["customer_id"]
            found = _by_code(draft, by_code, lines, seen)
            for key, values in _keys(draft, state.customers.by_id[customer]).items():
                for value in values:
                    for row in existing.get((customer, key, value), ()):
                        found.append(Found(row[0], row[1], row[2], SAME[key], lines.get(row[0])))
                    if (customer, key, value) in seen:
                        found.append(Found(None, "", "", SAME[key], seen[(customer, key, value)]))
                    seen.setdefault((customer, key, value), draft.line)
            draft.matches = _merged(found)

    def write(self, drafts: list[Draft], state: State) -> None:
        creates = [d for d in drafts if d.action == "create"]
        contact_writes.insert(state.run, creates, state.customers.by_id)
        for draft in drafts:
            if draft.action == "update":
                _update(draft, state)

    def entity(self, name: str) -> Entity:
        return ENTITY


def _by_code(
    draft: Draft, by_code: dict[str, tuple[Any, ...]], lines: dict[int, int], seen: dict[Any, int]
) -> list[Found]:
    if not draft.code:
        return []
    found = []
    row = by_code.get(draft.code)
    if row is not None:
        blocked = ""
        if row[4] is not None:
            blocked = Phrase("contact {code} is deleted", code=row[1])
        elif row[3] != draft.extra["customer_id"]:
            blocked = Phrase("contact {code} belongs to another customer", code=row[1])
        found.append(Found(row[0], row[1], row[2], SAME["code"], lines.get(row[0]), True, blocked))
    if (0, "code", draft.code) in seen:
        found.append(Found(None, "", "", SAME["code"], seen[(0, "code", draft.code)], True))
    seen.setdefault((0, "code", draft.code), draft.line)
    return found


def _merged(found: list[Found]) -> list[Found]:
    merged: dict[tuple[int | None, int | None], Found] = {}
    for item in found:
        key = (item.id, item.line)
        old = merged.get(key)
        merged[key] = item if old is None else old.also(item)
    return sorted(merged.values(), key=lambda f: not f.identity)


def _update(draft: Draft, state: State) -> None:
    """Change what the row's cells change; the values before are kept for undo."""
    row = P.get_by_id(draft.id)
    before: dict[str, Any] = {}
    for field, value in draft.values.items():
        if field in contact_writes.FIELDS and getattr(row, field) != value:
            before[field] = oplog.plain(getattr(row, field))
            setattr(row, field, value)
    draft.extra["name"] = row.name
    if not before:
        draft.action, draft.note = "skip", "no change"
        return
    if "name" in before and "mnemonic" not in draft.values:
        before["mnemonic"] = row.mnemonic
        row.mnemonic = make_mnemonic(row.name)
    _save(state.run, row, before, "import")
    state.run.item("contact", row.id, draft.line, "update", json.dumps(before, ensure_ascii=False))


def _save(run: Run, row: cm.Contact, before: dict[str, Any], action: str) -> None:
    row.name_key = fold(row.name).strip()
    row.phone_key = phone_key(row.mobile or row.work_phone or "")
    row.email_key = fold(row.email or "")
    row.birthday_md = birthday_md(row.birthday)
    row.updated_at = run.now
    row.save()
    refresh_search(cm.Customer.get_by_id(row.customer_id))
    changes = {k: [v, oplog.plain(getattr(row, k))] for k, v in before.items()}
    oplog.write(run.actor, "contact", row.id, row.customer_id, action, changes, run.now)


class ContactEntity:
    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        log = m.OpLog
        query = log.select(log.entity_id).where((log.id > mark) & (log.entity == "contact"))
        changed = {r[0] for r in select_in(query.distinct().tuples(), log.entity_id, ids)}
        rows = select_in(P.select(P.code, P.name).tuples(), P.id, changed)
        return sorted(f"{code} {name}" for code, name in rows)

    def remove(self, run: Run, ids: list[int]) -> None:
        owners: dict[int, int] = {}
        for part in chunks(sorted(ids)):
            owners.update(tuples(P.select(P.id, P.customer).where(P.id.in_(list(part)))))
            P.update(deleted_at=run.now, updated_at=run.now).where(
                P.id.in_(list(part)) & P.deleted_at.is_null()
            ).execute()
        contact_writes.refresh_customers(set(owners.values()))
        log_undo(run, "contact", sorted(owners.items()), {"import_batch": run.batch_id})

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        for row in select_in(P.select(), P.id, previous):
            before = {key: oplog.plain(getattr(row, key)) for key in previous[row.id]}
            for key, value in previous[row.id].items():
                setattr(row, key, as_stored(P, key, value))
            _save(run, row, before, "import-undo")


ENTITY = ContactEntity()
SPEC = ContactsSpec()
