"""What sales announces to the domains above it: a deal (an approved order or a receipt).

The pool listens (an order or receipt inside protection reaches its goal, POOL-4) without
sales knowing about the pool. Listeners run inside the announcing transaction, so a deal
and its consequences commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from crm_cli.store.core.registry import Registry


class DealListener(Protocol):
    def __call__(self, customer_id: int, kind: str, on: dt.date, now: dt.datetime) -> object: ...


deal_listeners: Registry[DealListener] = Registry("deal listeners")


def deal_reached(customer_id: int, kind: str, on: dt.date, now: dt.datetime) -> None:
    """Tell every listener that ``customer_id`` made a deal of ``kind`` ("order" or "receipt")
    dated ``on``; call inside the transaction that made it."""
    for listen in deal_listeners:
        listen(customer_id, kind, on, now)
