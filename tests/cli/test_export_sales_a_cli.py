"""`crm export products|quotes` (and `crm product export`, `crm quote export`) through the
real CLI: the headers `crm import` reads, one row per quote line, the list filters,
visibility, CSV (--excel, --encoding gbk), XLSX and JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

QUOTE_HEAD = "报价单编码,报价单号,客户编号,联系人,主题,有效期至,备注,产品编码,数量,单价,折扣"


@pytest.fixture
def shop(staff: Crm) -> Crm:
    staff.ok("product", "add", "ERP", "东山ERP", "--price", "12800", "--cost", "3000",
             "--category", "软件", "--unit", "套", "--annual-fee", "1800")  # fmt: skip
    staff.ok("product", "add", "SVC", "实施服务", "--price", "800", "--category", "服务")
    staff.add("杭州东山科技有限公司", "--owner", "wang")
    staff.add("陈的客户", "--owner", "chen")
    staff.ok("contact", "add", "C000001", "张伟")
    staff.ok("quote", "add", "C000001", "--subject", "年度采购", "--contact", "张伟",
             "--valid-until", "2099-12-31", "--line", "ERP:2", "--line", "SVC:0.5:700:12.5%",
             user="wang")  # fmt: skip
    staff.ok("quote", "add", "C000002", "--line", "SVC:3", user="chen")
    return staff


def test_products_csv_reads_back_under_import_headers(shop: Crm) -> None:
    out = shop.ok("export", "products").stdout
    assert out.splitlines() == [
        "产品编码,产品名称,类别,子类别,单位,单价,成本价,年服务费,备注",
        "ERP,东山ERP,软件,,套,12800.00,3000.00,1800.00,",
        "SVC,实施服务,服务,,,800.00,,,",
    ]
    assert shop.ok("product", "export").stdout == out  # the same command
    assert shop.ok("export", "products", "--category", "服务").stdout.count("\n") == 2
    assert shop.ok("export", "products", "--search", "ERP").stdout.count("\n") == 2
    gbk = shop.ok("export", "products", "--encoding", "gbk").stdout_bytes
    assert gbk.decode("gbk") == out.replace("\n", "\r\n").replace("\r\r", "\r")
    assert shop.ok("export", "products", "--excel").stdout_bytes.startswith(b"\xef\xbb\xbf")


def test_products_jsonl_and_xlsx(shop: Crm, tmp_path: Path) -> None:
    rows = [
        json.loads(line)
        for line in shop.ok("export", "products", "-f", "jsonl").stdout.split("\n")
        if line
    ]
    assert rows[0] == {"code": "ERP", "name": "东山ERP", "category": "软件", "subcategory": "",
                       "unit": "套", "price": 12800, "cost": 3000, "annual_fee": 1800,
                       "notes": ""}  # fmt: skip
    openpyxl = pytest.importorskip("openpyxl")
    shop.ok("product", "export", "-o", str(tmp_path / "p.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["产品"]
    price = sheet["F2"]
    assert (sheet["A2"].value, price.value, price.number_format) == ("ERP", 12800, "#,##0.00")


def test_quotes_one_row_per_line_only_what_the_user_may_see(shop: Crm) -> None:
    out = shop.ok("export", "quotes").stdout.splitlines()
    assert out == [
        QUOTE_HEAD,
        "Q000001,,C000001,CT000001,年度采购,2099-12-31,,ERP,2,12800.00,",
        "Q000001,,C000001,CT000001,年度采购,2099-12-31,,SVC,0.5,700.00,12.5",
        "Q000002,,C000002,,,,,SVC,3,800.00,",
    ]
    mine = shop.ok("quote", "export", user="chen").stdout.splitlines()
    assert mine == [QUOTE_HEAD, "Q000002,,C000002,,,,,SVC,3,800.00,"]
    only = shop.ok("export", "quotes", "--customer", "C000001", "-f", "jsonl").stdout
    assert [json.loads(line)["quantity"] for line in only.splitlines()] == [2, 0.5]
    shop.ok("quote", "audit", "Q000002")
    assert shop.ok("export", "quotes", "--audited").stdout.count("\n") == 2


def test_quote_fields_and_bad_options(shop: Crm, tmp_path: Path) -> None:
    out = shop.ok("export", "quotes", "--fields", "code,customer_name,amount,total").stdout
    assert out.splitlines()[1] == "Q000001,杭州东山科技有限公司,25600.00,25906.25"
    assert "unknown field 'colour'" in shop.fails(1, "export", "quotes", "--fields", "colour")
    shop.ok("quote", "edit", "Q000002", "--subject", "𠮷野家", user="chen")
    error = shop.fails(1, "export", "quotes", "--encoding", "gbk", "-o", str(tmp_path / "q.csv"))
    assert "gbk cannot hold" in error and not (tmp_path / "q.csv").exists()
    assert "vCard holds people" in shop.fails(1, "export", "quotes", "-f", "vcf")
