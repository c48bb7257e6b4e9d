"""Exact money (issue 3, point 10) on SQLite, PostgreSQL and MariaDB: a 0.30 order paid as
0.10 + 0.20 is settled with balance 0.00 exactly, in the order, its plan, the receivables,
the customer's totals and the JSON the CLI prints."""

from __future__ import annotations

import json
from decimal import Decimal

from crm_cli.commands._output import dumps_json
from crm_cli.store.core import settings
from crm_cli.store.customers import customers
from crm_cli.store.sales import balances, order_flow, order_lists, orders, payments, receivables
from tests.conftest import Team
from tests.store.test_orders import NOW, make_product

D = Decimal


def test_point_three_paid_as_point_one_plus_point_two(any_team: Team) -> None:
    wang = any_team.wang
    settings.set_setting(
        any_team.admin, "payment.recorders", "manager,admin,owner"
    )  # the owner records its receipts
    make_product("PEN", "Pen", "0.10")
    acme = customers.add_customer(wang, "Acme Trading", now=NOW)
    code = orders.add_order(wang, acme.code, lines=["PEN:3"], installments=2, now=NOW).order.code
    order_flow.submit_order(wang, code, now=NOW)
    order_flow.approve_order(any_team.li, code, now=NOW)
    payments.record_payment(wang, code, "0.10", now=NOW)
    assert [r.balance for r in receivables.list_receivables(wang, now=NOW)] == [D("0.20")]
    payments.record_payment(wang, code, "0.20", now=NOW)

    view = orders.get_order(wang, code, now=NOW)
    assert (view.order.total, view.order.received, view.order.balance) == (
        D("0.30"), D("0.30"), D("0.00"),
    )  # fmt: skip
    assert view.order.settled is True
    assert [(i.amount, i.received, i.status) for i in view.plan] == [
        (D("0.15"), D("0.15"), "paid"), (D("0.15"), D("0.15"), "paid"),
    ]  # fmt: skip
    customer = customers.get_customer(wang, acme.code, now=NOW)
    assert (customer.total_ordered, customer.total_received, customer.balance_owed) == (
        D("0.30"), D("0.30"), D("0.00"),
    )  # fmt: skip
    assert receivables.list_receivables(wang, now=NOW) == []
    assert balances.customer_balances(wang, now=NOW) == []
    listed = order_lists.list_orders(wang, now=NOW)[0]
    assert listed.balance == D("0.00") and listed.settled

    data = json.loads(dumps_json(view.to_dict()))
    assert (data["total"], data["received"], data["balance"]) == (0.3, 0.3, 0.0)
    assert '"balance": 0.00' in dumps_json(view.to_dict())
    assert '"balance_owed": 0.00' in dumps_json(customer.to_dict())


def test_many_small_payments_sum_exactly(any_team: Team) -> None:
    wang = any_team.wang
    settings.set_setting(
        any_team.admin, "payment.recorders", "manager,admin,owner"
    )  # the owner records its receipts
    make_product("PEN", "Pen", "0.10")
    acme = customers.add_customer(wang, "Acme Trading", now=NOW)
    code = orders.add_order(wang, acme.code, lines=["PEN:7"], now=NOW).order.code
    order_flow.submit_order(wang, code, now=NOW)
    order_flow.approve_order(any_team.admin, code, now=NOW)
    for _ in range(7):
        payments.record_payment(wang, code, "0.10", now=NOW)
    customer = customers.get_customer(wang, acme.code, now=NOW)
    assert customer.total_received == D("0.70") and customer.balance_owed == D("0.00")
    assert orders.get_order(wang, code, now=NOW).order.settled
