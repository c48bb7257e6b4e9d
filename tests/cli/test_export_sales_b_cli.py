"""`crm export opportunities|orders|receipts` (issue 12): the list commands' filters,
visibility, CSV (--excel, --encoding gbk), XLSX and JSON Lines, --output, --fields, and
`crm opportunity export` / `crm order export`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Crm


@pytest.fixture
def deals(staff: Crm) -> Crm:
    """wang's customer C000001 with an open and a lost opportunity, an approved order of
    two lines (a plan of two) with two receipts and a draft; chen's C000002 with one of
    each."""
    crm = staff
    crm.add("杭州东山科技", "--owner", "wang")
    crm.add("宁波北仑贸易", "--owner", "chen")
    crm.ok("product", "add", "P1", "软件", "--price", "1000")
    crm.ok("product", "add", "P2", "维保", "--price", "200")
    crm.ok("opportunity", "add", "C000001", "--amount", "120000", "-p", "60", "--product",
           "ERP", "--stage", "需求确认", "--close", "+2m")  # fmt: skip
    crm.ok("opportunity", "add", "C000001", "--amount", "500", "-p", "40", "--product", "CRM")
    crm.ok("opportunity", "lose", "OP000002", "--reason", "价格太高")
    crm.ok("opportunity", "add", "C000002", "--amount", "900", "-p", "50", "--product", "MES")
    crm.ok("order", "add", "C000001", "--line", "P1:2", "--line", "P2:1.5:180:10%",
           "--signed", "2026-01-05", "--installments", "2", "--subject", "年框")  # fmt: skip
    crm.ok("order", "add", "C000001", "--line", "P1:1")
    crm.ok("order", "add", "C000002", "--line", "P2:1")
    for code in ("SO000001", "SO000003"):
        crm.ok("order", "submit", code)
        crm.ok("order", "approve", code)
    crm.ok("pay", "SO000001", "--amount", "1000", "--date", "2026-01-20", "--method", "银行")
    crm.ok("pay", "SO000003", "--amount", "200")
    return crm


def out(crm: Crm, *args: str, user: str = "admin") -> str:
    return crm.ok("export", *args, user=user).stdout


def test_csv_headers_are_the_importers_and_rows_come_in_code_order(deals: Crm) -> None:
    lines = out(deals, "opportunities").splitlines()
    assert (
        lines[0]
        == "商机编号,客户编号,商机名称,联系人,描述,预计金额,成功率,阶段,预计成交日期,状态,结束日期,输单原因"
    )
    assert [line.split(",")[0] for line in lines[1:]] == ["OP000001", "OP000002", "OP000003"]
    assert lines[2].split(",")[9:] == ["lost", lines[2].split(",")[10], "价格太高"]
    orders = out(deals, "orders").splitlines()
    assert orders[0].startswith("订单编号,客户编号,合同名称,签约日期,应收日期,状态,原因,订单类型")
    assert [line.split(",")[0] for line in orders[1:]] == ["SO000001", "SO000001", "SO000002",
                                                          "SO000003"]  # fmt: skip
    assert ",P2,1.5,180.00,10" in orders[2]  # a quantity and discount as `--line` takes them
    receipts = out(deals, "receipts").splitlines()
    assert receipts[0] == "收款单号,订单编号,客户编号,收款日期,收款金额,付款方式,期数,备注,经手人"
    assert receipts[1] == "R000001,SO000001,C000001,2026-01-20,1000.00,银行,1,,admin"


def test_the_list_filters_narrow_an_export(deals: Crm) -> None:
    assert len(out(deals, "opportunities", "--status", "lost").splitlines()) == 2
    assert len(out(deals, "orders", "--status", "approved").splitlines()) == 4  # 3 lines
    assert len(out(deals, "orders", "--customer", "C000002").splitlines()) == 2
    assert out(deals, "receipts", "--order", "SO000003").splitlines()[1].startswith("R000002,")
    line = deals.fails(1, "export", "opportunities", "--status", "maybe")
    assert "unknown status 'maybe'" in line


def test_a_sales_user_exports_only_what_they_may_see(deals: Crm) -> None:
    mine = out(deals, "orders", "-f", "jsonl", user="wang").splitlines()
    assert {json.loads(line)["customer"] for line in mine} == {"C000001"}
    assert "C000002" not in out(deals, "receipts", user="wang")
    assert "MES" not in out(deals, "opportunities", user="wang")
    assert "MES" in out(deals, "opportunities", user="chen")


def test_json_lines_carry_english_keys_and_exact_money(deals: Crm) -> None:
    first = json.loads(out(deals, "orders", "-f", "jsonl").splitlines()[0])
    assert (first["plan"].count(":"), first["total"], first["quantity"]) == (2, 2243.0, 2)
    receipt = json.loads(out(deals, "receipts", "-f", "jsonl").splitlines()[0])
    assert receipt == {"code": "R000001", "order": "SO000001", "customer": "C000001",
                       "paid_on": "2026-01-20", "amount": 1000.0, "method": "银行",
                       "installment": 1, "note": "", "user": "admin"}  # fmt: skip


def test_excel_gbk_output_and_the_noun_commands(deals: Crm, tmp_path: Path) -> None:
    assert deals.ok("opportunity", "export", "--excel").stdout_bytes.startswith(b"\xef\xbb\xbf")
    gbk = deals.ok("order", "export", "--encoding", "gbk").stdout_bytes
    assert "年框".encode("gbk") in gbk
    target = tmp_path / "收款.csv"
    result = deals.ok("export", "receipts", "--output", str(target))
    assert result.stdout == "" and "Exported 2 receipts" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("收款单号")
    line = deals.fails(1, "export", "orders", "-f", "vcf")
    assert "vCard holds people" in line


def test_xlsx_types_codes_dates_and_money(deals: Crm, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    deals.ok("export", "orders", "-o", str(tmp_path / "o.xlsx"))
    sheet = load_workbook(tmp_path / "o.xlsx").worksheets[0]
    assert (sheet.title, sheet.freeze_panes) == ("订单", "A2")
    row = {h.value: c for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert (row["订单编号"].value, row["订单编号"].number_format) == ("SO000001", "@")
    assert str(row["签约日期"].value)[:10] == "2026-01-05"
    assert (row["订单金额"].value, row["订单金额"].number_format) == (2243, "#,##0.00")


def test_fields_add_what_lists_show(deals: Crm) -> None:
    text = out(deals, "orders", "--fields", "code,product,amount,balance,owner")
    assert text.splitlines()[1] == "SO000001,P1,2000.00,1243.00,wang"
    line = deals.fails(1, "export", "receipts", "--fields", "code,nonsense")
    assert "unknown field 'nonsense'" in line
