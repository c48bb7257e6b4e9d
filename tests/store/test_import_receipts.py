"""Receipts through the import engine (issue 12, PAY-1): `pay`'s rules row by row and
across the file, installments, duplicates, and undo keeping every total equal to the
sum of the receipts."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core.settings import set_setting
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import models as cm
from crm_cli.store.imports import models as im
from crm_cli.store.imports import undo
from crm_cli.store.imports.engine import Refused
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_flow, orders, payments
from crm_cli.store.sales.order_totals import cents_sum
from crm_cli.store.sales.products import add_product
from tests.conftest import Team
from tests.store.test_import_customers import NOW, load, write

HEAD = "订单编号,收款日期,收款金额,付款方式,期数,收款单号,备注\n"


@pytest.fixture
def shop(team: Team) -> Team:
    cs.add_customer(team.admin, "杭州东山科技", {"owner": "wang"}, now=NOW)  # C000001
    add_product(team.admin, "P1", "软件", {"price": "1000"}, now=NOW)
    plan = "2026-03-31:400,2026-04-30:600"
    orders.add_order(team.admin, "C000001", lines=["P1:1"], plan=plan, now=NOW)  # SO000001
    orders.add_order(team.admin, "C000001", lines=["P1:2"], now=NOW)  # SO000002, no plan
    orders.add_order(team.admin, "C000001", lines=["P1:1"], now=NOW)  # SO000003, a draft
    for code in ("SO000001", "SO000002"):
        order_flow.submit_order(team.admin, code, now=NOW)
        order_flow.approve_order(team.admin, code, now=NOW)
    return team


def counts() -> tuple[int, ...]:
    tables = (sm.Payment, m.OpLog, im.ImportBatch, im.ImportItem)
    return tuple(t.select().count() for t in tables) + tuple(
        s.value for s in m.Sequence.select().order_by(m.Sequence.name)
    )


def consistent() -> tuple[str, ...]:
    """Every installment, order and customer holds the sum of its live receipts; returns
    the received money of the two approved orders and the customer's balance."""
    P = sm.Payment
    live = P.select().where(P.deleted_at.is_null())
    for inst in sm.Installment.select():
        assert inst.received == cents_sum(P.amount, live.where(P.installment == inst.id))
    for order in sm.SalesOrder.select():
        assert order.received == cents_sum(P.amount, live.where(P.order == order.id))
    customer = cm.Customer.get(cm.Customer.code == "C000001")
    received = [str(o.received) for o in sm.SalesOrder.select().order_by(sm.SalesOrder.code)]
    return (*received[:2], str(customer.total_received), str(customer.balance_owed))


def receipts(actor: object, path: str, policy: str = "fail") -> list[tuple[str, str]]:
    _, rows = load(actor, path, record_type="receipts", policy=policy)  # type: ignore[arg-type]
    return [(r.action, r.code) for r in rows]


def test_receipts_pay_orders_and_installments_as_pay_does(shop: Team, tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "SO000001,2026-03-01,300,银行,,,首付\n"
                                  "SO000001,2026-03-02,200,,,,\n"  # 100 on 1, 100 on 2
                                  "SO000002,2026-03-02,1500,现金,,R000100,\n")  # fmt: skip
    # R000100 moves the counter: the others are drawn after it.
    assert receipts(shop.admin, path) == [("create", "R000101"), ("create", "R000102"),
                                          ("create", "R000100")]  # fmt: skip
    P = sm.Payment
    found = [(p.code, p.installment.number if p.installment else None, str(p.amount), p.method)
             for p in P.select().order_by(P.id)]  # fmt: skip
    assert found == [("R000101", 1, "300.00", "银行"), ("R000102", 1, "100.00", ""),
                     ("R000103", 2, "100.00", ""), ("R000100", None, "1500.00", "现金")]  # fmt: skip
    assert consistent() == ("500.00", "1500.00", "2000.00", "1000.00")
    assert payments.record_payment(shop.admin, "SO000002", "1", now=NOW)[0].code == "R000104"


