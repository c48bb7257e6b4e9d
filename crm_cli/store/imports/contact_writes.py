"""Writing imported contacts in bulk: rows (work phone, province and city defaulting from
the customer as CON-1 says; the owner and birthday copies of migration 0005), log
entries and batch items a statement each per batch, then their customers' search text.
Also the first contact a customer file's row names (联系人 with 手机 and 职务)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.normalize import fold, phone_key
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import refresh_search
from crm_cli.store.customers.mnemonic import mnemonic as make_mnemonic
from crm_cli.store.customers.owners import birthday_md
from crm_cli.store.imports.bulk import Columns, ids_by_code, select_in
from crm_cli.store.imports.numbering import assign_codes
from crm_cli.store.imports.specs import Draft, Run

P = cm.Contact
LOG_JSON = json.JSONEncoder(ensure_ascii=False, default=oplog.plain)
FIELDS = ("name", "mnemonic", "title", "department", "deal_role", "birthday", "age_range",
          "gender", "mobile", "work_phone", "home_phone", "email", "im", "spouse", "hobbies",
          "province", "city", "notes")  # fmt: skip


class Parent(NamedTuple):
    """What a contact takes from its customer."""

    id: int
    code: str
    name: str
    owner: int | None
    phone: str
    province: str
    city: str
    deleted: bool = False

    @classmethod
    def of(cls, row: Any) -> Parent:
        return cls(row.id, row.code, row.name, row.owner_id, row.phone, row.province, row.city)


def insert(run: Run, drafts: list[Draft], parents: dict[int, Parent], search: bool = True) -> None:
    """Add the contacts of ``drafts`` (``extra["customer_id"]`` each) at once."""
    if not drafts:
        return
    assign_codes(drafts, "contact", "code.contact_prefix")
    columns = Columns(P)
    rows = []
    for draft in drafts:
        values = _values(draft, parents[draft.extra["customer_id"]], run)
        draft.extra["snapshot"] = {k: values.get(k) for k in FIELDS}
        rows.append(columns.row(values))
    columns.insert(rows)
    ids = ids_by_code(P, [d.code for d in drafts])
    log = Columns(m.OpLog)
    entries = []
    for draft in drafts:
        draft.id = ids[draft.code]
        run.item("contact", draft.id, draft.line, "create")
        changes = LOG_JSON.encode(oplog.nonempty(draft.extra.pop("snapshot")))
        entries.append(log.row({"at": run.now, "actor": run.actor.id, "entity": "contact",
                                "entity_id": draft.id, "customer_id": draft.extra["customer_id"],
                                "action": "import", "changes": changes}))  # fmt: skip
    log.insert(entries)
    if search:
        refresh_customers({d.extra["customer_id"] for d in drafts})


def _values(draft: Draft, parent: Parent, run: Run) -> dict[str, Any]:
    given = {k: v for k, v in draft.values.items() if k in FIELDS}
    values: dict[str, Any] = {"work_phone": parent.phone, "province": parent.province,
                              "city": parent.city, **given}  # fmt: skip
    values.update(
        code=draft.code, customer=parent.id, owner_id=parent.owner,
        mnemonic=given.get("mnemonic") or make_mnemonic(given["name"]),
        birthday_md=birthday_md(given.get("birthday")), name_key=fold(given["name"]).strip(),
        phone_key=phone_key(values.get("mobile") or values.get("work_phone") or ""),
        email_key=fold(given.get("email", "")), created_at=run.now, updated_at=run.now,
    )  # fmt: skip
    return values


def refresh_customers(ids: set[int]) -> None:
    """The search text of these customers, which holds their contacts' names."""
    for row in select_in(cm.Customer.select(), cm.Customer.id, ids):
        refresh_search(row)


def first_contacts(run: Run, customers: list[tuple[Draft, dict[str, Any]]]) -> None:
    """The first contacts of new customers (``values``: what the customer was written
    with); their names are in the customers' search text already."""
    drafts, parents = [], {}
    for draft, values in customers:
        if not draft.values.get("contact") or draft.id is None:
            continue
        parents[draft.id] = Parent(draft.id, draft.code, values["name"], values["owner"],
                                   values.get("phone", ""), values.get("province", ""),
                                   values.get("city", ""))  # fmt: skip
        drafts.append(_contact_draft(draft, draft.id))
    insert(run, drafts, parents, search=False)


def first_contact_of(run: Run, draft: Draft, row: cm.Customer) -> bool:
    """An updated customer's first contact, added unless it has a contact of that name."""
    name = draft.values.get("contact")
    if not name:
        return False
    live = P.select().where(
        (P.customer == row.id) & (P.name_key == fold(name).strip()) & P.deleted_at.is_null()
    )
    if live.exists():
        return False
    insert(run, [_contact_draft(draft, row.id)], {row.id: Parent.of(row)}, search=False)
    return True


def _contact_draft(draft: Draft, customer_id: int) -> Draft:
    values = {"name": draft.values["contact"]}
    for field in ("mobile", "title"):
        if field in draft.values:
            values[field] = draft.values[field]
    contact = Draft(draft.line, values, {})
    contact.extra["customer_id"] = customer_id
    return contact
