"""Whole-customer actions (USR-4, USR-5, CUS-4): delete, restore, purge, transfer, audit.

Each takes several references and is all or nothing: if one is refused, none
changes, and the error names the one that was refused.

A purge deletes for good, so domains whose records must outlive a customer (sales: quotes,
orders, payments) add a check to ``purge_guards`` that raises ``Conflict``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from crm_cli.store.core import hooks, oplog
from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.registry import Registry
from crm_cli.store.core.users import active_user_row
from crm_cli.store.customers import access, name_order, owners, search
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live, require_unlocked, to_record
from crm_cli.store.customers.records import Customer

purge_guards: Registry[Callable[[cm.Customer], None]] = Registry("purge guards")


def _each(
    actor: User,
    refs: Sequence[str],
    now: dt.datetime,
    act: Callable[[cm.Customer], None],
    *,
    deleted: bool | None = False,
) -> list[Customer]:
    if not refs:
        raise InvalidInput("give at least one customer")
    rows = [find_row(actor, ref, now.date(), deleted=deleted) for ref in refs]
    seen: set[int] = set()
    done = []
    for row in rows:
        if row.id in seen:
            continue
        seen.add(row.id)
        act(row)
        done.append(row)
    statuses = {s.id: s.name for s in cm.CustomerStatus.select()}
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}
    return [to_record(r, statuses, logins) for r in done]


@writing
def delete_customers(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[Customer]:
    """Move customers to the trash (sales may not; managers for their team; admins)."""
    now = now_or(now)

    def act(row: cm.Customer) -> None:
        access.require_manage(actor, row, now.date(), "delete")
        if row.deleted_at is not None:
            raise InvalidInput("customer {code} is already deleted", code=row.code)
        require_unlocked(row)
        old = to_record(row) if hooks.wanted("delete-customer") else None
        row.deleted_at, row.deleted_by_id, row.updated_at = now, actor.id, now
        row.save()
        owners.follow([row.id])  # its contacts leave the owner's digest
        oplog.write(actor, "customer", row.id, row.id, "delete", {}, now)
        if old is not None:  # after: none, though the trash keeps it until a purge
            hooks.fire("delete-customer", actor, now, old, None)

    return _each(actor, refs, now, act, deleted=None)


@writing
def restore_customers(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[Customer]:
    """Take customers out of the trash."""
    now = now_or(now)

    def act(row: cm.Customer) -> None:
        access.require_manage(actor, row, now.date(), "restore")
        row.deleted_at, row.deleted_by_id, row.updated_at = None, None, now
        row.save()
        owners.follow([row.id])
        oplog.write(actor, "customer", row.id, row.id, "restore", {}, now)

    return _each(actor, refs, now, act, deleted=True)


@writing
def purge_customers(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[Customer]:
    """Remove deleted customers for good (admins only); the operation log keeps the record."""
    now = now_or(now)
    if not actor.is_admin:
        raise PermissionDenied("only an admin may purge customers")

    def act(row: cm.Customer) -> None:
        for guard in purge_guards:
            guard(row)
        snapshot = {"code": row.code, "name": row.name}
        oplog.write(actor, "customer", row.id, row.id, "purge", snapshot, now)
        search.unindex(row.id)
        name_order.unindex(row.id)
        cm.Contact.delete().where(cm.Contact.customer == row.id).execute()
        cm.Delegation.delete().where(cm.Delegation.customer == row.id).execute()
        row.delete_instance()

    return _each(actor, refs, now, act, deleted=True)


@writing
def transfer_customers(
    actor: User, refs: Sequence[str], to: str, *, now: dt.datetime | None = None
) -> list[Customer]:
    """Give customers to another (active) owner."""
    now = now_or(now)
    target = active_user_row(to)
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}

    def act(row: cm.Customer) -> None:
        require_live(row)
        access.require_edit(actor, row, now.date(), "transfer")
        if row.owner_id == target.id:
            return
        change = {"owner": [logins.get(row.owner_id or 0), target.login]}
        owners.hand_over(row, target.id, now)
        row.owner_id, row.updated_at = target.id, now
        oplog.write(actor, "customer", row.id, row.id, "transfer", change, now)

    return _each(actor, refs, now, act)


def _set_audit(actor: User, refs: Sequence[str], now: dt.datetime, value: bool) -> list[Customer]:
    word = "audit" if value else "un-audit"

    def act(row: cm.Customer) -> None:
        require_live(row)
        access.require_manage(actor, row, now.date(), word)
        if row.audited == value:
            return
        row.audited, row.updated_at = value, now
        row.audited_by_id, row.audited_at = (actor.id, now) if value else (None, None)
        row.save()
        oplog.write(actor, "customer", row.id, row.id, word, {"audited": [not value, value]}, now)

    return _each(actor, refs, now, act)


@writing
def audit_customers(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[Customer]:
    """Lock customers against edits (CUS-4): managers of the owner and admins."""
    return _set_audit(actor, refs, now_or(now), True)


@writing
def unaudit_customers(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[Customer]:
    return _set_audit(actor, refs, now_or(now), False)
