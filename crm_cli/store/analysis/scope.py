"""Whose data a report covers: a salesperson their own, a manager theirs and their
subordinates' (at any depth), an admin everyone's. Reports group by owner, so the scope is
a set of owners (None: no limit), applied in SQL as ``owner IN (…)``."""

from __future__ import annotations

from typing import Any

from crm_cli.store.core.records import User
from crm_cli.store.customers.access import managed_owner_ids


def owner_scope(actor: User) -> set[int] | None:
    """The owners whose records ``actor``'s reports count; None for an admin (all)."""
    return None if actor.is_admin else managed_owner_ids(actor)


def within(query: Any, owner: Any, actor: User) -> Any:
    """``query`` limited to ``actor``'s scope on the ``owner`` column."""
    owners = owner_scope(actor)
    return query if owners is None else query.where(owner.in_(sorted(owners)))
