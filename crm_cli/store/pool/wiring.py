"""What the pool adds to the layers below it (loaded by `store.domains.load()`):

- its team settings (`pool.*`), whose changes go through `configure.update_pool_settings`
  because disabling the pool returns every pool customer;
- the open pool's visibility rule, for pool members;
- the goal: a deal announced by sales inside protection ends it.
"""

from __future__ import annotations

from crm_cli.store.core import settings
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.pool import configure, goal, visibility
from crm_cli.store.sales import events


def _set_pool_setting(actor: User, key: str, value: str) -> None:
    configure.update_pool_settings(actor, {key.removeprefix("pool."): value})


settings.register_section("pool.", _set_pool_setting)
access.visibility_rules.add(visibility.OPEN_POOL)
events.deal_listeners.add(goal.reach_goal)
