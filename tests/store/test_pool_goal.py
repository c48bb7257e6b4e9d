"""The goal (POOL-4): an approved order or a receipt inside protection keeps the customer,
in the same transaction as the order or payment; such a customer is never reclaimed."""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core import settings
from crm_cli.store.customers import customers
from crm_cli.store.pool import configure
from crm_cli.store.pool import moves as pool_moves
from crm_cli.store.pool import reclaim as pool_reclaim
from crm_cli.store.pool import views as pool_views
from crm_cli.store.sales import order_flow, orders, payments
from tests.conftest import Team
from tests.store.test_orders import make_product

NOW = dt.datetime(2026, 11, 2, 10, 0)


def claimed(team: Team, goal: str) -> tuple[str, str]:
    configure.update_pool_settings(
        team.admin, {"enabled": "yes", "protect_days": "30", "goal": goal}, members=("wang",)
    )
    a = customers.add_customer(team.chen, "目标客户甲", now=NOW).code
    b = customers.add_customer(team.chen, "目标客户乙", now=NOW).code
    pool_moves.add(team.admin, [a, b], now=NOW)
    pool_moves.claim(team.wang, [a, b], now=NOW)
    make_product("P1", "服务器", "1000.00")
    return a, b


def approved_order(team: Team, code: str, at: dt.datetime) -> str:
    view = orders.add_order(team.wang, code, lines=["P1:1"], signed="today", now=at)
    order_flow.submit_order(team.wang, view.order.code, now=at)
    order_flow.approve_order(team.li, view.order.code, now=at)
    return view.order.code


def goal_of(team: Team, code: str) -> str:
    items = {i.code: i for i in pool_views.list_pool(team.wang, "mine", now=NOW)}
    return items[code].goal


def test_an_approved_order_inside_protection_reaches_the_goal(team: Team) -> None:
    a, b = claimed(team, "order")
    approved_order(team, a, NOW + dt.timedelta(days=5))
    assert goal_of(team, a) == "achieved" and goal_of(team, b) == "open"
    later = dt.datetime(2027, 6, 1, 9, 0)
    back = pool_reclaim.reclaim(team.admin, as_of=later.date(), now=later, details=True)
    assert [r.customer for r in back.returned] == [b]
    assert customers.get_customer(team.admin, a, now=NOW).owner == "wang"


def test_a_receipt_counts_only_when_the_goal_is_receipt_or_either(team: Team) -> None:
    a, _ = claimed(team, "receipt")
    settings.set_setting(
        team.admin, "payment.recorders", "manager,admin,owner"
    )  # the holder records the receipt
    code = approved_order(team, a, NOW + dt.timedelta(days=1))
    assert goal_of(team, a) == "open"  # the order alone is not this pool's goal
    payments.record_payment(team.wang, code, "100.00", date="today", now=NOW + dt.timedelta(days=2))
    assert goal_of(team, a) == "achieved"
    log = pool_views.pool_log(team.wang, a, now=NOW)
    assert log[0].action == "achieved" and log[0].rule == "receipt"


def test_an_order_after_protection_ended_is_too_late(team: Team) -> None:
    a, _ = claimed(team, "either")
    approved_order(team, a, NOW + dt.timedelta(days=40))
    assert goal_of(team, a) == "open"


def test_the_holder_hears_of_protection_ending_in_crm_today(team: Team) -> None:
    from crm_cli.store.overview import digest

    a, b = claimed(team, "either")
    configure.update_pool_settings(team.admin, {"remind_days": "3"})
    seen = digest.build_digest(team.wang, days=1, now=NOW + dt.timedelta(days=28))
    ending = [i for i in seen.items if i.kind == "pool_return"]
    assert [(i.ref, i.overdue_days) for i in ending] == [(a, -2), (b, -2)]
    assert "2 day(s)" in ending[0].text
    assert digest.build_digest(team.chen, days=7, now=NOW + dt.timedelta(days=28)).items == []
