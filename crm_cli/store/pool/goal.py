"""The pool's goal (POOL-4): an order or receipt inside protection ends it.

Sales does not call this: it announces deals through `sales.events`, and `pool.wiring`
subscribes this function, so sales never depends on the pool.
"""

from __future__ import annotations

import datetime as dt

from crm_cli.store.pool import models as pm
from crm_cli.store.pool.settings import current

PC = pm.PoolCustomer


def reach_goal(customer_id: int, kind: str, on: dt.date, now: dt.datetime) -> bool:
    """An order or receipt inside protection ends it (POOL-4); call inside that transaction.

    Args:
        kind: "order" or "receipt", matched against the pool's goal setting.
    """
    conf = current(roles=False)
    if not conf.enabled or conf.goal not in (kind, "either"):
        return False
    pool = PC.get_or_none(
        (PC.customer == customer_id) & PC.holder.is_null(False) & (PC.achieved == False)  # noqa: E712
    )
    if pool is None:
        return False
    start, until = pool.assigned_on, pool.protect_until
    if start is None or until is None or not start <= on <= until:
        return False
    PC.update(achieved=True, achieved_on=on, protect_until=None).where(PC.id == pool.id).execute()
    pm.PoolLog.create(
        at=now, customer_id=customer_id, action="achieved", from_owner=pool.holder_id,
        to_owner=pool.holder_id, protect_from=pool.assigned_on, protect_until=pool.protect_until,
        rule=kind,
    )  # fmt: skip
    return True
