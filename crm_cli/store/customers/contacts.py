"""Contacts (CON-1): the people at a customer, seen and changed through the customer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or, require_past
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import SAVE_ANYWAY, Ambiguous, Duplicate, InvalidInput, NotFound
from crm_cli.store.core.listing import ALL, Page, rows, streaming
from crm_cli.store.core.normalize import fold, phone_key
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, refresh_search, require_live
from crm_cli.store.customers.duplicates import contact_matches
from crm_cli.store.customers.fields import FieldSpec, coerce
from crm_cli.store.customers.mnemonic import mnemonic as make_mnemonic
from crm_cli.store.customers.owners import birthday_md
from crm_cli.store.customers.records import Contact

FIELDS: dict[str, str] = {
    "name": "name", "mnemonic": "text", "title": "text", "department": "text",
    "deal_role": "text", "birthday": "date", "age_range": "text", "gender": "text",
    "mobile": "mobile", "work_phone": "phone", "home_phone": "phone", "email": "email",
    "im": "text", "spouse": "text", "hobbies": "text", "province": "text", "city": "text",
    "notes": "text",
}  # fmt: skip


def to_record(row: cm.Contact, customer: cm.Customer) -> Contact:
    values = {name: getattr(row, name) for name in FIELDS}
    return Contact(
        id=row.id,
        code=row.code,
        customer=customer.code,
        customer_name=customer.name,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **values,
    )


def contacts_of(customer: cm.Customer) -> list[Contact]:
    rows = cm.Contact.select().where(
        (cm.Contact.customer == customer.id) & cm.Contact.deleted_at.is_null()
    )
    return [to_record(r, customer) for r in rows.order_by(cm.Contact.id)]


def _apply(row: cm.Contact, changes: Mapping[str, Any], today: dt.date) -> None:
    for key, text in changes.items():
        name = key.strip().lower().replace("-", "_")
        if name not in FIELDS:
            raise InvalidInput(
                "unknown contact field {key!r}; fields: {fields}", key=key, fields=", ".join(FIELDS)
            )
        value = coerce(FieldSpec(name, FIELDS[name]), text, today)
        if name == "birthday":
            require_past(name, value, today)
        setattr(row, name, value)
    row.name_key = fold(row.name).strip()
    row.phone_key = phone_key(row.mobile or row.work_phone or "")
    row.email_key = fold(row.email or "")
    row.birthday_md = birthday_md(row.birthday)


def _check_duplicates(row: cm.Contact, customer: cm.Customer, allow: bool) -> None:
    if allow:
        return
    # Contacts inherit the customer's switchboard as their work phone; sharing it is normal.
    shared = phone_key(customer.phone or "")
    phones = [
        p for p in (row.mobile, row.work_phone, row.home_phone) if p and phone_key(p) != shared
    ]
    matches = contact_matches(
        int(row.customer_id or 0),
        name=row.name,
        phones=phones,
        email=row.email,
        exclude_id=row.id,
    )
    if matches:
        listing = "; ".join(f"{x.code} {x.name} ({x.reason})" for x in matches)
        raise Duplicate(
            "possible duplicate contact: {listing}; {save_anyway}",
            matches,
            listing=listing,
            save_anyway=SAVE_ANYWAY,
        )


def _snapshot(row: cm.Contact) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS}


@writing
def add_contact(
    actor: User,
    customer_ref: str,
    name: str,
    fields: Mapping[str, Any] | None = None,
    *,
    allow_duplicate: bool = False,
    now: dt.datetime | None = None,
) -> Contact:
    """Add a contact; work phone, province and city default from the customer."""
    now = now_or(now)
    customer = find_row(actor, customer_ref, now.date())
    require_live(customer)
    access.require_edit(actor, customer, now.date(), "add contacts to")
    row = cm.Contact(
        customer=customer.id, code="", created_at=now, updated_at=now,
        work_phone=customer.phone, province=customer.province, city=customer.city,
        owner_id=customer.owner_id,
    )  # fmt: skip
    _apply(row, {**(fields or {}), "name": name}, now.date())
    if not row.mnemonic:
        row.mnemonic = make_mnemonic(row.name)
    _check_duplicates(row, customer, allow_duplicate)
    row.code = next_code("contact", "code.contact_prefix")
    row.save(force_insert=True)
    refresh_search(customer)
    oplog.write(actor, "contact", row.id, customer.id, "add", oplog.nonempty(_snapshot(row)), now)
    return to_record(row, customer)


def _find(actor: User, ref: str, today: dt.date) -> tuple[cm.Contact, cm.Customer]:
    text = ref.strip()
    if not text:
        raise InvalidInput("empty contact reference")
    cond = (cm.Contact.code == text.upper()) | (cm.Contact.name == text)
    if (number := as_id(text, "contact")) is not None:
        cond |= cm.Contact.id == number
    query = (
        cm.Contact.select(cm.Contact, cm.Customer)
        .join(cm.Customer)
        .where(cond & cm.Contact.deleted_at.is_null() & cm.Customer.deleted_at.is_null())
    )
    rows = list(access.restrict(query, actor, today).limit(10))
    exact = [r for r in rows if r.code == text.upper() or str(r.id) == text]
    if exact:
        rows = exact[:1]
    if not rows:
        raise NotFound("no contact {text!r}", text=text)
    if len(rows) > 1:
        names = [f"{r.code} {r.name} ({r.customer.name})" for r in rows]
        raise Ambiguous(
            "{text!r} matches several contacts: {names}", names, text=text, names="; ".join(names)
        )
    return rows[0], rows[0].customer


@reading
def get_contact(actor: User, ref: str, *, now: dt.datetime | None = None) -> Contact:
    row, customer = _find(actor, ref, now_or(now).date())
    return to_record(row, customer)


@streaming
def iter_contacts(
    actor: User,
    customer_ref: str | None = None,
    *,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Contact]:
    """Contacts of one customer, or of every customer the actor may see, oldest first;
    read as the caller iterates, the page cut by the database. ``terms``: query-language
    terms (SH-1, ``contact_terms``), ANDed with the rest."""
    today = now_or(now).date()
    query = (
        cm.Contact.select(cm.Contact, cm.Customer)
        .join(cm.Customer)
        .where(cm.Contact.deleted_at.is_null() & cm.Customer.deleted_at.is_null())
        .order_by(cm.Contact.id)
    )
    if customer_ref:
        query = query.where(cm.Contact.customer == find_row(actor, customer_ref, today).id)
    else:
        query = access.restrict(query, actor, today)
    if terms:  # the customer query language loads only for a list that uses it
        from crm_cli.store.customers import contact_terms

        for cond in contact_terms.conditions(terms, actor, today):
            query = query.where(cond)
    for row in rows(page.apply(query)):
        yield to_record(row, row.customer)


@reading
def list_contacts(
    actor: User, customer_ref: str | None = None, *, now: dt.datetime | None = None
) -> list[Contact]:
    """``iter_contacts`` as a list."""
    return list(iter_contacts(actor, customer_ref, now=now))


@writing
def edit_contact(
    actor: User,
    ref: str,
    changes: Mapping[str, Any],
    *,
    allow_duplicate: bool = False,
    now: dt.datetime | None = None,
) -> Contact:
    now = now_or(now)
    row, customer = _find(actor, ref, now.date())
    access.require_edit(actor, customer, now.date(), "change contacts of")
    if not changes:
        raise InvalidInput("nothing to change: give at least one field")
    before = _snapshot(row)
    _apply(row, changes, now.date())
    if "name" in changes and "mnemonic" not in changes:
        row.mnemonic = make_mnemonic(row.name)
    if {"name", "mobile", "work_phone", "home_phone", "email"} & set(changes):
        _check_duplicates(row, customer, allow_duplicate)
    changed = oplog.diff(before, _snapshot(row))
    if changed:
        row.updated_at = now
        row.save()
        refresh_search(customer)
        oplog.write(actor, "contact", row.id, customer.id, "edit", changed, now)
    return to_record(row, customer)


@writing
def delete_contact(actor: User, ref: str, *, now: dt.datetime | None = None) -> Contact:
    """Soft-delete a contact; the log keeps who and when."""
    now = now_or(now)
    row, customer = _find(actor, ref, now.date())
    access.require_edit(actor, customer, now.date(), "delete contacts of")
    row.deleted_at = now
    row.save()
    refresh_search(customer)
    oplog.write(actor, "contact", row.id, customer.id, "delete", {"name": row.name}, now)
    return to_record(row, customer)
