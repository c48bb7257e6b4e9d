"""Customers (CUS-1…CUS-4): add, find, show and edit one customer; the 360 view (CUS-7)
that gathers its related records lives in `overview.customer360`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from crm_cli.store.core import hooks, oplog
from crm_cli.store.core import models as m
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or, require_past
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Ambiguous, InvalidInput, Locked, NotFound
from crm_cli.store.core.listing import ALL, Page
from crm_cli.store.core.normalize import fold, name_key, phone_key
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access, name_buckets, name_order, owners, search
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.duplicates import refuse_duplicates
from crm_cli.store.customers.fields import (
    FIELDS,
    coerce,
    define_custom_field,
    load_custom,
    spec_for,
    status_id,
)
from crm_cli.store.customers.mnemonic import mnemonic as make_mnemonic
from crm_cli.store.customers.records import Customer

# Dates that record what has happened (a planned date, like next contact, may be ahead).
PAST_DATES = ("registered",)
# An edit of one of these checks for duplicates again.
DUPLICATE_KEYS = ("name", "phone", "email", "credit_code", "credit-code")


def to_record(
    row: cm.Customer,
    statuses: Mapping[int, str] | None = None,
    logins: Mapping[int, str] | None = None,
    delegated_to: tuple[str, ...] = (),
) -> Customer:
    statuses = statuses if statuses is not None else status_names()
    logins = logins if logins is not None else user_logins()
    values = {name: getattr(row, name) for name in FIELDS if name not in ("status", "owner")}
    return Customer(
        id=row.id,
        status=statuses.get(row.status_id) if row.status_id else None,
        owner=logins.get(row.owner_id) if row.owner_id else None,
        custom=load_custom(row),
        deleted=row.deleted_at is not None,
        delegated_to=delegated_to,
        **values,
    )


def status_names() -> dict[int, str]:
    return {
        s.id: s.name for s in cm.CustomerStatus.select(cm.CustomerStatus.id, cm.CustomerStatus.name)
    }


def user_logins() -> dict[int, str]:
    return {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}


def find_row(actor: User, ref: str, today: dt.date, *, deleted: bool | None = False) -> cm.Customer:
    """The customer named by code, numeric id or exact name, if the actor may see it.

    ``deleted``: False finds live customers, True only deleted ones, None either.
    """
    text = ref.strip()
    if not text:
        raise InvalidInput("empty customer reference")
    C = cm.Customer
    # The name through its indexed key (names themselves are not indexed); exact below.
    cond = (C.code == text.upper()) | (C.name_key == name_key(text))
    if (number := as_id(text, "customer")) is not None:
        cond = cond | (C.id == number)
    query = access.restrict(C.select().where(cond), actor, today)
    if deleted is False:
        query = query.where(C.deleted_at.is_null())
    elif deleted is True:
        query = query.where(C.deleted_at.is_null(False))
    rows = [
        r for r in query.limit(50) if r.name == text or r.code == text.upper() or str(r.id) == text
    ]
    exact = [r for r in rows if r.code == text.upper() or str(r.id) == text]
    if exact:
        return exact[0]
    if not rows:
        raise NotFound("no customer {text!r}", text=text)
    if len(rows) > 1:
        names = [f"{r.code} {r.name}" for r in rows]
        raise Ambiguous(
            "{text!r} matches several customers: {names}", names, text=text, names="; ".join(names)
        )
    return rows[0]


def require_live(row: cm.Customer) -> None:
    if row.deleted_at is not None:
        raise InvalidInput("customer {code} is deleted; restore it first", code=row.code)


def require_unlocked(row: cm.Customer) -> None:
    if row.audited:
        raise Locked("customer {code} is audited; un-audit it before changing it", code=row.code)


def refresh_search(row: cm.Customer) -> None:
    names = [
        c.name
        for c in cm.Contact.select(cm.Contact.name).where(
            (cm.Contact.customer == row.id) & cm.Contact.deleted_at.is_null()
        )
    ]
    text = search.search_text(row, names)
    search.reindex(row.id, text)
    name_order.index(row.id, row.name, text)
    name_buckets.note([(row.id, row.name, text)])


def _set_keys(row: cm.Customer) -> None:
    row.name_key = name_key(row.name)
    row.phone_key = phone_key(row.phone or "")
    row.email_key = fold(row.email or "")


def _values(row: cm.Customer) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in FIELDS if name not in ("status", "owner")}
    data["status"] = status_names().get(row.status_id) if row.status_id else None
    data["owner"] = user_logins().get(row.owner_id) if row.owner_id else None
    data["custom"] = load_custom(row)
    return data


def _apply(
    row: cm.Customer, changes: Mapping[str, Any], custom: Mapping[str, Any], today: dt.date
) -> None:
    """Validate and set field values from user input (no save)."""
    for key, text in changes.items():
        if key.strip().lower().startswith("custom."):
            spec = define_custom_field(key)
        else:
            spec = spec_for(key, for_edit=True)
        value = coerce(spec, text, today)
        if spec.name in PAST_DATES:
            require_past(spec.name, value, today)
        if spec.name.startswith("custom."):
            data = load_custom(row)
            data[spec.name.removeprefix("custom.")] = _jsonable(value)
            row.custom = json.dumps(data, ensure_ascii=False)
        elif spec.kind == "status":
            row.status_id = status_id(value) if value else None
        elif spec.kind == "owner":
            row.owner_id = active_user_row(value).id if value else None
        else:
            setattr(row, spec.name, value)
    if custom:
        data = load_custom(row)
        for key, text in custom.items():
            spec = define_custom_field(key)
            data[spec.name.removeprefix("custom.")] = _jsonable(coerce(spec, text, today))
        row.custom = json.dumps(data, ensure_ascii=False)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@writing
def add_customer(
    actor: User,
    name: str,
    fields: Mapping[str, Any] | None = None,
    *,
    custom: Mapping[str, Any] | None = None,
    allow_duplicate: bool = False,
    now: dt.datetime | None = None,
) -> Customer:
    """Add a customer owned by the actor unless ``fields['owner']`` says otherwise.

    Raises:
        InvalidInput: a bad field value. Duplicate: possible duplicates, unless allowed.
    """
    now = now_or(now)
    fields = dict(fields or {})
    fields["name"] = name
    row = cm.Customer(
        code="", owner=actor.id, created_by=actor.id, created_at=now, updated_at=now,
        registered=now.date(), status=_default_status(),
    )  # fmt: skip
    _apply(row, fields, custom or {}, now.date())
    if row.owner_id != actor.id and not actor.is_admin:
        target = int(row.owner_id) if row.owner_id else -1
        if target not in access.managed_owner_ids(actor):
            raise InvalidInput("you may only add customers for yourself or your subordinates")
    if not row.mnemonic:
        row.mnemonic = make_mnemonic(row.name)
    _set_keys(row)
    if not allow_duplicate:
        refuse_duplicates(actor, row, now.date())
    row.code = next_code("customer", "code.customer_prefix")
    row.save(force_insert=True)
    refresh_search(row)
    oplog.write(actor, "customer", row.id, row.id, "add", oplog.nonempty(_values(row)), now)
    record = to_record(row)
    hooks.fire("add-customer", actor, now, None, record)  # a pre-hook's veto rolls it back
    return record


def _default_status() -> int | None:
    first = cm.CustomerStatus.select().order_by(cm.CustomerStatus.position).first()
    return first.id if first else None


@reading
def get_customer(actor: User, ref: str, *, now: dt.datetime | None = None) -> Customer:
    row = find_row(actor, ref, now_or(now).date(), deleted=None)
    return to_record(row, delegated_to=delegates_of(row.id, now_or(now).date()))


def delegates_of(customer_id: int, today: dt.date) -> tuple[str, ...]:
    query = (
        m.User.select(m.User.login)
        .join(cm.Delegation, on=(cm.Delegation.delegate == m.User.id))
        .where(
            (cm.Delegation.customer == customer_id)
            & (cm.Delegation.until >= today)
            & cm.Delegation.revoked_at.is_null()
        )
    )
    return tuple(u.login for u in query)


@writing
def edit_customer(
    actor: User,
    ref: str,
    changes: Mapping[str, Any],
    *,
    custom: Mapping[str, Any] | None = None,
    allow_duplicate: bool = False,
    now: dt.datetime | None = None,
) -> Customer:
    """Change fields of one customer; a new name, phone, e-mail or credit code re-checks
    duplicates."""
    now = now_or(now)
    row = find_row(actor, ref, now.date(), deleted=None)
    require_live(row)
    access.require_edit(actor, row, now.date())
    require_unlocked(row)
    if not changes and not custom:
        raise InvalidInput("nothing to change: give at least one field")
    before = _values(row)
    old = to_record(row) if hooks.wanted("modify-customer") else None  # before _apply
    _apply(row, changes, custom or {}, now.date())
    if "name" in changes and "mnemonic" not in changes:
        row.mnemonic = make_mnemonic(row.name)
    _set_keys(row)
    if not allow_duplicate and any(k in changes for k in DUPLICATE_KEYS):
        refuse_duplicates(actor, row, now.date())
    record = save_changes(actor, row, before, now, "edit")
    if old is not None and old != record:  # an edit that changed nothing is no event
        hooks.fire("modify-customer", actor, now, old, record)
    return record


def save_changes(
    actor: User, row: cm.Customer, before: dict[str, Any], now: dt.datetime, action: str
) -> Customer:
    """Save a changed customer, its search index and its log entry."""
    after = _values(row)
    changed = oplog.diff(before, after)
    if changed:
        row.updated_at = now
        row.save()
        refresh_search(row)
        if "owner" in changed:
            owners.follow([row.id])
        oplog.write(actor, "customer", row.id, row.id, action, changed, now)
    return to_record(row)


@reading
def customer_log(
    actor: User, ref: str, *, now: dt.datetime | None = None, page: Page = ALL
) -> list[Any]:
    """The operation log of a customer and its contacts, newest first (index customer_id)."""
    row = find_row(actor, ref, now_or(now).date(), deleted=None)
    return oplog.entries_for_customer(row.id, page.check().limit, page.offset)
