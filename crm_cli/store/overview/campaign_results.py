"""What a campaign brought in (CMP-1): its actual cost and revenue, responses, cost per
response and return on investment, each summed in SQL over exact integer cents.

- Actual cost: the campaign's approved expenses (`expenses`).
- Actual revenue: approved orders, each counted once, that are either of a customer whose
  source campaign it is, approved on or after the campaign's start; or of the customer of
  an opportunity linked to it, approved on or after that opportunity was opened (orders do
  not name their opportunity, so its customer's orders from then on are its own).
  Orders are counted by the day they were approved, as targets count them.
- Cost per response: cost / responses (None without responses); ROI: (revenue − cost) /
  cost, as a ratio (1.5 is 150 %; None while nothing was spent).

Who sees the figures: managers, admins and the campaign's owner; they sum orders of
customers a salesperson may not see, so others get `PermissionDenied`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.campaigns import models as km
from crm_cli.store.campaigns.lookup import find_row, may_change
from crm_cli.store.campaigns.records import Campaign, record
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import PermissionDenied
from crm_cli.store.core.records import Exact, User
from crm_cli.store.customers import models as cm
from crm_cli.store.expenses import models as xm
from crm_cli.store.sales import models as sm

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
RATIO = Decimal("0.0001")


class CampaignResults(NamedTuple):
    campaign: str
    budget: Decimal
    actual_cost: Decimal
    expected_revenue: Decimal
    actual_revenue: Decimal
    expected_responses: int
    responses: int
    cost_per_response: Decimal | None
    roi: Exact | None
    customers: int  # linked: their source campaign
    opportunities: int
    orders: int  # approved orders counted in the revenue

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def _cents(field: Any, raw: Any) -> Decimal:
    return field.python_value(raw or 0) or ZERO


def actual_cost(campaign_id: int) -> Decimal:
    X = xm.Expense
    raw = (
        X.select(pw.fn.SUM(X.amount))
        .where((X.campaign == campaign_id) & (X.status == "approved") & X.deleted_at.is_null())
        .scalar()
    )
    return _cents(X.amount, raw)


def counted_orders(row: km.Campaign) -> Any:
    """The approved orders the campaign's revenue counts (a WHERE on ``SalesOrder``)."""
    S, C, P = sm.SalesOrder, cm.Customer, sm.Opportunity
    start = dt.datetime.combine(row.starts_on or dt.date.min, dt.time())
    sourced = C.select(C.id).where((C.campaign_id == row.id) & C.deleted_at.is_null())
    by_deal = P.select(P.id).where(
        (P.campaign_id == row.id) & (P.customer == S.customer) & P.deleted_at.is_null()
        & (P.created_at <= S.decided_at)
    )  # fmt: skip
    return (
        (S.status == "approved") & S.deleted_at.is_null()
        & ((S.customer.in_(sourced) & (S.decided_at >= start)) | pw.fn.EXISTS(by_deal))
    )  # fmt: skip


def _revenue(row: km.Campaign) -> tuple[int, Decimal]:
    S = sm.SalesOrder
    query: Any = S.select(pw.fn.COUNT(S.id), pw.fn.SUM(S.total)).where(counted_orders(row))
    count, raw = query.tuples().get()
    return int(count or 0), _cents(S.total, raw)


def _linked(row: km.Campaign) -> tuple[int, int]:
    C, P = cm.Customer, sm.Opportunity
    customers = C.select().where((C.campaign_id == row.id) & C.deleted_at.is_null()).count()
    deals = P.select().where((P.campaign_id == row.id) & P.deleted_at.is_null()).count()
    return customers, deals


def results_of(row: km.Campaign) -> CampaignResults:
    """The figures of one campaign (no permission check: see ``campaign_results``)."""
    cost = actual_cost(row.id)
    orders, revenue = _revenue(row)
    customers, deals = _linked(row)
    per_response = (cost / row.responses).quantize(CENT) if row.responses else None
    roi = Exact(((revenue - cost) / cost).quantize(RATIO)) if cost else None
    return CampaignResults(
        campaign=row.code, budget=row.budget, actual_cost=cost,
        expected_revenue=row.expected_revenue, actual_revenue=revenue,
        expected_responses=row.expected_responses, responses=row.responses,
        cost_per_response=per_response, roi=roi, customers=customers, opportunities=deals,
        orders=orders,
    )  # fmt: skip


@reading
def campaign_results(actor: User, ref: str) -> CampaignResults:
    """The figures of a campaign, for managers, admins and its owner.

    Raises:
        NotFound: no such campaign. PermissionDenied: anyone else.
    """
    row = find_row(ref)
    if not may_change(actor, row):
        raise PermissionDenied(
            "the figures of campaign {code} are for managers, admins and its owner", code=row.code
        )
    return results_of(row)


@reading
def campaign_with_results(actor: User, ref: str) -> tuple[Campaign, CampaignResults | None]:
    """A campaign and, when the actor may see them, its figures (None otherwise)."""
    row = find_row(ref)
    return record(row), results_of(row) if may_change(actor, row) else None


BOARD = 100  # campaigns on the board, latest start first


@reading
def campaign_board(actor: User, limit: int = BOARD) -> list[dict[str, Any]]:
    """The latest campaigns as rows for a screen: each campaign's fields and, where the
    actor may see them, its figures (the figure keys are None otherwise)."""
    K = km.Campaign
    query = K.select().where(K.deleted_at.is_null()).order_by(K.starts_on.desc(), K.id.desc())
    found = []
    for row in query.limit(limit):
        figures = results_of(row)._asdict() if may_change(actor, row) else {}
        data = record(row).to_dict()
        data.update({k: figures.get(k) for k in CampaignResults._fields if k != "campaign"})
        found.append(data)
    return found
