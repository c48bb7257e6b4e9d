"""Who sees the open pool: its members see every unassigned pool customer (POOL-1).

Added to `customers.access.visibility_rules` by `pool.wiring`; a holder needs no rule, as
the customer's owner is its holder.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.pool import models as pm


def _in_open_pool() -> pw.Expression:
    """Customers waiting in the pool for someone to claim them: in it, with no holder,
    which is no owner (a holder owns its pool customer); the customer's own mark
    (migration 0017), tested where the row is read, as the server's rule does."""
    return cm.Customer.in_pool & cm.Customer.owner.is_null()


def _member(actor: User) -> bool:
    return bool(pm.PoolMember.select().where(pm.PoolMember.user == actor.id).exists())


class OpenPool:
    """The visibility rule of the open pool."""

    def condition(self, actor: User) -> pw.Expression | None:
        return _in_open_pool() if _member(actor) else None

    def shows(self, actor: User, customer_id: int) -> bool:
        if not _member(actor):
            return False
        C = cm.Customer
        return bool(C.select().where((C.id == customer_id) & _in_open_pool()).exists())


OPEN_POOL = OpenPool()
