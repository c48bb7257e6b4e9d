"""The public pool (公海, POOL-1): settings, who takes part, lists and the pool log.

Moves (claim, assign, release …) are in pool_moves.py, the nightly return in
pool_reclaim.py. A pool customer's holder is its owner, so the one visibility rule in
access.py covers holders; members also see the unassigned pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from crm_cli.store import models as m
from crm_cli.store import pool_models as pm
from crm_cli.store import settings
from crm_cli.store.customer_fields import now_or
from crm_cli.store.db import reading, writing
from crm_cli.store.errors import InvalidInput, PermissionDenied
from crm_cli.store.records import User
from crm_cli.store.users import active_user_row

SETTING_KEYS = (
    "enabled", "protect_days", "goal", "limit", "daily_claims", "cooldown_days",
    "remind_days", "no_contact_days", "no_opportunity_days", "no_deal_days",
)  # fmt: skip


class PoolSettings(NamedTuple):
    enabled: bool
    protect_days: int
    goal: str
    limit: int
    daily_claims: int
    cooldown_days: int
    remind_days: int
    no_contact_days: str
    no_opportunity_days: str
    no_deal_days: str
    admins: tuple[str, ...]
    members: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["admins"], data["members"] = list(self.admins), list(self.members)
        return data


class PoolItem(NamedTuple):
    """A pool customer as `pool list` shows it."""

    code: str
    name: str
    level: str
    holder: str | None
    assigned_on: dt.date | None
    protect_until: dt.date | None
    days_left: int | None
    goal: str  # achieved | open | -
    previous_owner: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class PoolLogEntry(NamedTuple):
    at: dt.datetime
    customer: str
    customer_name: str
    action: str
    actor: str  # a login, or "reclaim"
    from_owner: str | None
    to_owner: str | None
    protect_from: dt.date | None
    protect_until: dt.date | None
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def _values() -> dict[str, str]:
    """Every pool setting in one query (claims run this inside their write lock)."""
    keys = [f"pool.{key}" for key in SETTING_KEYS]
    stored = {row.key: row.value for row in m.Setting.select().where(m.Setting.key.in_(keys))}
    return {
        key: stored.get(f"pool.{key}", settings.spec(f"pool.{key}").default) for key in SETTING_KEYS
    }


def current(*, roles: bool = True) -> PoolSettings:
    """The pool settings as they stand (inside a service call); ``roles`` adds who takes part."""
    value = _values()
    admins: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    if roles:
        rows: Any = (
            pm.PoolMember.select(pm.PoolMember.role, m.User.login)
            .join(m.User, on=(pm.PoolMember.user == m.User.id))
            .order_by(m.User.login)
            .tuples()
        )
        pairs = list(rows)
        admins = tuple(login for role, login in pairs if role == "admin")
        members = tuple(login for role, login in pairs if role == "member")
    return PoolSettings(
        enabled=value["enabled"] == "yes",
        protect_days=int(value["protect_days"]),
        goal=value["goal"],
        limit=int(value["limit"]),
        daily_claims=int(value["daily_claims"]),
        cooldown_days=int(value["cooldown_days"]),
        remind_days=int(value["remind_days"]),
        no_contact_days=value["no_contact_days"],
        no_opportunity_days=value["no_opportunity_days"],
        no_deal_days=value["no_deal_days"],
        admins=admins,
        members=members,
    )


def role_of(actor: User) -> str | None:
    """``admin`` for pool admins (system admins always are), ``member``, or None."""
    if actor.is_admin:
        return "admin"
    row = pm.PoolMember.get_or_none(pm.PoolMember.user == actor.id)
    return row.role if row is not None else None


def require_enabled() -> PoolSettings:
    found = current(roles=False)
    if not found.enabled:
        raise InvalidInput(
            "the pool is disabled; an admin enables it with: crm pool settings --enable"
        )
    return found


def require_role(actor: User, wanted: str, what: str) -> None:
    """``wanted``: "member" (any pool role will do) or "admin"."""
    role = role_of(actor)
    if role is None or (wanted == "admin" and role != "admin"):
        who = "pool admins" if wanted == "admin" else "pool members"
        raise PermissionDenied(f"only {who} may {what}")


@reading
def pool_settings(actor: User) -> PoolSettings:
    return current()


@writing
def update_pool_settings(
    actor: User,
    values: Mapping[str, str],
    *,
    admins: tuple[str, ...] = (),
    members: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
    now: dt.datetime | None = None,
) -> PoolSettings:
    """Change pool settings and who takes part (admins only).

    Disabling the pool turns every pool customer back to normal (POOL-2).
    """
    if not actor.is_admin:
        raise PermissionDenied("only admins change the pool settings")
    now = now_or(now)
    was_enabled = current().enabled
    for key, value in values.items():
        if key not in SETTING_KEYS:
            raise InvalidInput(f"unknown pool setting {key!r}")
        settings.store_value(f"pool.{key}", value)
    for login, role in [*((x, "admin") for x in admins), *((x, "member") for x in members)]:
        user = active_user_row(login)
        pm.PoolMember.delete().where(pm.PoolMember.user == user.id).execute()
        pm.PoolMember.create(user=user.id, role=role)
    for login in remove:
        user = active_user_row(login)
        pm.PoolMember.delete().where(pm.PoolMember.user == user.id).execute()
    found = current()
    if was_enabled and not found.enabled:
        from crm_cli.store.pool_entry import return_everything

        return_everything(actor, now)
    return found
