"""Opportunities through the import engine (issue 12, OPP-1): `add`'s rules row by row,
duplicates by code or by customer and name, updates of open ones, and undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import Conflict
from crm_cli.store.customers import contacts as ct
from crm_cli.store.customers import customers as cs
from crm_cli.store.imports import models as im
from crm_cli.store.imports import undo
from crm_cli.store.imports.engine import Refused
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities as op
from tests.conftest import Team
from tests.store.test_import_customers import NOW, load, write

HEAD = "客户名称,商机名称,预计金额,成功率,阶段,预计成交日期,状态,结束日期,输单原因,联系人\n"


@pytest.fixture
def shop(team: Team) -> Team:
    cs.add_customer(team.admin, "杭州东山科技", {"owner": "wang"}, now=NOW)  # C000001
    cs.add_customer(team.admin, "宁波北仑贸易", {"owner": "chen"}, now=NOW)  # C000002
    ct.add_contact(team.admin, "C000001", "李娜", {}, now=NOW)
    return team


def counts() -> tuple[int, ...]:
    """What a refused import must leave as it was."""
    tables = (sm.Opportunity, m.OpLog, im.ImportBatch, im.ImportItem)
    return tuple(t.select().count() for t in tables) + tuple(
        s.value for s in m.Sequence.select().order_by(m.Sequence.name)
    )


def opportunities(actor: object, path: str, policy: str = "fail") -> list[tuple[str, str]]:
    _, rows = load(actor, path, record_type="opportunities", policy=policy)  # type: ignore[arg-type]
    return [(r.action, r.code) for r in rows]


def test_rows_become_opportunities_as_add_makes_them(shop: Team, tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "杭州东山科技,ERP 升级,120000,60,需求确认,2026-06-30,,,,李娜\n"
                 "C000002,年度维保,8000.50,10,,,输单,2026-02-01,价格太高,\n"
                 "C000001,CRM,5000,35,,,赢单,,,\n")  # fmt: skip
    assert opportunities(shop.admin, path) == [("create", "OP000001"), ("create", "OP000002"),
                                               ("create", "OP000003")]  # fmt: skip
    erp = op.get_opportunity(shop.admin, "OP000001")
    assert (erp.customer, erp.owner, erp.contact, erp.product) == ("C000001", "wang", "李娜",
                                                                   "ERP 升级")  # fmt: skip
    assert (str(erp.amount), erp.probability, erp.stage, str(erp.close_date)) == (
        "120000.00",
        60,
        "需求确认",
        "2026-06-30",
    )
    lost = op.get_opportunity(shop.admin, "OP000002")
    assert (lost.status, str(lost.closed_on), lost.reason, lost.owner) == (
        "lost",
        "2026-02-01",
        "价格太高",
        "chen",
    )
    won = op.get_opportunity(shop.admin, "OP000003")
    assert (won.status, won.closed_on) == ("won", NOW.date())  # closed today when not given
    assert m.OpLog.select().where(m.OpLog.entity == "opportunity").count() == 3


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("C000001,ERP,100,20,,,,,,", "成功率", "probability 20% is below the minimum of 30%"),
    ("C000001,ERP,100,50,,2026-01-01,,,,", "预计成交日期", "expected close date 2026-01-01 is in the past"),
    ("C000001,ERP,100,50,,,输单,,,", "状态", "a lost opportunity needs its reason"),
    ("C000001,ERP,0,50,,,,,,", "预计金额", "must be more than zero"),
    ("C000001,ERP,100,50,,,赢单,2026-09-01,,", "结束日期", "closing date 2026-09-01 is in the future"),
    ("C000001,ERP,100,50,,,,,,王五", "联系人", "no contact '王五' at customer C000001"),
    ("无此客户,ERP,100,50,,,,,,", "客户名称", "no customer '无此客户'"),
    ("C000001,ERP,,50,,,,,,", "预计金额", "a new opportunity needs its amount"),
])  # fmt: skip
def test_a_row_add_would_refuse_refuses_the_file(
    shop: Team, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    before = counts()
    with pytest.raises(Refused) as refused:
        load(shop.admin, write(tmp_path, HEAD + row + "\n"), record_type="opportunities")
    problem = refused.value.problems[0]
    assert (problem.column, refused.value.exit_code) == (column, 1)
    assert reason in problem.reason
    assert counts() == before


def test_a_sales_user_imports_only_for_customers_they_may_change(
    shop: Team, tmp_path: Path
) -> None:
    path = write(tmp_path, "customer,name,amount,probability\nC000002,ERP,100,50\n")
    with pytest.raises(Refused, match="no customer 'C000002'"):  # chen's: wang cannot see it
        load(shop.wang, path, record_type="opportunities")
    cs.edit_customer(shop.admin, "C000002", {"is_public": "yes"})
    with pytest.raises(Refused, match="you may not add opportunities to customer C000002"):
        load(shop.wang, path, record_type="opportunities")
    assert opportunities(shop.chen, path) == [("create", "OP000001")]


def test_the_same_customer_and_name_is_a_duplicate(shop: Team, tmp_path: Path) -> None:
    op.add_opportunity(shop.admin, "C000001", amount="100", probability=50, product="ERP", now=NOW)
    path = write(tmp_path, "customer,name,amount,probability\nC000001,erp,200,50\n"
                           "C000002,ERP,300,50\nC000002,ERP,400,50\n")  # fmt: skip
    with pytest.raises(Refused) as refused:
        load(shop.admin, path, record_type="opportunities")
    assert refused.value.exit_code == 3
    assert [p.row for p in refused.value.problems] == [2, 4]
    assert (
        "possible duplicate of OP000001 ERP (same customer and name)"
        in refused.value.problems[0].reason
    )
    assert opportunities(shop.admin, path, "skip") == [("skip", ""), ("create", "OP000002"),
                                                       ("skip", "")]  # fmt: skip


def test_an_update_changes_only_the_files_columns_of_an_open_one(
    shop: Team, tmp_path: Path
) -> None:
    op.add_opportunity(shop.admin, "C000001", amount="100", probability=50, product="ERP",
                       stage="初步接触", now=NOW)  # fmt: skip
    op.add_opportunity(shop.admin, "C000001", amount="100", probability=50, product="CRM", now=NOW)
    op.lose_opportunity(shop.admin, "OP000002", reason="预算取消", now=NOW)
    path = write(tmp_path, "商机编号,客户编号,预计金额\nOP000001,C000001,999\n")
    assert opportunities(shop.admin, path, "update") == [("update", "OP000001")]
    erp = op.get_opportunity(shop.admin, "OP000001")
    assert (str(erp.amount), erp.stage, erp.probability) == ("999.00", "初步接触", 50)
    closed = write(tmp_path, "商机编号,客户编号,预计金额\nOP000002,C000001,999\n")
    with pytest.raises(Refused, match="opportunity OP000002 is lost; reopen it to change it"):
        load(shop.admin, closed, record_type="opportunities", policy="update")


def test_codes_are_kept_and_the_counter_moves_past_them(shop: Team, tmp_path: Path) -> None:
    path = write(tmp_path, "商机编号,客户编号,商机名称,预计金额,成功率\nOP000041,C000001,A,1,50\n"
                           ",C000001,B,1,50\n")  # fmt: skip
    assert opportunities(shop.admin, path) == [("create", "OP000041"), ("create", "OP000042")]
    made = op.add_opportunity(shop.admin, "C000001", amount="1", probability=50, now=NOW)
    assert made.code == "OP000043"


def test_undo_deletes_what_it_made_and_restores_what_it_changed(shop: Team, tmp_path: Path) -> None:
    op.add_opportunity(shop.admin, "C000001", amount="100", probability=50, product="ERP", now=NOW)
    path = write(
        tmp_path, "customer,name,amount,probability\nC000001,ERP,250,70\nC000001,MES,1,50\n"
    )
    summary, _ = load(shop.admin, path, record_type="opportunities", policy="update")
    done = undo.undo_batch(shop.admin, str(summary.batch), now=NOW)
    assert (done.deleted, done.restored) == (1, 1)
    assert [o.code for o in op.list_opportunities(shop.admin, now=NOW)] == ["OP000001"]
    erp = op.get_opportunity(shop.admin, "OP000001")
    assert (str(erp.amount), erp.probability) == ("100.00", 50)


def test_undo_refuses_when_an_opportunity_changed_since(shop: Team, tmp_path: Path) -> None:
    path = write(tmp_path, "customer,name,amount,probability\nC000001,ERP,250,70\n")
    summary, _ = load(shop.admin, path, record_type="opportunities")
    op.win_opportunity(shop.admin, "OP000001", now=NOW)
    with pytest.raises(Conflict, match="changed since: OP000001 ERP"):
        undo.undo_batch(shop.admin, str(summary.batch), now=NOW)
    assert op.get_opportunity(shop.admin, "OP000001").status == "won"
