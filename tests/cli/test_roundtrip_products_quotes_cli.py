"""The round trip of products and quotes (issue 12): exported from a database of varied
data, imported into an EMPTY database (after the customers, contacts and products the
quotes name), exported again: byte for byte for CSV and JSON Lines, cell by cell (values
and number formats) for XLSX.

Quotes made by `crm quote add` have no reference: the export's 报价单编码 (the code)
groups their lines again, and the code is kept. A quote's valid-until must not be in the
past (the rule `quote add` has), so the varied data keeps it ahead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Crm
from test_export_roundtrip_cli import cells, prepare

QUOTES = (
    "报价单号,客户编号,产品编码,数量,单价,折扣,主题,有效期至,联系人,备注\n"
    'R-1,C000001,ERP,2,,,"年度采购, 含实施",2099-12-31,CT000001,"第一行\n第二行"\n'
    "R-2,C000002,SVC,0.125,10.10,9折,=SUM(A1),,,\n"
    "R-1,C000001,SVC,3,799.99,12.5%,,,,\n"
)


def fill(crm: Crm, tmp_path: Path) -> None:
    """Products with and without cost and fees; quotes added and imported, with a
    contact, fractions, discounts, formulas, commas and line breaks."""
    crm.ok("product", "add", "ERP", "东山ERP 标准版", "--price", "12800", "--cost", "3000",
           "--category", "软件", "--subcategory", "管理", "--unit", "套",
           "--annual-fee", "1800.50")  # fmt: skip
    crm.ok("product", "add", "SVC", "实施服务", "--price", "800", "--unit", "人天",
           "--notes", "按人天计\n不含差旅")  # fmt: skip
    crm.ok("product", "add", "0012", "'=配件", "--price", "0.01")
    crm.add("深圳华强电子有限公司", "--owner", "wang")
    crm.add("𠮷野家餐饮管理(上海)有限公司", "--owner", "chen")
    crm.ok("contact", "add", "C000001", "欧阳娜娜", "--mobile", "13800138000")
    crm.ok("quote", "add", "C000002", "--subject", "门店设备", "--line", "0012:1000",
           "--line", "ERP:1:9999.99:5%", "--valid-until", "2099-01-31")  # fmt: skip
    path = tmp_path / "quotes.csv"
    path.write_text(QUOTES, encoding="utf-8")
    crm.ok("import", "quotes", str(path))
    crm.ok("quote", "add", "C000001", "--line", "SVC:1", "--notes", "-1+2")


def export(crm: Crm, what: str, path: Path) -> Path:
    crm.ok("export", what, "--output", str(path))
    return path


def same(first: Path, second: Path) -> None:
    if first.suffix == ".xlsx":
        assert cells(first) == cells(second)
    else:
        assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_products_and_quotes_come_back_unchanged(crm: Crm, tmp_path: Path, suffix: str) -> None:
    prepare(crm)
    fill(crm, tmp_path)
    files = {what: export(crm, what, tmp_path / f"{what}{suffix}")
             for what in ("customers", "contacts", "products", "quotes")}  # fmt: skip
    folder = tmp_path / "empty"
    folder.mkdir()
    target = Crm(folder)
    target.ok("user", "list")
    prepare(target)
    for what, path in files.items():
        target.ok("import", what, str(path))
    for what in ("products", "quotes"):
        same(files[what], export(target, what, tmp_path / f"again-{what}{suffix}"))
    # Not two empty files: every product and quote made the trip, with their totals.
    before = [(q["code"], q["ref"], q["total"]) for q in crm.json("quote", "list")]
    after = [(q["code"], q["ref"], q["total"]) for q in target.json("quote", "list")]
    assert sorted(after) == sorted(before) and len(after) == 4
    assert [p["code"] for p in target.json("product", "list")] == ["0012", "ERP", "SVC"]
