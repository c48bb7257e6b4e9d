"""What a target and its attainment are to callers (``Target``, ``Attainment``).

Money metrics (orders, receipts) are Decimal money; the counts (new customers, contact
records) are ``Exact`` whole numbers, so they print as 12, not 12.00.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from crm_cli.store.core.choices import choose
from crm_cli.store.core.records import Exact

CENT = Decimal("0.01")
METRICS = ("orders", "receipts", "new_customers", "contacts")
MONEY = ("orders", "receipts")
# What the CLI and people also call them (CLI.md: --customers N).
ALIASES = {"customers": "new_customers", "new-customers": "new_customers",
           "order": "orders", "receipt": "receipts", "contact": "contacts"}  # fmt: skip


class Target(NamedTuple):
    id: int
    user: str | None  # the login, for a person's target
    department: str  # the department's name, for a department's target; else ''
    period: str  # 2026-12, 2026-Q4, 2026
    kind: str  # month, quarter, year
    starts_on: dt.date
    ends_on: dt.date
    metric: str
    amount: Decimal
    setter: str | None
    set_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Attainment(NamedTuple):
    """A target against what was done, as of a day.

    ``scope``: ``user`` (a person's own target), ``department`` (a department's, over
    everyone in it) or ``member`` (one person of a department, beneath its row: their own
    target if they have one, else none, with what they did).
    """

    scope: str
    target_id: int | None
    user: str | None
    name: str  # the person's display name (or login), or the department's name
    department: str
    period: str
    starts_on: dt.date
    ends_on: dt.date
    metric: str
    as_of: dt.date
    target: Decimal | None
    actual: Decimal
    percent: Exact | None  # of the target, to one decimal; None without a target
    pipeline: Decimal | None  # open opportunities closing in the period, weighted; orders only
    gap: Decimal | None  # what is left to reach the target, never below 0

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def check_metric(text: str) -> str:
    word = text.strip().lower()
    return ALIASES.get(word) or choose(text, METRICS, "metric")


def value(metric: str, amount: Decimal) -> Decimal:
    """An amount of ``metric`` as callers get it: money, or an exact whole count."""
    return amount.quantize(CENT) if metric in MONEY else Exact(int(amount))


PERCENT_STEP = Decimal("0.1")


def attained(metric: str, target: Decimal | None, actual: Decimal) -> tuple[Any, Any]:
    """(percent, gap) of ``actual`` against ``target``; (None, None) without one."""
    if target is None:
        return None, None
    percent = (
        Exact((actual * 100 / target).quantize(PERCENT_STEP, ROUND_HALF_UP)) if target else None
    )
    return percent, value(metric, max(target - actual, Decimal(0)))


BAR_CELLS = 10  # one per 10 %


def bar(percent: Decimal | None) -> str:
    """Attainment drawn in plain characters, the same in the CLI and the TUI:
    ``█████░░░░░ 52%``. A cell per whole 10 %, so the bar is full only once the target is
    reached; past it, it stays full and the percentage says by how much (130%)."""
    if percent is None:
        return ""
    filled = min(BAR_CELLS, max(0, int(percent // 10)))
    return "█" * filled + "░" * (BAR_CELLS - filled) + f" {percent:.0f}%"
