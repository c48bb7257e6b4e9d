"""Payment plans (ORD-2): equal splits, explicit plans, the default plan, status as of a
day, and re-planning that never touches paid or partly paid installments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core import settings
from crm_cli.store.core.errors import InvalidInput, Locked
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_flow, orders, payments, plans
from tests.conftest import Team
from tests.store.test_orders import NOW, Sales

D = Decimal


@pytest.fixture
def sales(team: Team) -> Sales:
    return Sales(team)


def amounts(view: object) -> list[tuple[int, dt.date, Decimal]]:
    return [(i.number, i.due, i.amount) for i in view.plan]  # type: ignore[attr-defined]


def test_equal_split_puts_the_remainder_cents_on_the_last(sales: Sales) -> None:
    view = orders.add_order(
        sales.team.wang, sales.acme.code, lines=["PEN:1"], due="2026-12-31", installments=3,
        now=NOW,
    )  # fmt: skip
    assert amounts(view) == [
        (1, dt.date(2026, 12, 31), D("0.03")),
        (2, dt.date(2027, 1, 31), D("0.03")),
        (3, dt.date(2027, 2, 28), D("0.04")),
    ]
    assert sum(i.amount for i in view.plan) == view.order.total


def test_explicit_plan_must_sum_to_the_total_exactly(sales: Sales) -> None:
    with pytest.raises(InvalidInput, match=r"sums to 1999\.99 but 2000\.00"):
        orders.add_order(
            sales.team.wang, sales.acme.code, lines=["PC:2"],
            plan="2026-12-01:1000,2027-01-01:999.99", now=NOW,
        )  # fmt: skip
    assert sm.SalesOrder.select().count() == 0 and sm.Installment.select().count() == 0
    view = orders.add_order(
        sales.team.wang, sales.acme.code, lines=["PC:2"],
        plan="2027-01-01:1500.00,+1m:500", now=NOW,
    )  # fmt: skip
    # Sorted by date: the +1m one (2026-12-02) comes first.
    assert amounts(view) == [
        (1, dt.date(2026, 12, 2), D("500.00")), (2, dt.date(2027, 1, 1), D("1500.00")),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "plan",
    ["2026-12-01", "2026-12-01:abc", "2026-12-01:-5,2027-01-01:2005", "soon:2000", ":2000",
     "2026-12-01:0,2027-01-01:2000", "2026-12-01:1000.001,2027-01-01:999.999"],
)  # fmt: skip
def test_malformed_plans_are_refused(sales: Sales, plan: str) -> None:
    with pytest.raises(InvalidInput):
        orders.add_order(sales.team.wang, sales.acme.code, lines=["PC:2"], plan=plan, now=NOW)
    assert sm.SalesOrder.select().count() == 0


@pytest.mark.parametrize("count", [0, -1, 121])
def test_installment_count_out_of_range(sales: Sales, count: int) -> None:
    with pytest.raises(InvalidInput):
        orders.add_order(
            sales.team.wang, sales.acme.code, lines=["PC:2"], installments=count, now=NOW
        )


def test_more_installments_than_cents_is_refused(sales: Sales) -> None:
    with pytest.raises(InvalidInput, match=r"cannot split 0\.10 into 11"):
        orders.add_order(
            sales.team.wang, sales.acme.code, lines=["PEN:1"], installments=11, now=NOW
        )


def test_default_plan_from_the_setting(sales: Sales) -> None:
    settings.set_setting(sales.team.admin, "order.default_plan", "30,70")
    view = orders.add_order(
        sales.team.wang, sales.acme.code, lines=["PC:1", "PEN:1"], due="2027-01-31", now=NOW
    )
    assert amounts(view) == [
        (1, dt.date(2027, 1, 31), D("300.03")), (2, dt.date(2027, 2, 28), D("700.07")),
    ]  # fmt: skip


def test_status_as_of_a_day(sales: Sales) -> None:
    code = sales.approved("PC:3", due="2026-11-10", installments=3)
    payments.record_payment(sales.team.wang, code, "1000", now=NOW)
    payments.record_payment(sales.team.wang, code, "400", now=NOW)
    early = orders.get_order(sales.team.wang, code, now=NOW).plan
    assert [(i.status, i.received, i.open) for i in early] == [
        ("paid", D("1000.00"), D("0.00")),
        ("partial", D("400.00"), D("600.00")),
        ("unpaid", D("0.00"), D("1000.00")),
    ]
    late = orders.get_order(sales.team.wang, code, now=dt.datetime(2027, 1, 11)).plan
    assert [i.status for i in late] == ["paid", "overdue", "overdue"]


def test_replan_replaces_only_untouched_installments(sales: Sales) -> None:
    code = sales.approved("PC:3", due="2026-11-10", installments=3)
    payments.record_payment(sales.team.wang, code, "1200", now=NOW)  # 1 paid, 2 partial
    view = plans.replan_order(sales.team.wang, code, plan="2027-03-01:500,2027-04-01:500", now=NOW)
    assert amounts(view) == [
        (1, dt.date(2026, 11, 10), D("1000.00")),
        (2, dt.date(2026, 12, 10), D("1000.00")),
        (3, dt.date(2027, 3, 1), D("500.00")),
        (4, dt.date(2027, 4, 1), D("500.00")),
    ]
    assert [i.received for i in view.plan] == [D("1000.00"), D("200.00"), D("0"), D("0")]
    with pytest.raises(InvalidInput, match=r"sums to 900\.00 but 1000\.00"):
        plans.replan_order(sales.team.wang, code, plan="2027-03-01:900", now=NOW)
    again = plans.replan_order(sales.team.wang, code, installments=2, start="2027-05-01", now=NOW)
    assert amounts(again)[2:] == [
        (3, dt.date(2027, 5, 1), D("500.00")), (4, dt.date(2027, 6, 1), D("500.00")),
    ]  # fmt: skip
    log = [e for e in sales_log(sales) if e.action == "plan"]
    assert len(log) == 2


def sales_log(sales: Sales) -> list:  # type: ignore[type-arg]
    from crm_cli.store.customers import customers

    return customers.customer_log(sales.team.admin, sales.acme.code)


def test_replan_an_order_paid_without_a_plan(sales: Sales) -> None:
    code = sales.approved("PC:1")
    payments.record_payment(sales.team.wang, code, "400", now=NOW)
    view = plans.replan_order(sales.team.wang, code, installments=2, start="2026-12-01", now=NOW)
    assert [i.amount for i in view.plan] == [D("300.00"), D("300.00")]


def test_replan_refused_when_settled_cancelled_or_no_default(sales: Sales) -> None:
    code = sales.approved("PEN:1")
    with pytest.raises(InvalidInput, match="give --installments"):
        plans.replan_order(sales.team.wang, code, now=NOW)
    payments.record_payment(sales.team.wang, code, "0.10", now=NOW)
    with pytest.raises(Locked, match="fully paid"):
        plans.replan_order(sales.team.wang, code, installments=2, now=NOW)
    draft = sales.order()
    order_flow.cancel_order(sales.team.wang, draft, "no", now=NOW)
    with pytest.raises(InvalidInput, match="cancelled"):
        plans.replan_order(sales.team.wang, draft, installments=2, now=NOW)


def test_editing_a_draft_total_keeps_the_number_of_installments(sales: Sales) -> None:
    code = sales.order(None, "PC:2", due="2026-12-01", installments=2)
    view = orders.edit_order(sales.team.wang, code, lines=["PC:3"], now=NOW)
    assert amounts(view) == [
        (1, dt.date(2026, 12, 1), D("1500.00")), (2, dt.date(2027, 1, 1), D("1500.00")),
    ]  # fmt: skip
    view = orders.edit_order(sales.team.wang, code, installments=3, now=NOW)
    assert [i.amount for i in view.plan] == [D("1000.00")] * 3
