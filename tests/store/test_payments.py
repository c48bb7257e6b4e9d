"""Receipts (PAY-1): oldest installment first, spill-over, partial payments, payments
without a plan, batches, and every refusal leaving the database unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core import settings
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import customers
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_flow, orders, payments
from tests.conftest import Team
from tests.store.test_orders import NOW, Sales, customer_row

D = Decimal


@pytest.fixture
def sales(team: Team) -> Sales:
    return Sales(team)


def state() -> tuple[object, ...]:
    """Everything a payment may touch, to prove a refusal changed nothing."""
    return (
        [(p.code, p.amount) for p in sm.Payment.select().order_by(sm.Payment.id)],
        [(i.id, i.received) for i in sm.Installment.select().order_by(sm.Installment.id)],
        [
            (o.code, o.received, o.settled)
            for o in sm.SalesOrder.select().order_by(sm.SalesOrder.id)
        ],
        [(c.total_received, c.balance_owed) for c in customer_rows()],
    )


def customer_rows() -> list:  # type: ignore[type-arg]
    from crm_cli.store.customers import models as cm

    return list(cm.Customer.select().order_by(cm.Customer.id))


def test_payment_goes_to_the_oldest_open_installment_and_spills_over(sales: Sales) -> None:
    code = sales.approved("PC:3", due="2026-11-10", installments=3)
    receipts = payments.record_payment(
        sales.team.wang, code, "1,500.50", date="2026-11-01", method="bank", note="first", now=NOW
    )
    assert [(r.code, r.installment, r.amount) for r in receipts] == [
        ("R000001", 1, D("1000.00")), ("R000002", 2, D("500.50")),
    ]  # fmt: skip
    assert receipts[0].paid_on == dt.date(2026, 11, 1) and receipts[0].method == "bank"
    view = orders.get_order(sales.team.wang, code, now=NOW)
    assert (view.order.received, view.order.balance, view.order.settled) == (
        D("1500.50"), D("1499.50"), False,
    )  # fmt: skip
    assert view.order.next_due == dt.date(2026, 12, 10)
    assert [p.code for p in view.payments] == ["R000001", "R000002"]
    log = customers.customer_log(sales.team.wang, sales.acme.code)
    assert [e.entity for e in log[:2]] == ["payment", "payment"]
    assert log[0].customer_id == customer_row(sales.acme.code).id


def test_named_installment_and_partial_payments(sales: Sales) -> None:
    code = sales.approved("PC:3", installments=3)
    payments.record_payment(sales.team.wang, code, "300", installment=3, now=NOW)
    payments.record_payment(sales.team.wang, code, "700", installment=3, now=NOW)
    plan = orders.get_order(sales.team.wang, code, now=NOW).plan
    assert [i.status for i in plan] == ["unpaid", "unpaid", "paid"]
    with pytest.raises(InvalidInput, match="installment 3 of order SO000001 is paid already"):
        payments.record_payment(sales.team.wang, code, "1", installment=3, now=NOW)
    with pytest.raises(InvalidInput, match=r"more than the 1000\.00 owed on installment 1"):
        payments.record_payment(sales.team.wang, code, "1000.01", installment=1, now=NOW)
    with pytest.raises(NotFound, match="no installment 9"):
        payments.record_payment(sales.team.wang, code, "1", installment=9, now=NOW)


def test_order_without_a_plan_is_paid_as_a_whole(sales: Sales) -> None:
    code = sales.approved("PC:1")
    (receipt,) = payments.record_payment(sales.team.wang, code, "999.99", now=NOW)
    assert receipt.installment is None
    payments.record_payment(sales.team.wang, code, "0.01", now=NOW)
    view = orders.get_order(sales.team.wang, code, now=NOW)
    assert view.order.settled and view.order.balance == D("0.00")


@pytest.mark.parametrize(
    ("amount", "match"),
    [("0", "more than zero"), ("-5", "more than zero"), ("abc", "invalid amount"),
     ("1.001", "two decimals"), ("2000.01", r"more than the 2000\.00 owed"), ("NaN", "amount")],
)  # fmt: skip
def test_bad_amounts_change_nothing(sales: Sales, amount: str, match: str) -> None:
    code = sales.approved("PC:2", installments=2)
    before = state()
    with pytest.raises(InvalidInput, match=match):
        payments.record_payment(sales.team.wang, code, amount, now=NOW)
    assert state() == before


def test_only_approved_orders_take_money(sales: Sales) -> None:
    draft = sales.order()
    with pytest.raises(InvalidInput, match="draft; only approved orders take payments"):
        payments.record_payment(sales.team.wang, draft, "1", now=NOW)
    order_flow.cancel_order(sales.team.wang, draft, "gone", now=NOW)
    with pytest.raises(InvalidInput, match="cancelled; it takes no payments"):
        payments.record_payment(sales.team.wang, draft, "1", now=NOW)
    assert sm.Payment.select().count() == 0


def test_future_date_and_rights(sales: Sales) -> None:
    code = sales.approved()
    with pytest.raises(InvalidInput, match="in the future"):
        payments.record_payment(sales.team.wang, code, "1", date="tomorrow", now=NOW)
    with pytest.raises(NotFound):
        payments.record_payment(sales.team.chen, code, "1", now=NOW)
    assert sm.Payment.select().count() == 0


def test_public_customer_orders_are_visible_but_not_payable_by_others(sales: Sales) -> None:
    code = sales.approved()
    customers.edit_customer(sales.team.wang, sales.acme.code, {"is_public": "yes"}, now=NOW)
    with pytest.raises(PermissionDenied):
        payments.record_payment(sales.team.chen, code, "1", now=NOW)


def test_batch_pays_installments_in_full_in_one_transaction(sales: Sales) -> None:
    first = sales.approved("PC:2", installments=2)
    second = sales.approved("PC:3", installments=3)
    payments.record_payment(sales.team.wang, second, "100", installment=2, now=NOW)
    receipts = payments.pay_installments(
        sales.team.wang, [f"{first}/1", f"{second.lower()}/2", f"{first}/2"], now=NOW
    )
    assert [(r.order, r.installment, r.amount) for r in receipts] == [
        (first, 1, D("1000.00")), (second, 2, D("900.00")), (first, 2, D("1000.00")),
    ]  # fmt: skip
    assert orders.get_order(sales.team.wang, first, now=NOW).order.settled
    assert customer_row(sales.acme.code).total_received == D("3000.00")


@pytest.mark.parametrize(
    "items",
    [["SO000001/1", "SO000001/1"], ["SO000001/1", "SO000002/1"], ["SO000001/1", "SO000001/7"],
     ["SO000001/1", "SO000001"], ["SO000001/1", "SO000404/1"], []],
)  # fmt: skip
def test_a_bad_batch_item_refuses_the_whole_batch(sales: Sales, items: list[str]) -> None:
    sales.approved("PC:2", installments=2)
    sales.order(None, "PC:1", installments=1)  # SO000002: a draft
    before = state()
    with pytest.raises((InvalidInput, NotFound)):
        payments.pay_installments(sales.team.wang, items, now=NOW)
    assert state() == before


def test_paying_a_paid_installment_in_a_batch_is_refused(sales: Sales) -> None:
    code = sales.approved("PC:2", installments=2)
    payments.pay_installments(sales.team.wang, [f"{code}/1"], now=NOW)
    with pytest.raises(InvalidInput, match="paid already"):
        payments.pay_installments(sales.team.wang, [f"{code}/2", f"{code}/1"], now=NOW)
    assert orders.get_order(sales.team.wang, code, now=NOW).plan[1].received == D("0.00")


def _payer(url: str, code: str, start: object, results: object) -> None:
    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.core.errors import CrmError
    from crm_cli.store.sales import payments

    domains.open_store(url)
    actor = users.resolve_actor("wang")
    start.wait()  # type: ignore[attr-defined]
    try:
        payments.record_payment(actor, code, "2000", now=NOW)
        results.put("paid")  # type: ignore[attr-defined]
    except CrmError as exc:
        results.put(type(exc).__name__)  # type: ignore[attr-defined]
    db.close_store()


def test_concurrent_payments_never_overpay(any_team: Team, any_db: str) -> None:
    """Four clerks pay the whole balance at once: exactly one receipt is written."""
    settings.set_setting(any_team.admin, "payment.recorders", "manager,admin,owner")
    import multiprocessing as mp

    from crm_cli.store import domains
    from crm_cli.store.core import db

    sales = Sales(any_team)
    code = sales.approved("PC:2")
    db.close_store()
    ctx = mp.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_payer, args=(any_db, code, start, results)) for _ in range(4)]
    for p in procs:
        p.start()
    start.set()
    outcomes = sorted(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(60)
    domains.open_store(any_db)
    assert outcomes == ["InvalidInput", "InvalidInput", "InvalidInput", "paid"]
    assert [p.amount for p in sm.Payment.select()] == [D("2000.00")]
    assert customer_row(sales.acme.code).balance_owed == D("0.00")