@pytest.mark.parametrize(("rows", "column", "reason"), [
    ("SO000002,2026-03-01,2000.01,,,,", "收款金额", "amount 2000.01 is more than the 2000.00 owed on SO000002"),
    ("SO000002,2026-03-01,1500,,,,\nSO000002,2026-03-01,600,,,,", "收款金额", "more than the 500.00 owed"),
    ("SO000001,2026-03-01,401,,1,,", "期数", "more than the 400.00 owed on installment 1"),
    ("SO000001,2026-03-01,1,,3,,", "期数", "order SO000001 has no installment 3"),
    ("SO000001,2026-03-01,500,,,R9,", "收款单号", "several receipts, one code"),
    ("SO000003,2026-03-01,1,,,,", "订单编号", "order SO000003 is draft; only approved orders take payments"),
    ("SO000009,2026-03-01,1,,,,", "订单编号", "no order 'SO000009'"),
    ("SO000002,2026-09-01,1,,,,", "收款日期", "payment date 2026-09-01 is in the future"),
    ("SO000002,2026-03-01,0,,,,", "收款金额", "must be more than zero"),
])  # fmt: skip
def test_a_receipt_pay_would_refuse_refuses_the_file(
    shop: Team, tmp_path: Path, rows: str, column: str, reason: str
) -> None:
    before = counts()
    with pytest.raises(Refused) as refused:
        load(shop.admin, write(tmp_path, HEAD + rows + "\n"), record_type="receipts")
    problem = refused.value.problems[-1]
    assert problem.column == column, problem
    assert reason in problem.reason
    assert counts() == before
    assert consistent() == ("0.00", "0.00", "0.00", "3000.00")


def test_only_the_teams_recorders_import_receipts(shop: Team, tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "SO000002,2026-03-01,10,,,,\n")
    with pytest.raises(Refused, match="you may not record payments of order SO000002"):
        load(shop.wang, path, record_type="receipts")
    set_setting(shop.admin, "payment.recorders", "owner")
    assert receipts(shop.wang, path) == [("create", "R000001")]


def test_duplicates_by_code_or_by_order_date_and_amount(shop: Team, tmp_path: Path) -> None:
    payments.record_payment(shop.admin, "SO000002", "700", date="2026-03-01", now=NOW)
    path = write(tmp_path, HEAD + "SO000002,2026-03-01,700,,,,\nSO000002,2026-03-02,5,,,,\n"
                                  "SO000002,2026-03-02,5,,,,\nSO000002,2026-03-01,1,,,R000001,\n")  # fmt: skip
    with pytest.raises(Refused) as refused:
        load(shop.admin, path, record_type="receipts")
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (2, "收款金额"), (4, "收款金额"), (5, "收款单号")]  # fmt: skip
    assert refused.value.exit_code == 3
    assert receipts(shop.admin, path, "skip") == [("skip", ""), ("create", "R000002"),
                                                  ("skip", ""), ("skip", "R000001")]  # fmt: skip
    with pytest.raises(Refused, match="receipts are not changed once recorded"):
        load(shop.admin, path, record_type="receipts", policy="update")
    assert consistent() == ("0.00", "705.00", "705.00", "2295.00")


def test_undo_trashes_the_receipts_and_every_total_follows(shop: Team, tmp_path: Path) -> None:
    payments.record_payment(shop.admin, "SO000001", "50", now=NOW)
    path = write(tmp_path, HEAD + "SO000001,2026-03-01,600,,,,\nSO000002,2026-03-01,2000,,,,\n")
    summary, _ = load(shop.admin, path, record_type="receipts")
    assert consistent() == ("650.00", "2000.00", "2650.00", "350.00")
    done = undo.undo_batch(shop.admin, str(summary.batch), now=NOW)
    assert (done.deleted, done.restored) == (3, 0)  # 350 on 1, 250 on 2, the whole of SO000002
    assert consistent() == ("50.00", "0.00", "50.00", "2950.00")
    assert sm.SalesOrder.get(sm.SalesOrder.code == "SO000002").settled is False
    log = m.OpLog.select().where(m.OpLog.action == "import-undo").count()
    assert log == 3  # each receipt's values stay in the log
    P = sm.Payment  # and the receipts in their table, marked: nothing is lost
    assert P.select().where(P.deleted_at == NOW).count() == 3
    assert P.select().where(P.deleted_at.is_null()).count() == 1
