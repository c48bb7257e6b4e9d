"""The round trip of opportunities, orders and receipts (issue 12): exported from a
database of varied deals, imported into an EMPTY database (after the customers, contacts
and products they need, through `crm import` too), exported again: the same file, byte
for byte for CSV and JSON Lines, cell by cell for XLSX.

The varied data: open, won and lost opportunities (contacts, stages, text with commas and
line breaks); orders in every status of the workflow, with discounts, fractional
quantities, a payment plan and one without, a formula-looking subject; receipts on an
installment, split over two, and on an order as a whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Crm
from test_export_roundtrip_cli import cells, same

USERS = (("li", "manager", None), ("wang", "sales", "li"), ("chen", "sales", None))
KINDS = ("customers", "contacts", "products", "opportunities", "orders", "receipts")


def prepare(crm: Crm) -> None:
    for login, role, boss in USERS:
        crm.ok("user", "add", login, "--role", role, *(("--supervisor", boss) if boss else ()))


def fill(crm: Crm) -> None:
    crm.add("深圳华强电子有限公司", "--owner", "wang", "--phone", "0755-26770000")
    crm.add("宁波北仑贸易", "--owner", "chen")
    crm.add("个体户王五")
    crm.ok("contact", "add", "C000001", "欧阳娜娜", "--mobile", "13800138000")
    crm.ok("contact", "add", "C000002", "张伟")
    crm.ok("product", "add", "P1", "ERP 软件", "--price", "1000")
    crm.ok("product", "add", "P2", "年度维保", "--price", "200", "--annual-fee", "50")
    crm.ok("product", "add", "P3", "线缆", "--price", "0.5", "--unit", "m")
    _opportunities(crm)
    _orders(crm)
    _receipts(crm)


def _opportunities(crm: Crm) -> None:
    add = ("opportunity", "add")
    crm.ok(*add, "C000001", "--amount", "120000", "-p", "60", "--product", "ERP 升级",
           "--stage", "需求确认", "--close", "+2m", "--contact", "欧阳娜娜",
           "--description", '一期: 财务, "供应链"\n二期待定')  # fmt: skip
    crm.ok(*add, "C000002", "--amount", "5000.5", "-p", "35", "--product", "维保续签")
    crm.ok("opportunity", "lose", "OP000002", "--reason", "价格太高, 转竞品")
    crm.ok(*add, "C000001", "--amount", "800", "-p", "90", "--product", "培训", "--contact",
           "CT000001")  # fmt: skip
    crm.ok("opportunity", "win", "OP000003", "--date", "2026-01-15")
    crm.ok(*add, "C000003", "--amount", "1", "-p", "30")  # no name, no stage


def _orders(crm: Crm) -> None:
    add = ("order", "add")
    crm.ok(*add, "C000001", "--line", "P1:2", "--line", "P2:1.5:180:12.5%", "--subject",
           "年框, 一期", "--signed", "2026-01-05", "--due", "2026-02-05", "--installments",
           "2", "--notes", "合同原件\n已归档")  # fmt: skip
    crm.ok(*add, "C000002", "--line", "P3:0.125", "--subject", "=SUM(A1)")  # formula-looking
    crm.ok(*add, "C000001", "--line", "P1:1:950")
    crm.ok(*add, "C000002", "--line", "P2:3")
    crm.ok(*add, "C000003", "--line", "P3:1000")
    crm.ok(*add, "C000002", "--line", "P1:1")
    for code in ("SO000001", "SO000003", "SO000004", "SO000006"):
        crm.ok("order", "submit", code)
    for code in ("SO000001", "SO000003"):
        crm.ok("order", "approve", code)
    crm.ok("order", "reject", "SO000004", "--reason", "折扣过大")
    crm.ok("order", "cancel", "SO000005", "--reason", "客户撤单")


def _receipts(crm: Crm) -> None:
    crm.ok("pay", "SO000001", "--amount", "500", "--date", "2026-01-20", "--method", "银行",
           "--note", "首付")  # fmt: skip
    crm.ok("pay", "SO000001", "--amount", "1500", "--date", "2026-02-01")  # over two
    crm.ok("pay", "SO000003", "--amount", "950", "--date", "2026-02-02", "--method", "现金")


@pytest.fixture
def source(crm: Crm) -> Crm:
    prepare(crm)
    fill(crm)
    return crm


def fresh(tmp_path: Path) -> Crm:
    folder = tmp_path / "fresh"
    folder.mkdir()
    crm = Crm(folder)
    crm.ok("user", "list")  # admin, as in the source
    prepare(crm)
    return crm


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_deals_come_back_unchanged(source: Crm, tmp_path: Path, suffix: str) -> None:
    files = {kind: tmp_path / f"{kind}{suffix}" for kind in KINDS}
    for kind, path in files.items():
        source.ok("export", kind, "--output", str(path))
    target = fresh(tmp_path)
    assert target.json("order", "list") == []
    for kind, path in files.items():
        target.ok("import", kind, str(path))
    for kind in KINDS[3:]:
        again = tmp_path / f"{kind}-again{suffix}"
        target.ok("export", kind, "--output", str(again))
        same(files[kind], again)
    # Not empty files agreeing: every deal made the trip, with its money.
    assert [o["code"] for o in target.json("opportunity", "list")] == [
        "OP000004", "OP000003", "OP000002", "OP000001"]  # fmt: skip
    orders = {o["code"]: (o["status"], o["total"], o["received"]) for o in
              target.json("order", "list")}  # fmt: skip
    assert orders == {o["code"]: (o["status"], o["total"], o["received"]) for o in
                      source.json("order", "list")}  # fmt: skip
    assert orders["SO000001"] == ("approved", 2236.25, 2000.0)
    target.ok("db", "check")  # totals equal the sum of receipts, installments their order …
    for ref in ("C000001", "C000002"):
        keys = ("total_ordered", "total_received", "balance_owed", "last_order")
        assert {k: target.json("customer", "show", ref)[k] for k in keys} == {
            k: source.json("customer", "show", ref)[k] for k in keys}  # fmt: skip


def test_the_xlsx_export_types_its_cells(source: Crm, tmp_path: Path) -> None:
    source.ok("export", "receipts", "--output", str(tmp_path / "r.xlsx"))
    rows = cells(tmp_path / "r.xlsx")
    assert rows[1][0] == ("R000001", "@")
    assert rows[1][4] == (500, "#,##0.00")
