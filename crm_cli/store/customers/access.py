"""Visibility and rights (USR-3, USR-4): the one rule every read and write goes through.

Sales see their own customers, public ones and those delegated to them; managers
also see their subordinates' (recursively); admins see everything. A record the
actor may not see is "not found"; one they see but may not change is "denied".

Domains above may widen what someone sees through ``visibility_rules`` (the pool: its
members see the unassigned pool); they never narrow it, and never grant edits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol, TypeVar

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.registry import Registry
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.policed import enforced

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
    return cm.Delegation.select(cm.Delegation.customer).where(
        (cm.Delegation.delegate == actor.id)
        & (cm.Delegation.until >= today)
        & cm.Delegation.revoked_at.is_null()
    )


class VisibilityRule(Protocol):
    """More customers someone may see (never edit), added by a domain above this one."""

    def condition(self, actor: User) -> pw.Expression | None:
        """The condition on ``Customer`` for what the rule shows ``actor``; None for nothing."""

    def shows(self, actor: User, customer_id: int) -> bool:
        """Whether the rule shows ``actor`` this one customer."""


visibility_rules: Registry[VisibilityRule] = Registry("visibility rules")


def visible(actor: User, today: dt.date) -> pw.Expression | None:
    """The condition on ``Customer`` for what ``actor`` may see; None means everything.

    A holder sees a pool customer as its owner; the pool's rule adds the open pool. On a
    server that enforces the same rule for ``today`` (`policed`), its policies apply it.
    """
    if actor.is_admin or enforced(today):
        return None
    owners = managed_owner_ids(actor)
    cond = (
        cm.Customer.owner.in_(list(owners))
        | (cm.Customer.is_public == True)  # noqa: E712
        | cm.Customer.id.in_(_delegated_ids(actor, today))
    )
    for rule in visibility_rules:
        extra = rule.condition(actor)
        if extra is not None:
            cond |= extra
    return cond


def restrict(query: Q, actor: User, today: dt.date) -> Q:
    cond = visible(actor, today)
    return query if cond is None else query.where(cond)


def _is_delegate(actor: User, customer_id: int, today: dt.date) -> bool:
    return _delegated_ids(actor, today).where(cm.Delegation.customer == customer_id).exists()


def can_see(actor: User, row: cm.Customer, today: dt.date) -> bool:
    if actor.is_admin or row.is_public:
        return True
    if row.owner_id in managed_owner_ids(actor):
        return True
    if _is_delegate(actor, row.id, today):
        return True
    return any(rule.shows(actor, row.id) for rule in visibility_rules)


def can_edit(actor: User, row: cm.Customer, today: dt.date) -> bool:
    """Owner, a delegate, the owner's managers and admins may change a customer."""
    if actor.is_admin or row.owner_id in managed_owner_ids(actor):
        return True
    return _is_delegate(actor, row.id, today)


def manage_scope(actor: User) -> set[int] | None:
    """The owners whose customers ``actor`` manages: None for all (admins); a manager's
    own and their subordinates'; nobody's for anyone else. ``can_manage`` asks it of one
    customer; lists of what waits for a manager (quotes to audit) filter on it in SQL."""
    if actor.is_admin:
        return None
    return managed_owner_ids(actor) if actor.role == "manager" else set()


def can_manage(actor: User, row: cm.Customer) -> bool:
    """Delete, restore, audit: admins, and managers over the owner (or themselves)."""
    owners = manage_scope(actor)
    return owners is None or row.owner_id in owners


def require_edit(actor: User, row: cm.Customer, today: dt.date, what: str = "change") -> None:
    if not can_see(actor, row, today):
        raise NotFound("no customer {code!r}", code=row.code)
    if not can_edit(actor, row, today):
        raise PermissionDenied("you may not {what} customer {code}", what=what, code=row.code)


def require_manage(actor: User, row: cm.Customer, today: dt.date, what: str) -> None:
    if not can_see(actor, row, today):
        raise NotFound("no customer {code!r}", code=row.code)
    if not can_manage(actor, row):
        raise PermissionDenied("you may not {what} customer {code}", what=what, code=row.code)
