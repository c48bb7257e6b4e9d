"""Orders through the import engine (issue 12, ORD-1, ORD-2): one row per line, rows
sharing an order code forming one order (also across the engine's batches), `add`'s
rules, the approval rights a status needs, duplicates by code, and undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import readers
from crm_cli.store.core.errors import Conflict
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import models as cm
from crm_cli.store.imports import models as im
from crm_cli.store.imports import undo
from crm_cli.store.imports.engine import Refused
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_lists, payments
from crm_cli.store.sales import orders as so
from crm_cli.store.sales.products import add_product
from tests.conftest import Team
from tests.store.test_import_customers import NOW, load, write

HEAD = (
    "订单编号,客户名称,合同名称,签约日期,应收日期,状态,产品编号,数量,单价,折扣,收款计划,订单金额\n"
)


@pytest.fixture
def shop(team: Team) -> Team:
    cs.add_customer(team.admin, "杭州东山科技", {"owner": "wang"}, now=NOW)  # C000001
    cs.add_customer(team.admin, "宁波北仑贸易", {"owner": "chen"}, now=NOW)  # C000002
    add_product(team.admin, "P1", "软件", {"price": "1000"}, now=NOW)
    add_product(team.admin, "P2", "维保", {"price": "200", "annual_fee": "50"}, now=NOW)
    return team


def counts() -> tuple[int, ...]:
    tables = (sm.SalesOrder, sm.OrderLine, sm.Installment, m.OpLog, im.ImportBatch, im.ImportItem)
    return tuple(t.select().count() for t in tables) + tuple(
        s.value for s in m.Sequence.select().order_by(m.Sequence.name)
    )


def orders(actor: object, path: str, policy: str = "fail") -> list[tuple[str, str, str]]:
    _, rows = load(actor, path, record_type="orders", policy=policy)  # type: ignore[arg-type]
    return [(r.action, r.code, r.name) for r in rows]


def customer_money(code: str) -> tuple[str, str, str]:
    row = cm.Customer.get(cm.Customer.code == code)
    return str(row.total_ordered), str(row.total_received), str(row.balance_owed)


PLANNED = (HEAD + 'SO100,杭州东山科技,年框,2026-02-01,2026-04-30,approved,P1,2,,,'
           '"2026-03-31:1000,2026-04-30:1810",2810\n'
           "SO100,,,,,,P2,5,180,10%,,\n"
           ",C000002,散单,,,,P1,1,,,,\n")  # fmt: skip


def test_rows_sharing_a_code_form_one_order(shop: Team, tmp_path: Path) -> None:
    assert orders(shop.admin, write(tmp_path, PLANNED)) == [
        ("create", "SO100", "年框"), ("create", "SO000101", "散单")]  # fmt: skip
    view = so.get_order(shop.admin, "SO100", now=NOW)
    order = view.order
    assert (order.status, order.owner, str(order.total), order.decided_by) == (
        "approved",
        "wang",
        "2810.00",
        "admin",
    )
    assert [(x.product, str(x.quantity), str(x.unit_price), str(x.amount), str(x.service_end))
            for x in view.lines] == [("P1", "2.000", "1000.00", "2000.00", "None"),
                                     ("P2", "5.000", "180.00", "810.00", "2027-02-01")]  # fmt: skip
    assert [(str(i.due), str(i.amount)) for i in view.plan] == [
        ("2026-03-31", "1000.00"), ("2026-04-30", "1810.00")]  # fmt: skip
    assert customer_money("C000001") == ("2810.00", "0.00", "2810.00")  # approved: it counts
    draft = so.get_order(shop.admin, "SO000101", now=NOW).order
    assert (draft.status, str(draft.total), draft.owner) == ("draft", "1000.00", "chen")
    assert customer_money("C000002") == ("0.00", "0.00", "0.00")


@pytest.mark.parametrize(("rows", "column", "reason"), [
    ("SO1,C000001,x,2026-09-01,,,P1,1,,,,", "签约日期", "it is after today"),
    ("SO1,C000001,x,2026-02-01,2026-01-01,,P1,1,,,,", "应收日期", "is before the signing date"),
    ("SO1,C000001,x,,,,P9,1,,,,", "产品编号", "no product 'P9'"),
    ("SO1,C000001,x,,,,P1,,,,,", "数量", "needs its quantity"),
    ("SO1,无此客户,x,,,,P1,1,,,,", "客户名称", "no customer '无此客户'"),
    ("SO1,C000001,x,,,,P1,1,,,,999", "订单金额", "the order comes to 999.00 but its lines to 1000.00"),
    ("SO1,C000001,x,,,,P1,1,,,2026-05-01:10,", "收款计划", "the plan sums to 10.00 but 1000.00"),
    ("SO1,C000001,x,,,cancelled,P1,1,,,,", "状态", "a cancelled order needs its reason"),
    ("SO1,C000001,x,,,,P1,1,,,,\nSO1,C000002,x,,,,P1,1,,,,", "客户名称", "order SO1 has 'C000001' on row 2"),
])  # fmt: skip
def test_a_row_add_would_refuse_refuses_the_file(
    shop: Team, tmp_path: Path, rows: str, column: str, reason: str
) -> None:
    before = counts()
    with pytest.raises(Refused) as refused:
        load(shop.admin, write(tmp_path, HEAD + rows + "\n"), record_type="orders")
    problem = refused.value.problems[0]
    assert problem.column == column, problem
    assert reason in problem.reason
    assert counts() == before


def test_an_approved_order_needs_an_approver(shop: Team, tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "SO7,C000001,x,,,已审批,P1,1,,,,\n")
    with pytest.raises(Refused, match="you may not approve orders of this customer"):
        load(shop.wang, path, record_type="orders")
    assert orders(shop.li, path) == [("create", "SO7", "x")]  # wang's manager may


def test_an_order_goes_on_across_the_engines_batches(
    shop: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "BATCH", 2)
    path = write(tmp_path, HEAD + ",C000001,一,,,,P1,1,,,,\n"
                 'SO9,C000001,二,,,,P1,1,,,"2026-04-01:500,2026-05-01:1700",\n'
                 "SO9,,,,,,P1,1,,,,\nSO9,,,,,,P2,1,,,,\n")  # fmt: skip
    _, rows = load(shop.admin, path, record_type="orders")
    # SO9 moved the counter past 9; rows 4 and 5 (the next batch) are more lines of SO9.
    assert [(r.row, r.code, r.note) for r in rows] == [
        (2, "SO000010", ""), (3, "SO9", ""), (4, "SO9", "more lines of the order on row 3")]  # fmt: skip
    view = so.get_order(shop.admin, "SO9", now=NOW)
    assert (str(view.order.total), len(view.lines)) == ("2200.00", 3)
    assert [(x.position, x.product) for x in view.lines] == [(1, "P1"), (2, "P1"), (3, "P2")]
    assert [str(i.amount) for i in view.plan] == ["500.00", "1700.00"]
    # The lines written again for the second batch keep their VAT (the team's 13 %).
    assert [(str(x.tax_rate), str(x.tax)) for x in view.lines] == [
        ("13.00", "115.04"), ("13.00", "115.04"), ("13.00", "23.01")]  # fmt: skip


def test_an_order_whose_plan_is_never_met_across_batches_is_refused(
    shop: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "BATCH", 2)
    before = counts()
    path = write(tmp_path, HEAD + ",C000001,一,,,,P1,1,,,,\n"
                 'SO9,C000001,二,,,,P1,1,,,"2026-04-01:500,2026-05-01:1700",\n'
                 ",C000001,三,,,,P1,1,,,,\n")  # fmt: skip
    with pytest.raises(Refused) as refused:
        load(shop.admin, path, record_type="orders")
    assert (refused.value.problems[0].row, refused.value.problems[0].column) == (3, "收款计划")
    assert counts() == before


def test_an_unmet_plan_in_a_file_ending_with_a_full_batch_is_refused(
    shop: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's last batch is full: no batch follows to complete the order, so its
    plan must be met there (the engine reads a batch ahead to know)."""
    monkeypatch.setattr(readers, "BATCH", 2)
    before = counts()
    path = write(tmp_path, HEAD + ",C000001,一,,,,P1,1,,,,\n"
                 'SO9,C000001,二,,,,P1,1,,,"2026-04-01:500,2026-05-01:1700",\n')  # fmt: skip
    with pytest.raises(Refused) as refused:
        load(shop.admin, path, record_type="orders")
    assert (refused.value.problems[0].row, refused.value.problems[0].column) == (3, "收款计划")
    assert counts() == before


