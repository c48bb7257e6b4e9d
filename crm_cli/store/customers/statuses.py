"""The renamable customer status list and the custom field definitions."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from crm_cli.store.core import settings
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Conflict, NotFound, PermissionDenied
from crm_cli.store.core.normalize import clean_name
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.fields import define_custom_field, status_named
from crm_cli.store.customers.records import Status
from crm_cli.store.customers.settings import FORMAL


@reading
def list_statuses(actor: User, *, now: dt.datetime | None = None) -> list[Status]:
    """Statuses in their order, each with how many visible live customers have it."""
    C = cm.Customer
    counts_q = access.restrict(
        C.select(C.status, pw.fn.COUNT(C.id).alias("n")).where(C.deleted_at.is_null()),
        actor,
        now_or(now).date(),
    ).group_by(C.status)
    counts = {row.status_id: getattr(row, "n", 0) for row in counts_q}
    rows = cm.CustomerStatus.select().order_by(cm.CustomerStatus.position, cm.CustomerStatus.id)
    return [Status(r.id, r.name, r.position, int(counts.get(r.id, 0))) for r in rows]


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied("only an admin may change the status list")


@writing
def add_status(actor: User, name: str) -> Status:
    _require_admin(actor)
    name = clean_name(name, "status name")
    if cm.CustomerStatus.select().where(cm.CustomerStatus.name == name).exists():
        raise Conflict("status {name!r} already exists", name=name)
    position = (cm.CustomerStatus.select(pw.fn.MAX(cm.CustomerStatus.position)).scalar() or 0) + 1
    row = cm.CustomerStatus.create(name=name, position=position)
    return Status(row.id, row.name, row.position)


def _named(text: str) -> int | None:
    """The id of the status ``text`` names (its name, or 潜在客户 for potential), if any."""
    S = cm.CustomerStatus
    ids = {s.name: s.id for s in S.select(S.name, S.id)}
    name = status_named(text, list(ids))
    return None if name is None else int(ids[name])


@writing
def rename_status(actor: User, old: str, new: str) -> Status:
    """Rename a status; customers keep it under its new name."""
    _require_admin(actor)
    new = clean_name(new, "status name")
    row = cm.CustomerStatus.get_or_none(cm.CustomerStatus.id == _named(old))
    if row is None:
        raise NotFound("no status {old!r}", old=old.strip())
    clash = cm.CustomerStatus.get_or_none(cm.CustomerStatus.name == new)
    if clash is not None and clash.id != row.id:
        raise Conflict("status {new!r} already exists", new=new)
    before = row.name
    row.name = new
    row.save()
    if settings.value_of(FORMAL) == before:  # the setting names the status, which moved
        settings.store_value(FORMAL, new)
    return Status(row.id, row.name, row.position)


@writing
def define_field(actor: User, key: str, *, kind: str = "text", label: str = "") -> dict[str, str]:
    """Declare a custom customer field with a type (admins only)."""
    if not actor.is_admin:
        raise PermissionDenied("only an admin may define custom fields")
    existing = cm.CustomField.get_or_none(
        (cm.CustomField.entity == "customer") & (cm.CustomField.key == key.strip().lower())
    )
    if existing is not None:
        raise Conflict("custom field {key!r} already exists", key=key.strip())
    spec = define_custom_field(key, kind, label)
    return {"key": spec.name.removeprefix("custom."), "type": spec.kind, "label": label or key}


@reading
def list_fields(actor: User) -> list[dict[str, str]]:
    rows = cm.CustomField.select().where(cm.CustomField.entity == "customer")
    return [
        {"key": r.key, "type": r.kind, "label": r.label} for r in rows.order_by(cm.CustomField.key)
    ]
