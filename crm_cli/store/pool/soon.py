"""The customer tag ``+pool_soon[N]`` (SH-1): held pool customers a reclaim would return
within N days (``pool.remind_days`` when no number), if nothing happens meanwhile.

The condition is the reclaim's own (``reclaim._due``) evaluated N days ahead, so the tag
and ``crm pool reclaim --as-of`` never disagree: protection ending by then, or a return
rule's quiet days reached by then. Added to the customer tags by ``wiring.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.pool import models as pm
from crm_cli.store.pool.reclaim import _due
from crm_cli.store.pool.settings import current


def returning_within(actor: User, today: dt.date, days: int | None) -> Any:
    """The SQL condition on a customer row: a reclaim on day today + N returns it."""
    conf = current(roles=False)
    if not conf.enabled:
        return pw.SQL("1 = 0")  # no pool, no returns: -pool_soon is everybody
    window = conf.remind_days if days is None else days
    due, _ = _due(conf, today + dt.timedelta(days=window))
    # Correlated: the conditions on customer columns read the listed customer's row.
    held = pm.PoolCustomer.select(pw.SQL("1")).where(
        (pm.PoolCustomer.customer == cm.Customer.id) & due
    )
    return pw.fn.EXISTS(held)
