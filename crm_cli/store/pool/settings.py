"""The public pool's settings (公海, POOL-1) as they stand, and who takes part (pool admins
and members). The `pool.*` keys themselves are declared in `setting_keys.py`.

Changing them is `configure.py`; moves (claim, assign, release …) are `moves.py`, the
nightly return `reclaim.py`, lists and the log `views.py`. A pool customer's holder is its
owner, so the one visibility rule in customers/access.py covers holders; `visibility.py`
lets members see the unassigned pool.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core import settings
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.pool import models as pm
from crm_cli.store.pool.setting_keys import SETTING_KEYS


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
    stored = settings.values_of([f"pool.{key}" for key in SETTING_KEYS])
    return {key: stored[f"pool.{key}"] for key in SETTING_KEYS}


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
        raise PermissionDenied("only {who} may {what}", who=who, what=what)
