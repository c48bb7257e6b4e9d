"""The team's pipeline on the manager's home (issue 14, point 6): open opportunities per
person the actor manages, weighted by probability, exact, in one grouped query."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playhouse.test_utils import count_queries

from crm_cli.store.customers import customers
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.overview import team as team_view
from crm_cli.store.sales import opportunities as opp
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 2, 9, 0)
D = Decimal


@pytest.fixture
def deals(any_team: Team) -> Team:
    t = any_team
    add = customers.add_customer
    acme, zc, other, gone = (
        add(t.wang, "Acme Trading", now=NOW).code, add(t.zhao, "赵氏贸易", now=NOW).code,
        add(t.chen, "Other Co", now=NOW).code, add(t.wang, "Gone Co", now=NOW).code,
    )  # fmt: skip
    for customer, amount, probability in (
        (acme, "1000.00", 50), (acme, "333.33", 33), (zc, "200.00", 10), (other, "5000.00", 90),
        (gone, "9999.00", 90),
    ):  # fmt: skip
        opp.add_opportunity(t.admin, customer, amount=amount, probability=probability,
                            force=True, now=NOW)  # fmt: skip
    lost = opp.add_opportunity(t.wang, acme, amount="700", probability=40, force=True, now=NOW)
    opp.lose_opportunity(t.wang, lost.code, reason="price", now=NOW)
    customer_ops.delete_customers(t.admin, [gone], now=NOW)
    return t


def rows(user: object) -> list[tuple[object, ...]]:
    return [tuple(p) for p in team_view.team_pipeline(user)]  # type: ignore[arg-type]


def test_a_manager_sees_each_person_below_weighted_exactly(deals: Team) -> None:
    # 1000 × 50 % + 333.33 × 33 % = 609.9989: summed in cents × percent, rounded once.
    assert rows(deals.li) == [
        ("wang", "王芳", 2, D("1333.33"), D("610.00")),
        ("zhao", "赵强", 1, D("200.00"), D("20.00")),
    ]
    assert rows(deals.admin)[0] == ("chen", "陈静", 1, D("5000.00"), D("4500.00"))
    assert [p[0] for p in rows(deals.admin)] == ["chen", "wang", "zhao"]
    assert [p[0] for p in rows(deals.wang)] == ["wang", "zhao"]  # wang leads zhao
    assert rows(deals.chen) == [("chen", "陈静", 1, D("5000.00"), D("4500.00"))]


def test_one_query_whatever_the_team(deals: Team) -> None:
    with count_queries(only_select=True) as counter:
        team_view.team_pipeline(deals.li)
    assert counter.count == 2  # the hierarchy, then the grouped sums
