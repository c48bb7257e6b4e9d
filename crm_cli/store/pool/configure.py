"""Changing the pool (POOL-2): its settings and who takes part, for pool admins.

Above both `settings` and `entry`: disabling the pool returns every pool customer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from crm_cli.store.core import settings
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row
from crm_cli.store.pool import models as pm
from crm_cli.store.pool.entry import return_everything
from crm_cli.store.pool.setting_keys import SETTING_KEYS
from crm_cli.store.pool.settings import PoolSettings, current


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
            raise InvalidInput("unknown pool setting {key!r}", key=key)
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
        return_everything(actor, now)
    return found
