"""`crm today` counts installments and service fees through the owner's copy alone
(`sales.owners`): the copy follows every change that moves a row in or out of the digest,
through the store's own functions, and `crm db check` agrees at each step. Reminders are
counted in an index of those about live customers (the reminder copies the trash date)."""

from __future__ import annotations

import datetime as dt

from crm_cli.store.activity import reminders
from crm_cli.store.customers import customers
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.database.checks import check_database
from crm_cli.store.overview import digest
from crm_cli.store.sales import order_flow, orders, products, renewals
from tests.conftest import Team

NOW = dt.datetime(2026, 5, 10, 8, 0)


def counts(team: Team) -> tuple[int, int, int]:
    found = digest.build_digest(team.wang, days=7, now=NOW).counts
    return found["installment"], found["service_fee"], found["reminder"]


def copies_hold(team: Team) -> bool:
    return {r.check: r.ok for r in check_database(team.admin)}["owner_copies"]


def test_the_copies_follow_approval_cancelling_trash_and_renewal(team: Team) -> None:
    products.add_product(team.admin, "SVC", "年度维护", {"price": "100", "annual_fee": "50"},
                         now=NOW)  # fmt: skip
    customers.add_customer(team.wang, "中兴通讯", now=NOW)
    # Signed eleven months ago: the yearly service ends within the fee window of a month.
    signed = (NOW - dt.timedelta(days=340)).date().isoformat()
    orders.add_order(team.wang, "C000001", lines=["SVC:1"], signed=signed,
                     plan=f"{signed}:60,{NOW.date().isoformat()}:40", now=NOW)  # fmt: skip
    reminders.add_reminder(team.wang, "寄合同", NOW, customer="C000001", now=NOW)
    assert counts(team) == (0, 0, 1)  # a draft owes nothing yet
    assert copies_hold(team)
    order_flow.submit_order(team.wang, "SO000001", now=NOW)
    order_flow.approve_order(team.li, "SO000001", now=NOW)
    assert counts(team) == (2, 1, 1)
    assert copies_hold(team)
    customer_ops.delete_customers(team.li, ["C000001"], now=NOW)
    assert counts(team) == (0, 0, 0)  # in the trash: nothing of it is due
    assert copies_hold(team)
    customer_ops.restore_customers(team.li, ["C000001"], now=NOW)
    assert counts(team) == (2, 1, 1)
    renewals.renew_service(team.li, "SO000001", now=NOW)  # a fee order, approved by li
    # Renewed: the sale's line ends a year later, and the fee order's line, which repeats
    # that end date, is never counted; its own installments would be.
    assert counts(team) == (2, 0, 1)
    assert copies_hold(team)
    order_flow.cancel_order(team.li, "SO000001", "客户取消", now=NOW)
    assert counts(team) == (0, 0, 1)
    assert copies_hold(team)
