"""What an expense is to callers (``Expense``), built from rows with one query per looked-up
table for a whole batch, never one per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.campaigns import models as km
from crm_cli.store.core import models as m
from crm_cli.store.customers import models as cm
from crm_cli.store.expenses import models as xm
from crm_cli.store.sales import models as sm

STATUSES = ("draft", "submitted", "approved", "rejected")
CHANGEABLE = ("draft", "rejected")  # what the owner may still edit, submit or delete


class Expense(NamedTuple):
    id: int
    code: str
    owner: str
    spent_on: dt.date
    category: str
    amount: Decimal
    customer: str | None
    customer_name: str | None
    opportunity: str | None
    campaign: str | None
    note: str
    status: str
    submitted_at: dt.datetime | None
    decided_by: str | None
    decided_at: dt.datetime | None
    reject_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Names(NamedTuple):
    """What a batch of rows refers to, by id."""

    logins: dict[int, str]
    customers: dict[int, tuple[str, str]]
    opportunities: dict[int, str]
    campaigns: dict[int, str]


def _by_id(model: Any, ids: set[int | None], *columns: Any) -> dict[int, Any]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    query: Any = model.select(model.id, *columns).where(model.id.in_(wanted)).tuples()
    return {row[0]: row[1] if len(row) == 2 else row[1:] for row in query}


def names_for(rows: Iterable[xm.Expense]) -> Names:
    rows = list(rows)
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}
    C, Opp, K = cm.Customer, sm.Opportunity, km.Campaign
    return Names(
        logins,
        _by_id(C, {r.customer_id for r in rows}, C.code, C.name),
        _by_id(Opp, {r.opportunity_id for r in rows}, Opp.code),
        _by_id(K, {r.campaign_id for r in rows}, K.code),
    )


def record(row: xm.Expense, names: Names | None = None) -> Expense:
    """One expense; ``names`` from ``names_for`` when building many."""
    names = names or names_for([row])
    customer = names.customers.get(row.customer_id or 0)
    login = names.logins.get
    return Expense(
        id=row.id, code=row.code, owner=login(row.owner_id, ""), spent_on=row.spent_on,
        category=row.category, amount=row.amount,
        customer=customer[0] if customer else None, customer_name=customer[1] if customer else None,
        opportunity=names.opportunities.get(row.opportunity_id or 0),
        campaign=names.campaigns.get(row.campaign_id or 0), note=row.note, status=row.status,
        submitted_at=row.submitted_at, decided_by=login(row.decided_by_id or 0),
        decided_at=row.decided_at, reject_reason=row.reject_reason,
        created_at=row.created_at, updated_at=row.updated_at,
    )  # fmt: skip


def records(rows: list[xm.Expense]) -> list[Expense]:
    names = names_for(rows)
    return [record(r, names) for r in rows]


def snapshot(row: xm.Expense) -> dict[str, Any]:
    """The fields the operation log compares before and after a step."""
    fields = ("spent_on", "category", "amount", "customer_id", "opportunity_id", "campaign_id",
              "note", "status")  # fmt: skip
    return {name.removesuffix("_id"): getattr(row, name) for name in fields}
