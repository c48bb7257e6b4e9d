"""Whole-customer actions (USR-4, USR-5, CUS-4): delete, restore, purge, transfer, audit.

Each takes several references and is all or nothing: if one is refused, none
changes, and the error names the one that was refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from crm_cli.store import access, oplog, search
from crm_cli.store import models as m
from crm_cli.store.customer_fields import now_or
from crm_cli.store.customers import find_row, require_live, require_unlocked, to_record
from crm_cli.store.db import writing
from crm_cli.store.errors import Conflict, InvalidInput, PermissionDenied
from crm_cli.store.records import Customer, User
from crm_cli.store.users import active_user_row


def _each(
    actor: User,
    refs: Sequence[str],
    now: dt.datetime,
    act: Callable[[m.Customer], None],
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
    statuses = {s.id: s.name for s in m.CustomerStatus.select()}
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}
    return [to_record(r, statuses, logins) for r in done]


@writing
def delete_customers(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[Customer]:
    """Move customers to the trash (sales may not; managers for their team; admins)."""
    now = now_or(now)

    def act(row: m.Customer) -> None:
        access.require_manage(actor, row, now.date(), "delete")
        if row.deleted_at is not None:
            raise InvalidInput(f"customer {row.code} is already deleted")
        require_unlocked(row)
        row.deleted_at, row.deleted_by_id, row.updated_at = now, actor.id, now
        row.save()
        oplog.write(actor, "customer", row.id, row.id, "delete", {}, now)

    return _each(actor, refs, now, act, deleted=None)


@writing
def restore_customers(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[Customer]:
    """Take customers out of the trash."""
    now = now_or(now)

    def act(row: m.Customer) -> None:
        access.require_manage(actor, row, now.date(), "restore")
        row.deleted_at, row.deleted_by_id, row.updated_at = None, None, now
        row.save()
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

    def act(row: m.Customer) -> None:
        _require_no_sales(row)
        snapshot = {"code": row.code, "name": row.name}
        oplog.write(actor, "customer", row.id, row.id, "purge", snapshot, now)
        search.unindex(row.id)
        m.Contact.delete().where(m.Contact.customer == row.id).execute()
        m.Delegation.delete().where(m.Delegation.customer == row.id).execute()
        row.delete_instance()

    return _each(actor, refs, now, act, deleted=True)


def _require_no_sales(row: m.Customer) -> None:
    """Money records outlive customers: the database refuses too, but without a clear line."""
    from crm_cli.store import sales_models as sm

    counts = {
        "quote(s)": sm.Quote.select().where(sm.Quote.customer == row.id).count(),
        "order(s)": sm.SalesOrder.select().where(sm.SalesOrder.customer == row.id).count(),
        "opportunity(ies)": sm.Opportunity.select()
        .where(sm.Opportunity.customer == row.id)
        .count(),
    }
    found = [f"{n} {kind}" for kind, n in counts.items() if n]
    if found:
        raise Conflict(
            f"customer {row.code} has quotes, orders or payments ({', '.join(found)}); "
            "it cannot be purged"
        )


@writing
def transfer_customers(
    actor: User, refs: Sequence[str], to: str, *, now: dt.datetime | None = None
) -> list[Customer]:
    """Give customers to another (active) owner."""
    now = now_or(now)
    target = active_user_row(to)
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}

    def act(row: m.Customer) -> None:
        require_live(row)
        access.require_edit(actor, row, now.date(), "transfer")
        if row.owner_id == target.id:
            return
        change = {"owner": [logins.get(row.owner_id or 0), target.login]}
        row.owner_id, row.updated_at = target.id, now
        row.save()
        oplog.write(actor, "customer", row.id, row.id, "transfer", change, now)

    return _each(actor, refs, now, act)


def _set_audit(actor: User, refs: Sequence[str], now: dt.datetime, value: bool) -> list[Customer]:
    word = "audit" if value else "un-audit"

    def act(row: m.Customer) -> None:
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
