"""Visibility and rights (USR-3, USR-4): the one rule every read and write goes through.

Sales see their own customers, public ones and those delegated to them; managers
also see their subordinates' (recursively); admins see everything. A record the
actor may not see is "not found"; one they see but may not change is "denied".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import peewee as pw

from crm_cli.store import models as m
from crm_cli.store import pool_models as pm
from crm_cli.store.errors import NotFound, PermissionDenied
from crm_cli.store.records import User

Q = TypeVar("Q", bound=Any)


def subordinate_ids(user_id: int) -> set[int]:
    """Everyone below ``user_id`` in the hierarchy, at any depth."""
    children: dict[int, list[int]] = {}
    for row in m.User.select(m.User.id, m.User.supervisor):
        if row.supervisor_id is not None:
            children.setdefault(row.supervisor_id, []).append(row.id)
    found: set[int] = set()
    stack = list(children.get(user_id, []))
    while stack:
        uid = stack.pop()
        if uid not in found:
            found.add(uid)
            stack.extend(children.get(uid, []))
    return found


def managed_owner_ids(actor: User) -> set[int]:
    """Owners whose customers the actor manages: themselves plus subordinates."""
    ids = {actor.id}
    if actor.role == "manager":
        ids |= subordinate_ids(actor.id)
    return ids


def _delegated_ids(actor: User, today: dt.date) -> Any:
    return m.Delegation.select(m.Delegation.customer).where(
        (m.Delegation.delegate == actor.id)
        & (m.Delegation.until >= today)
        & m.Delegation.revoked_at.is_null()
    )


def _in_open_pool() -> Any:
    """Customers waiting in the pool for someone to claim them."""
    return pm.PoolCustomer.select(pm.PoolCustomer.customer).where(pm.PoolCustomer.holder.is_null())


def _pool_member(actor: User) -> bool:
    return pm.PoolMember.select().where(pm.PoolMember.user == actor.id).exists()


def visible(actor: User, today: dt.date) -> pw.Expression | None:
    """The condition on ``Customer`` for what ``actor`` may see; None means everything.

    Pool members also see the unassigned pool; a holder sees a pool customer as its owner.
    """
    if actor.is_admin:
        return None
    owners = managed_owner_ids(actor)
    cond = (
        m.Customer.owner.in_(list(owners))
        | (m.Customer.is_public == True)  # noqa: E712
        | m.Customer.id.in_(_delegated_ids(actor, today))
    )
    if _pool_member(actor):
        cond |= m.Customer.id.in_(_in_open_pool())
    return cond


def restrict(query: Q, actor: User, today: dt.date) -> Q:
    cond = visible(actor, today)
    return query if cond is None else query.where(cond)


def _is_delegate(actor: User, customer_id: int, today: dt.date) -> bool:
    return _delegated_ids(actor, today).where(m.Delegation.customer == customer_id).exists()


def can_see(actor: User, row: m.Customer, today: dt.date) -> bool:
    if actor.is_admin or row.is_public:
        return True
    if row.owner_id in managed_owner_ids(actor):
        return True
    if _is_delegate(actor, row.id, today):
        return True
    return (
        _pool_member(actor) and _in_open_pool().where(pm.PoolCustomer.customer == row.id).exists()
    )


def can_edit(actor: User, row: m.Customer, today: dt.date) -> bool:
    """Owner, a delegate, the owner's managers and admins may change a customer."""
    if actor.is_admin or row.owner_id in managed_owner_ids(actor):
        return True
    return _is_delegate(actor, row.id, today)


def can_manage(actor: User, row: m.Customer) -> bool:
    """Delete, restore, audit: admins, and managers over the owner (or themselves)."""
    if actor.is_admin:
        return True
    return actor.role == "manager" and row.owner_id in managed_owner_ids(actor)


def require_edit(actor: User, row: m.Customer, today: dt.date, what: str = "change") -> None:
    if not can_see(actor, row, today):
        raise NotFound(f"no customer {row.code!r}")
    if not can_edit(actor, row, today):
        raise PermissionDenied(f"you may not {what} customer {row.code}")


def require_manage(actor: User, row: m.Customer, today: dt.date, what: str) -> None:
    if not can_see(actor, row, today):
        raise NotFound(f"no customer {row.code!r}")
    if not can_manage(actor, row):
        raise PermissionDenied(f"you may not {what} customer {row.code}")