def test_an_existing_code_is_a_duplicate(shop: Team, tmp_path: Path) -> None:
    load(shop.admin, write(tmp_path, PLANNED), record_type="orders")
    before = counts()
    with pytest.raises(Refused) as refused:
        load(shop.admin, write(tmp_path, PLANNED, "again.csv"), record_type="orders")
    assert refused.value.exit_code == 3
    assert "possible duplicate of SO100 年框 (same code)" in refused.value.problems[0].reason
    assert counts() == before
    assert orders(shop.admin, write(tmp_path, PLANNED, "again.csv"), "skip")[0] == (
        "skip",
        "SO100",
        "年框",
    )


def test_an_update_changes_a_drafts_subject_and_dates_only(shop: Team, tmp_path: Path) -> None:
    so.add_order(shop.admin, "C000001", lines=["P1:1"], subject="旧", now=NOW)
    path = write(tmp_path, "订单编号,客户编号,合同名称,应收日期,产品编号,数量\n"
                           "SO000001,C000001,新,2026-05-01,P1,1\n")  # fmt: skip
    assert orders(shop.admin, path, "update") == [("update", "SO000001", "旧")]
    order = so.get_order(shop.admin, "SO000001", now=NOW).order
    assert (order.subject, str(order.due)) == ("新", "2026-05-01")
    other = write(tmp_path, "订单编号,客户编号,产品编号,数量\nSO000001,C000001,P1,2\n", "b.csv")
    with pytest.raises(Refused, match="crm order edit --line changes lines"):
        load(shop.admin, other, record_type="orders", policy="update")


