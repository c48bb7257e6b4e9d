"""Sales targets for ``crm demo`` (issue 14, point 7; TGT-1): each demo salesperson's
targets for this month, quarter and year, for every metric, and each department's (the sum
of its salespeople's), set by the admin.

A target is what the person did in the period before, raised by 0 to 40 % (drawn), or a
floor where the demo has little history: so this period's attainment shows people ahead
of, near and behind their targets. It grows with the team, not with the customers.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from crm_cli.store.core import models as m
from crm_cli.store.core.records import User
from crm_cli.store.demo.team import TEAM
from crm_cli.store.targets import periods, targets
from crm_cli.store.targets.actuals import actuals
from crm_cli.store.targets.records import METRICS, MONEY

# The least monthly target of one person; quarters and years take 3 and 12 times it.
FLOORS = {"orders": Decimal(30000), "receipts": Decimal(20000), "new_customers": Decimal(3),
          "contacts": Decimal(15)}  # fmt: skip
MONTHS = {"month": 1, "quarter": 3, "year": 12}
THOUSAND = Decimal(1000)


def _rounded(metric: str, amount: Decimal) -> Decimal:
    """Money to the thousand, counts to the whole: targets people set are round."""
    step = THOUSAND if metric in MONEY else Decimal(1)
    return (amount / step).quantize(Decimal(1), ROUND_HALF_UP) * step


def _before(period: periods.Period) -> periods.Period:
    return periods.containing(period.kind, period.starts_on - dt.timedelta(days=1))


def _amounts(
    people: list[int], period: periods.Period, rng: random.Random
) -> dict[int, dict[str, Decimal]]:
    """Each person's targets for ``period``: last period's figures, raised."""
    last = _before(period)
    done = {metric: actuals(metric, people, last.starts_on, last.ends_on) for metric in METRICS}
    least = MONTHS[period.kind]
    return {
        uid: {
            metric: _rounded(metric, max(
                done[metric].get(uid, Decimal(0)) * Decimal(100 + rng.randint(0, 40)) / 100,
                FLOORS[metric] * least,
            ))
            for metric in METRICS
        }
        for uid in people
    }  # fmt: skip


def add_demo_targets(actor: User, *, seed: int | None, now: dt.datetime) -> int:
    """Targets for the demo team's salespeople and departments; returns how many."""
    rng = random.Random(None if seed is None else f"targets-{seed}")
    U = m.User
    rows = (
        U.select()
        .where(
            U.login.in_([login for login, _, role, *_ in TEAM if role == "sales"])
            & (U.active == True)  # noqa: E712
        )
        .order_by(U.login)
    )
    people = {row.id: row for row in rows}
    written = 0
    for kind in periods.KINDS:
        period = periods.containing(kind, now.date())
        by_person = _amounts(sorted(people), period, rng)
        departments: dict[str, dict[str, Decimal]] = {}
        for uid, amounts in by_person.items():
            row = people[uid]
            targets.set_targets(
                actor, user=row.login, period=period.label, amounts=amounts, now=now
            )
            total = departments.setdefault(row.department, dict.fromkeys(METRICS, Decimal(0)))
            for metric, amount in amounts.items():
                total[metric] += amount
        for name, amounts in departments.items():
            if name:
                targets.set_targets(actor, department=name, period=period.label, amounts=amounts,
                                    now=now)  # fmt: skip
        written += (len(by_person) + len([d for d in departments if d])) * len(METRICS)
    return written
