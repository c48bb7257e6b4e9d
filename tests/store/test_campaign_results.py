"""A campaign's effectiveness (issue 14, point 4; CMP-1): actual cost from approved expenses,
actual revenue from approved orders of linked customers and opportunities (each order once),
cost per response and ROI, exact to the cent on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.campaigns import campaigns, links
from crm_cli.store.core.errors import PermissionDenied
from crm_cli.store.customers import customers
from crm_cli.store.expenses import expenses
from crm_cli.store.overview.campaign_results import campaign_results, campaign_with_results
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities, order_flow, orders
from tests.conftest import Team

START = dt.datetime(2026, 11, 1, 9, 0)
D = Decimal


def approved_order(team: Team, customer: str, qty: str, at: dt.datetime) -> str:
    """An order of ``qty`` items at 0.10 (amounts no float adds up exactly), approved at ``at``."""
    code = orders.add_order(team.wang, customer, lines=(f"PEN:{qty}",), now=at).order.code
    order_flow.submit_order(team.wang, code, now=at)
    order_flow.approve_order(team.li, code, now=at)
    return code


def expense(team: Team, amount: str, campaign: str, approve: bool = True) -> None:
    code = expenses.add_expense(team.wang, amount=amount, category="marketing",
                                values={"campaign": campaign}, now=START).code  # fmt: skip
    expenses.submit_expense(team.wang, code, now=START)
    if approve:
        expenses.approve_expense(team.li, code, now=START)


@pytest.fixture
def fair(any_team: Team) -> str:
    """A campaign from 1 Nov with 3 responses; a pen at 0.10 to sell."""
    sm.Product.create(code="PEN", name="Pen", price=D("0.10"), created_at=START, updated_at=START)
    return campaigns.add_campaign(
        any_team.li, "秋季展会", now=START,
        values={"starts_on": "2026-11-01", "budget": "1000", "responses": "3"},
    ).code  # fmt: skip


def test_cost_is_the_approved_expenses_and_revenue_each_order_once(
    any_team: Team, fair: str
) -> None:
    t, later = any_team, START + dt.timedelta(days=5)
    expense(t, "100.10", fair)
    expense(t, "0.20", fair)
    expense(t, "999.00", fair, approve=False)  # submitted, not approved: no cost yet
    src = customers.add_customer(t.wang, "来源客户", now=START).code
    deal_only = customers.add_customer(t.wang, "商机客户", now=START).code
    both = customers.add_customer(t.wang, "两者皆是", now=START).code
    approved_order(t, src, "3", START - dt.timedelta(days=3))  # before the campaign: not its
    approved_order(t, src, "1", later)  # 0.10
    links.link(t.wang, fair, customers=[src, both], now=later)
    deal = opportunities.add_opportunity(t.wang, deal_only, amount="1", probability=50, now=later)
    deal2 = opportunities.add_opportunity(t.wang, both, amount="1", probability=50, now=later)
    links.link(t.wang, fair, opportunities=[deal.code, deal2.code], now=later)
    approved_order(t, deal_only, "2", START)  # before the deal was opened: not its
    approved_order(t, deal_only, "2", later)  # 0.20
    approved_order(t, both, "7", later)  # 0.70, once although linked twice
    r = campaign_results(t.li, fair)
    assert (r.actual_cost, r.actual_revenue, r.orders) == (D("100.30"), D("1.00"), 3)
    assert (r.customers, r.opportunities, r.responses) == (2, 2, 3)
    assert r.cost_per_response == D("33.43")
    assert r.roi == D("-0.9900")  # (1.00 - 100.30) / 100.30
    assert str(r.actual_revenue) == "1.00"


def test_without_cost_or_responses_there_is_no_ratio(any_team: Team, fair: str) -> None:
    campaigns.edit_campaign(any_team.li, fair, {"responses": "0"}, now=START)
    r = campaign_results(any_team.li, fair)
    assert (r.actual_cost, r.actual_revenue, r.cost_per_response, r.roi) == (D("0.00"), D("0.00"),
                                                                             None, None)  # fmt: skip


def test_revenue_over_cost_gives_a_positive_roi(any_team: Team, fair: str) -> None:
    expense(any_team, "0.30", fair)
    src = customers.add_customer(any_team.wang, "来源客户", now=START).code
    links.link(any_team.wang, fair, customers=[src], now=START)
    approved_order(any_team, src, "12", START + dt.timedelta(days=1))  # 1.20
    assert campaign_results(any_team.li, fair).roi == D("3")  # (1.20 - 0.30) / 0.30


def test_the_figures_are_for_managers_admins_and_the_owner(any_team: Team, fair: str) -> None:
    team = any_team
    assert campaign_results(team.admin, fair).campaign == fair
    with pytest.raises(PermissionDenied, match="managers, admins and its owner"):
        campaign_results(team.wang, fair)
    campaign, figures = campaign_with_results(team.wang, fair)
    assert campaign.code == fair and figures is None
    campaigns.edit_campaign(team.li, fair, {"owner": "wang"}, now=START)
    assert campaign_with_results(team.wang, fair)[1] is not None
