"""`crm quote print REF --format xlsx` (issue 17, point 3): the 报价单 workbook, read back
with openpyxl: our company, the customer, code and date, the lines with VAT, money as
numbers in a 0.00 format written digit for digit, totals, 大写金额, validity and notes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook

from crm_cli.cli import app

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

HEADERS = ["序号", "产品名称", "规格型号", "单位", "数量", "单价(含税)", "折扣", "税率",
           "不含税金额", "税额", "价税合计"]  # fmt: skip


@pytest.fixture
def shop(crm: Crm) -> Crm:
    crm.ok("product", "add", "SRV-1", "服务器", "--price", "11300", "--unit", "台")
    crm.ok("product", "add", "SVC", "=实施服务", "--price", "1000", "--tax-rate", "6")
    crm.add("甲方科技有限公司", "--city", "杭州", "--address", "文一路1号")
    for key, value in (("company.name", "云帆软件有限公司"), ("company.address", "杭州市西湖区"),
                       ("company.tax_number", "91330100MA27XYZ12K"),
                       ("company.bank", "工商银行杭州分行"), ("company.account", "1202021234567890123")):  # fmt: skip
        crm.ok("config", "set", key, value)
    crm.ok("quote", "add", "C000001", "--line", "SRV-1:2", "--line", "SVC:3::10%",
           "--valid-until", "2099-12-31", "--notes", "含运费及安装")  # fmt: skip
    return crm


def _cells(path: Path) -> tuple[Any, dict[Any, tuple[int, int]]]:
    """The sheet, and where each text value sits (row, column)."""
    ws = load_workbook(path).active
    where = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                where.setdefault(cell.value, (cell.row, cell.column))
    return ws, where


def test_workbook_is_a_quotation_sheet(shop: Crm, tmp_path: Path) -> None:
    out = tmp_path / "Q000001.xlsx"
    result = shop.ok("quote", "print", "Q000001", "--format", "xlsx", "-o", str(out))
    assert result.stdout == "" and str(out) in result.stderr
    ws, where = _cells(out)
    assert ws.title == "Q000001" and ws["A1"].value == "报价单"
    for text in ("云帆软件有限公司", "杭州市西湖区", "91330100MA27XYZ12K", "工商银行杭州分行",
                 "1202021234567890123", "甲方科技有限公司 (C000001)", "杭州 文一路1号", "Q000001",
                 "人民币贰万伍仟叁佰元整"):  # fmt: skip
        assert text in where, text
    date_row = where["日期 Date"][0]
    assert ws.cell(date_row, 3).value == dt.datetime.combine(dt.date.today(), dt.time())
    assert ws.cell(date_row, 3).number_format == "yyyy-mm-dd"
    valid = ws.cell(where["有效期至 Valid until"][0], 3)
    assert valid.value == dt.datetime(2099, 12, 31)
    assert any("2099-12-31" in str(v) for v in where) and "备注 Notes: 含运费及安装" in where
    header = where["序号"][0]
    assert [ws.cell(header, c).value for c in range(1, 12)] == HEADERS
    first, second = ([ws.cell(header + n, c) for c in range(1, 12)] for n in (1, 2))
    assert [c.value for c in first] == [1, "服务器", "SRV-1", "台", 2, 11300, None, 0.13, 20000,
                                        2600, 22600]  # fmt: skip
    assert [c.value for c in second] == [2, "=实施服务", "SVC", None, 3, 1000, 0.1, 0.06, 2547.17,
                                         152.83, 2700]  # fmt: skip
    assert second[1].data_type == "s"  # a name starting with = stays text
    for cell in (*first[5:6], *first[8:], *second[8:]):
        assert cell.data_type == "n" and cell.number_format == "0.00", cell.coordinate
    assert (first[7].number_format, second[6].number_format) == ("0%", "0%")
    totals = where["合计"][0]
    assert [ws.cell(totals, c).value for c in (9, 10, 11)] == [22547.17, 2752.83, 25300]
    assert ws.cell(totals, 11).number_format == "0.00"


def test_money_is_written_digit_for_digit(crm: Crm, tmp_path: Path) -> None:
    # Past 10^11 a float written with 16 digits shows noise (952547762549.4301).
    crm.ok("product", "add", "BIG", "大项目", "--price", "952547762549.43", "--tax-rate", "0")
    crm.add("甲方科技有限公司")
    crm.ok("quote", "add", "C000001", "--line", "BIG:1")
    out = tmp_path / "big.xlsx"
    crm.ok("quote", "print", "Q000001", "-f", "xlsx", "-o", str(out))
    with zipfile.ZipFile(out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    numbers = set(re.findall(r"<v>([0-9.]+)</v>", sheet))
    assert "952547762549.43" in numbers and not any(n.startswith("952547762549.4") and
                                                     n != "952547762549.43" for n in numbers)  # fmt: skip
    ws, where = _cells(out)
    row = where["合计"][0]
    assert Decimal(repr(ws.cell(row, 11).value)) == Decimal("952547762549.43")


def test_prices_excluding_vat_are_labelled_so(shop: Crm, tmp_path: Path) -> None:
    shop.ok("config", "set", "tax.prices_include", "false")
    shop.ok("quote", "add", "C000001", "--line", "SRV-1:1:10000")
    out = tmp_path / "q2.xlsx"
    shop.ok("quote", "print", "Q000002", "-f", "xlsx", "-o", str(out))
    ws, where = _cells(out)
    assert "单价(不含税)" in where
    row = where["合计"][0]
    assert [ws.cell(row, c).value for c in (9, 10, 11)] == [10000, 1300, 11300]


def test_without_output_a_pipe_gets_the_bytes(shop: Crm) -> None:
    # Not through Crm.run, which reads stdout as text.
    result = shop.runner.invoke(
        app,
        ["quote", "print", "Q000001", "-f", "xlsx"],
        env={"CRM_DATABASE_URL": shop.db_url, "CRM_CONFIG_DIR": str(shop.config_dir),
             "CRM_DATA_DIR": str(shop.tmp_path / "data"), "CRM_USER": "admin"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert load_workbook(io.BytesIO(result.stdout_bytes)).active["A1"].value == "报价单"


def test_a_terminal_gets_no_binary(shop: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_cli.commands import _quote_output

    terminal = SimpleNamespace(stdout=SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(_quote_output, "sys", terminal)
    line = shop.fails(1, "quote", "print", "Q000001", "-f", "xlsx")
    assert line == "Error: an xlsx workbook is not for the terminal: give --output FILE"
    shop.fails(1, "quote", "print", "Q000001", "-f", "pdf")
