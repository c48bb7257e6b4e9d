"""Arrears per order and per customer, overdue as of a day, service-fee renewal, the
dunning letter's data, and purging customers that have sales records (PAY-2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core.errors import Conflict, InvalidInput, NotFound
from crm_cli.store.customers import customers
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.sales import balances, order_flow, payments, receivables, renewals
from crm_cli.store.sales import models as sm
from tests.conftest import Team
from tests.store.test_orders import NOW, Sales, customer_row, make_quote

D = Decimal
LATER = dt.datetime(2027, 1, 15, 9, 0)


@pytest.fixture
def sales(team: Team) -> Sales:
    return Sales(team)


def test_receivables_per_order_with_overdue_as_of_a_day(sales: Sales) -> None:
    planned = sales.approved("PC:3", due="2026-11-10", installments=3)  # 11-10, 12-10, 01-10
    whole = sales.approved("PC:1", due="2026-12-31")
    sales.approved("PEN:1")  # settled below: not owed
    payments.record_payment(sales.team.wang, "SO000003", "0.10", now=NOW)
    payments.record_payment(sales.team.wang, planned, "1200", now=NOW)
    sales.order(None, "PC:9")  # a draft owes nothing
    rows = receivables.list_receivables(sales.team.wang, now=LATER)
    assert [(r.order, r.balance, r.next_due, r.overdue, r.days_overdue) for r in rows] == [
        (planned, D("1800.00"), dt.date(2026, 12, 10), D("1800.00"), 36),
        (whole, D("1000.00"), dt.date(2026, 12, 31), D("1000.00"), 15),
    ]
    early = receivables.list_receivables(sales.team.wang, overdue=True, now=NOW)
    assert early == []
    assert receivables.list_receivables(sales.team.chen, now=LATER) == []
    assert [r.order for r in receivables.list_receivables(sales.team.li, now=LATER)] == [
        planned, whole,
    ]  # fmt: skip


def test_by_customer_sums_exactly(sales: Sales) -> None:
    sales.approved("PEN:3", due="2026-11-01")
    code = sales.approved("PEN:1")
    payments.record_payment(sales.team.wang, code, "0.05", now=NOW)
    other = customers.add_customer(sales.team.chen, "Zeta Ltd", now=NOW)
    from crm_cli.store.sales import orders

    o = orders.add_order(sales.team.chen, other.code, lines=["PC:1"], now=NOW).order.code
    order_flow.submit_order(sales.team.chen, o, now=NOW)
    order_flow.approve_order(sales.team.admin, o, now=NOW)
    rows = balances.customer_balances(sales.team.admin, now=NOW)
    assert [
        (b.customer_name, b.orders, b.total, b.received, b.balance, b.overdue) for b in rows
    ] == [
        ("Zeta Ltd", 1, D("1000.00"), D("0.00"), D("1000.00"), D("0.00")),
        ("Acme Trading", 2, D("0.40"), D("0.05"), D("0.35"), D("0.30")),
    ]
    assert rows[1].owner == "wang"
    only = balances.customer_balances(sales.team.admin, customer="Zeta Ltd", now=NOW)
    assert [b.customer_name for b in only] == ["Zeta Ltd"]
    with pytest.raises(NotFound):
        receivables.list_receivables(sales.team.chen, customer=sales.acme.code, now=NOW)


def test_renewal_extends_the_service_and_writes_the_fee_order(sales: Sales) -> None:
    code = sales.approved("ERP:1", "PC:1", signed="2026-03-01")
    fee = renewals.renew_service(sales.team.li, code, years=2, now=NOW)
    assert (fee.order.kind, fee.order.status, fee.order.total) == (
        "service_fee", "approved", D("1600.00"),
    )  # fmt: skip
    assert fee.order.due == dt.date(2027, 3, 1)
    assert [(x.product, x.quantity, x.service_end) for x in fee.lines] == [
        ("ERP", D("2.000"), dt.date(2029, 3, 1)),
    ]  # fmt: skip
    line = sm.OrderLine.get(sm.OrderLine.position == 1, sm.OrderLine.order == 1)
    assert line.service_end == dt.date(2029, 3, 1)
    assert customer_row(sales.acme.code).total_ordered == D("7600.00")
    draft = renewals.renew_service(sales.team.wang, code, line=1, now=NOW)
    assert draft.order.status == "draft"  # a sales user's renewal goes through approval
    assert draft.lines[0].service_end == dt.date(2030, 3, 1)


def test_renewal_refusals(sales: Sales) -> None:
    code = sales.approved("ERP:1", "PC:1")
    with pytest.raises(NotFound, match="line 2 of order"):
        renewals.renew_service(sales.team.wang, code, line=2, now=NOW)
    with pytest.raises(InvalidInput, match="years"):
        renewals.renew_service(sales.team.wang, code, years=0, now=NOW)
    draft = sales.order(None, "ERP:1")
    with pytest.raises(InvalidInput, match="only approved orders renew"):
        renewals.renew_service(sales.team.wang, draft, now=NOW)
    with pytest.raises(NotFound):
        renewals.renew_service(sales.team.chen, code, now=NOW)
    assert sm.SalesOrder.select().where(sm.SalesOrder.kind == "service_fee").count() == 0


def test_dunning_letter_data(sales: Sales) -> None:
    planned = sales.approved("PC:3", due="2026-11-10", installments=3)
    payments.record_payment(sales.team.wang, planned, "1200", now=NOW)
    whole = sales.approved("PEN:1", due="2027-02-01")
    letter = receivables.dunning_letter(sales.team.wang, sales.acme.code, now=LATER)
    assert (letter.customer_name, letter.owner, letter.as_of) == (
        "Acme Trading", "wang", LATER.date(),
    )  # fmt: skip
    assert [(x.order, x.installment, x.open, x.days_overdue) for x in letter.items] == [
        (planned, 2, D("800.00"), 36), (planned, 3, D("1000.00"), 5), (whole, None, D("0.10"), 0),
    ]  # fmt: skip
    assert (letter.total_owed, letter.overdue) == (D("1800.10"), D("1800.00"))
    with pytest.raises(NotFound):
        receivables.dunning_letter(sales.team.chen, sales.acme.code, now=LATER)


def test_purge_refuses_customers_with_sales_records(sales: Sales) -> None:
    admin = sales.team.admin
    make_quote(sales.other.code)
    sales.order()
    for code in (sales.acme.code, sales.other.code):
        customer_ops.delete_customers(admin, [code], now=NOW)
        with pytest.raises(Conflict, match="has quotes, orders or payments"):
            customer_ops.purge_customers(admin, [code], now=NOW)
    empty = customers.add_customer(admin, "Nobody Ltd", now=NOW)
    customer_ops.delete_customers(admin, [empty.code], now=NOW)
    assert [c.code for c in customer_ops.purge_customers(admin, [empty.code], now=NOW)] == [
        empty.code
    ]
