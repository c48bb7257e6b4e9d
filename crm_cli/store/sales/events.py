"""What sales announces to the domains above it: a deal (an approved order or a receipt).

The pool listens (an order or receipt inside protection reaches its goal, POOL-4) without
sales knowing about the pool. Listeners run inside the announcing transaction, so a deal
and its consequences commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from crm_cli.store.core.registry import Registry

# listener(customer_id, kind, on, now): kind is "order" or "receipt", ``on`` the deal's date
DealListener = Callable[[int, str, dt.date, dt.datetime], object]


deal_listeners: Registry[DealListener] = Registry("deal listeners")


def deal_reached(customer_id: int, kind: str, on: dt.date, now: dt.datetime) -> None:
    """Tell every listener that ``customer_id`` made a deal of ``kind`` ("order" or "receipt")
    dated ``on``; call inside the transaction that made it."""
    for listen in deal_listeners:
        listen(customer_id, kind, on, now)
