"""What the pool adds to the layers below it (loaded by `store.domains.load()`):

- its team settings (`pool.*`, declared in `setting_keys.py`), whose changes go through
  `configure.update_pool_settings` because disabling the pool returns every pool customer;
- the open pool's visibility rule, for pool members;
- the goal: a deal announced by sales inside protection ends it;
- the customer tag ``+pool_soon`` of the query language (``soon.py``).

Every command loads this, so what only some commands run is imported when it runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core import settings
from crm_cli.store.core.records import User
from crm_cli.store.customers import access, query_terms
from crm_cli.store.pool import setting_keys as _keys  # noqa: F401  (declares pool.*)
from crm_cli.store.pool import visibility
from crm_cli.store.sales import events


def _set_pool_setting(actor: User, key: str, value: str) -> None:
    from crm_cli.store.pool.configure import update_pool_settings

    update_pool_settings(actor, {key.removeprefix("pool."): value})


def _deal_reached(customer_id: int, kind: str, on: dt.date, now: dt.datetime) -> bool:
    from crm_cli.store.pool.goal import reach_goal

    return reach_goal(customer_id, kind, on, now)


def _pool_soon(actor: User, today: dt.date, days: int | None) -> Any:
    from crm_cli.store.pool.soon import returning_within

    return returning_within(actor, today, days)


POOL_SOON = query_terms.Tag(
    "pool_soon", "a reclaim returns it within N days (pool.remind_days)", _pool_soon, numbered=True
)
settings.register_section("pool.", _set_pool_setting)
access.visibility_rules.add(visibility.OPEN_POOL)
events.deal_listeners.add(_deal_reached)
query_terms.tags.add(POOL_SOON)
