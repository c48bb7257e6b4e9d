"""Who sees the open pool: its members see every unassigned pool customer (POOL-1).

Added to `customers.access.visibility_rules` by `pool.wiring`; a holder needs no rule, as
the customer's owner is its holder.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.search import policed
from crm_cli.store.pool import models as pm


def _in_open_pool() -> Any:
    """Customers waiting in the pool for someone to claim them."""
    return pm.PoolCustomer.select(pm.PoolCustomer.customer).where(pm.PoolCustomer.holder.is_null())


def _member(actor: User) -> bool:
    return bool(pm.PoolMember.select().where(pm.PoolMember.user == actor.id).exists())


# The server's own set of it (`database.team_functions`), for a login under its policies:
# read as the tables' owner, where the store's subquery would be read through the pool
# rows' policy, a customer probe per pool row in each statement (issue 16).
_SERVERS = pw.SQL("(SELECT crm_pool_customer_ids())")


class OpenPool:
    """The visibility rule of the open pool."""

    def condition(self, actor: User) -> pw.Expression | None:
        if not _member(actor):
            return None
        return cm.Customer.id.in_(_SERVERS if policed() else _in_open_pool())

    def shows(self, actor: User, customer_id: int) -> bool:
        if not _member(actor):
            return False
        return bool(_in_open_pool().where(pm.PoolCustomer.customer == customer_id).exists())


OPEN_POOL = OpenPool()
