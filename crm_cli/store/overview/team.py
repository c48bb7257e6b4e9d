"""The team's pipeline for the manager's and admin's home (issue 14, point 6): open
opportunities of each person the actor manages, summed and weighted by probability.

One grouped query, whatever the size of the team: the sums are integers in SQL (cents,
and cents × percent), exact on every backend, rounded once per person.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.sales import models as sm

CENT = Decimal("0.01")


class PersonPipeline(NamedTuple):
    """One person's open opportunities: how many, their amount, and weighted."""

    user: str
    name: str
    open: int
    amount: Decimal
    weighted: Decimal

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def team_ids(actor: User) -> set[int] | None:
    """Whose pipeline the actor watches: the actor and everyone below them; None: everyone
    (admins)."""
    return None if actor.is_admin else {actor.id, *subordinate_ids(actor.id)}


@reading
def team_pipeline(actor: User) -> list[PersonPipeline]:
    """Open opportunities of live customers, per owner the actor watches (``team_ids``),
    the largest weighted pipeline first; people without open opportunities are left out.
    Open is open whatever the day, so it takes no ``now``."""
    Opp, C, U = sm.Opportunity, cm.Customer, m.User
    amount = pw.fn.SUM(Opp.amount).coerce(False)
    weighted = pw.fn.SUM(Opp.amount * Opp.probability).coerce(False)
    query = (
        Opp.select(U.login, U.display, pw.fn.COUNT(Opp.id), amount, weighted)
        .join(C, on=(Opp.customer == C.id))
        .switch(Opp)
        .join(U, on=(Opp.owner == U.id))
        .where((Opp.status == "open") & Opp.deleted_at.is_null() & C.deleted_at.is_null())
        .group_by(U.id, U.login, U.display)
    )
    people = team_ids(actor)
    if people is not None:
        query = query.where(Opp.owner.in_(sorted(people)))
    rows: Any = query.tuples()
    found = [
        PersonPipeline(
            user=login,
            name=display or login,
            open=int(count),
            amount=(Decimal(int(cents or 0)) / 100).quantize(CENT),
            weighted=(Decimal(int(w or 0)) / 10000).quantize(CENT, ROUND_HALF_UP),
        )
        for login, display, count, cents, w in rows
    ]
    return sorted(found, key=lambda p: (-p.weighted, p.user))