def test_undo_takes_orders_back_and_the_customers_totals_with_them(
    shop: Team, tmp_path: Path
) -> None:
    summary, _ = load(shop.admin, write(tmp_path, PLANNED), record_type="orders")
    done = undo.undo_batch(shop.admin, str(summary.batch), now=NOW)
    assert (done.deleted, done.restored) == (2, 0)
    assert customer_money("C000001") == ("0.00", "0.00", "0.00")
    assert order_lists.list_orders(shop.admin, now=NOW) == []


def test_undo_refuses_once_an_imported_order_took_money(shop: Team, tmp_path: Path) -> None:
    summary, _ = load(shop.admin, write(tmp_path, PLANNED), record_type="orders")
    payments.record_payment(shop.admin, "SO100", "100", now=NOW)
    with pytest.raises(Conflict, match="changed since: SO100 年框; nothing undone"):
        undo.undo_batch(shop.admin, str(summary.batch), now=NOW)
    assert customer_money("C000001") == ("2810.00", "100.00", "2710.00")


def test_an_order_names_its_quote_of_the_same_customer(shop: Team, tmp_path: Path) -> None:
    from crm_cli.store.sales import quotes

    quotes.add_quote(shop.admin, "C000001", ["P1:1"], now=NOW)  # Q000001
    path = write(tmp_path, "订单编号,客户编号,报价单号,产品编号,数量\nSO5,C000001,q000001,P1,1\n")
    assert orders(shop.admin, path) == [("create", "SO5", "")]
    assert so.get_order(shop.admin, "SO5", now=NOW).order.quote == "Q000001"
    other = write(tmp_path, "订单编号,客户编号,报价单号,产品编号,数量\nSO6,C000002,Q000001,P1,1\n")
    with pytest.raises(Refused, match="quote Q000001 is not a quote of customer C000002"):
        load(shop.admin, other, record_type="orders")
