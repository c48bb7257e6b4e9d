"""Digest kind "approval" (issue 14, point 5): the approval inbox in `crm today`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crm_cli.store.customers import customers
from crm_cli.store.overview import digest
from crm_cli.store.sales import order_flow, orders, products
from tests.conftest import Team
from tests.store.approval_desk import NOW, ago, build


def approval_items(found: digest.Digest) -> list[tuple[object, ...]]:
    return [(i.ref, i.due, i.urgency, i.overdue_days) for i in found.items if i.kind == "approval"]


def test_a_managers_digest_shows_the_order_waiting_for_them(team: Team) -> None:
    """The issue's first observation: li's `crm today` said "Nothing due." while wang's
    order waited for li's approval."""
    products.add_product(team.admin, "PC", "Desktop PC", {"price": "1000.00"}, now=NOW)
    code = customers.add_customer(team.wang, "Acme Trading", now=NOW).code
    order = orders.add_order(team.wang, code, lines=["PC:2"], now=NOW).order.code
    order_flow.submit_order(team.wang, order, now=NOW)
    found = digest.build_digest(team.li, now=NOW)
    assert [(i.kind, i.ref, i.customer, i.amount) for i in found.items] == [
        ("approval", order, code, Decimal("2000.00"))
    ]
    assert found.counts["approval"] == 1
    assert digest.build_digest(team.wang, now=NOW).counts["approval"] == 0  # sales: never


def test_items_wait_since_they_were_submitted_oldest_first(team: Team) -> None:
    build(team)
    found = digest.build_digest(team.li, now=NOW)
    assert approval_items(found) == [
        ("Q000001", ago(5).date(), "overdue", 5),
        ("EX000001", ago(4).date(), "overdue", 4),
        ("SO000001", ago(3).date(), "overdue", 3),
        ("SO000003", ago(1).date(), "overdue", 1),
    ]
    texts = {i.ref: i.text for i in found.items}
    assert texts["SO000003"] == "order SO000003 from zhao: Desks"
    assert texts["EX000001"] == "expense EX000001 from zhao: travel"
    assert [k.title for k in digest.KINDS if k.name == "approval"] == ["Waiting for my approval"]


def test_the_limit_keeps_the_oldest_and_counts_them_all(team: Team) -> None:
    build(team)
    found = digest.build_digest(team.admin, limit=2, now=NOW)
    assert [r for r, *_ in approval_items(found)] == ["Q000001", "EX000001"]
    assert found.counts["approval"] == 6
    # Submitted today: due today, not overdue.
    today = digest.build_digest(team.admin, now=ago(1) + dt.timedelta(hours=2))
    assert ("SO000003", ago(1).date(), "today", 0) in approval_items(today)
