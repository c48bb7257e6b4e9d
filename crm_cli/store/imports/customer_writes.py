"""Writing imported customers: the new ones in bulk (rows, search index, log entries and
batch items, a statement each per batch), an updated one as `crm customer edit` would
save it, with its values from before kept for undo."""

from __future__ import annotations

import json
from typing import Any, cast

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.db import backend
from crm_cli.store.core.normalize import fold, name_key, phone_key
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import name_buckets, name_order, owners, search
from crm_cli.store.customers.customers import refresh_search
from crm_cli.store.customers.fields import load_custom
from crm_cli.store.customers.mnemonic import mnemonic as make_mnemonic
from crm_cli.store.imports import contact_writes
from crm_cli.store.imports.bulk import Columns, ids_by_code
from crm_cli.store.imports.numbering import assign_codes
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import Draft, Run

C = cm.Customer
LOG_JSON = json.JSONEncoder(ensure_ascii=False, default=oplog.plain)
CONTACT_PART = ("contact", "mobile", "title")  # a row's first contact, not the customer's
FK = {"owner": "owner_id", "status": "status_id"}


def create(drafts: list[Draft], run: Run, people: People, state: Any) -> None:
    """Add the customers of ``drafts`` (and their first contacts) at once."""
    if not drafts:
        return
    assign_codes(drafts, "customer", "code.customer_prefix")
    columns = Columns(C)
    rows, texts = [], []
    for draft in drafts:
        values = _new_values(draft, run, state)
        contact = draft.values.get("contact")
        text = search.search_text(cast(C, _Fields(values)), [contact] if contact else [])
        rows.append(columns.row({**values, "search_text": text}))
        texts.append(text)
        draft.extra["new"] = values
    columns.insert(rows)
    ids = ids_by_code(C, [d.code for d in drafts])
    for draft in drafts:
        draft.id = ids[draft.code]
        run.item("customer", draft.id, draft.line, "create")
        if draft.values.get("keyword"):
            state.keywords.add(draft.id, draft.values["keyword"])
    named = [(ids[d.code], d.extra["new"]["name"], t) for d, t in zip(drafts, texts, strict=True)]
    if backend() == "sqlite":
        search.fill_index(C._meta.database.connection(), [(cid, t) for cid, _, t in named])
        name_order.index_many(named)
    name_buckets.note(named)  # PostgreSQL
    contact_writes.first_contacts(run, [(d, d.extra["new"]) for d in drafts])
    _log(drafts, run, people, state)


class _Fields:
    """A new row's values read as attributes (``search.search_text`` reads a model)."""

    __slots__ = ("values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def __getattr__(self, name: str) -> Any:
        return self.values[name]


def _new_values(draft: Draft, run: Run, state: Any) -> dict[str, Any]:
    given, keys = draft.values, draft.extra["keys"]  # customer_match.keys_of
    # search_text reads these
    values: dict[str, Any] = {"keyword": "", "phone": "", "email": "", "credit_code": None}
    values.update(
        (k, v) for k, v in given.items() if k not in CONTACT_PART and not k.startswith("custom.")
    )
    values.update(
        code=draft.code, owner=given.get("owner", run.actor.id), created_by=run.actor.id,
        created_at=run.now, updated_at=run.now, registered=given.get("registered", run.today),
        status=given.get("status", state.default_status),
        mnemonic=given.get("mnemonic") or make_mnemonic(given["name"]),
        name_key=keys["name"], phone_key=keys["phone"], email_key=keys["email"],
        custom=json.dumps(_custom(given), ensure_ascii=False),
    )  # fmt: skip
    return values


def _custom(values: dict[str, Any], start: dict[str, Any] | None = None) -> dict[str, Any]:
    data = dict(start or {})
    for key, value in values.items():
        if key.startswith("custom."):
            data[key.removeprefix("custom.")] = oplog.plain(value)
    return data


def _log(drafts: list[Draft], run: Run, people: People, state: Any) -> None:
    log = Columns(m.OpLog)
    rows = []
    for draft in drafts:
        values = dict(draft.extra.pop("new"))
        values["owner"] = people.login_of.get(values["owner"])
        values["status"] = state.status_names.get(values["status"])
        values["custom"] = json.loads(values["custom"])
        for key in ("created_by", "created_at", "updated_at", "name_key", "phone_key", "email_key"):
            values.pop(key)
        changes = LOG_JSON.encode(oplog.nonempty(values))
        rows.append(log.row({"at": run.now, "actor": run.actor.id, "entity": "customer",
                             "entity_id": draft.id, "customer_id": draft.id,
                             "action": "import", "changes": changes}))  # fmt: skip
    log.insert(rows)


def update(draft: Draft, state: Any) -> None:
    """Change what the row's cells change (empty cells keep the customer's values)."""
    run = state.run
    row = C.get_by_id(draft.id)
    before: dict[str, Any] = {}
    for field, value in draft.values.items():
        if field in CONTACT_PART or field == "code":
            continue
        if field.startswith("custom."):
            field, value = "custom", json.dumps(_custom({field: value}, load_custom(row)),
                                                ensure_ascii=False)  # fmt: skip
        attribute = FK.get(field, field)
        if getattr(row, attribute) != value:
            before.setdefault(attribute, oplog.plain(getattr(row, attribute)))
            setattr(row, attribute, value)
    if "name" in before and "mnemonic" not in draft.values:
        before["mnemonic"] = row.mnemonic
        row.mnemonic = make_mnemonic(row.name)
    draft.extra["name"] = row.name
    added = contact_writes.first_contact_of(run, draft, row)
    if not before and not added:
        draft.action, draft.note = "skip", "no change"
        return
    if before:
        save(run, row, before, "import", state)
    if added:
        refresh_search(row)
    run.item("customer", row.id, draft.line, "update", json.dumps(before, ensure_ascii=False))


def save(run: Run, row: cm.Customer, before: dict[str, Any], action: str, state: Any) -> None:
    """Save a changed customer: keys, search, the contacts' owner copy, the log."""
    row.name_key = name_key(row.name)
    row.phone_key = phone_key(row.phone or "")
    row.email_key = fold(row.email or "")
    row.updated_at = run.now
    row.save()
    refresh_search(row)
    if "owner_id" in before:
        owners.follow([row.id])
    changes = {
        _shown(key): [_display(key, old, state), _display(key, getattr(row, key), state)]
        for key, old in before.items()
    }
    oplog.write(run.actor, "customer", row.id, row.id, action, changes, run.now)


def _shown(attribute: str) -> str:
    return {"owner_id": "owner", "status_id": "status"}.get(attribute, attribute)


def _display(attribute: str, value: Any, state: Any) -> Any:
    if attribute == "owner_id":
        return state.people.login_of.get(value)
    if attribute == "status_id":
        return state.status_names.get(value)
    if attribute == "custom":
        return json.loads(value or "{}")
    return oplog.plain(value)
