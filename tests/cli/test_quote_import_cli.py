"""`crm quote import FILE [--dry-run]` through the real CLI: encodings, formats, all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

CHINESE = (
    "报价单号,客户,产品,数量,单价,折扣,主题,有效期,联系人\n"
    "A-1,杭州东山科技有限公司,ERP,2,,,年度采购,2099-12-31,张伟\n"
    "A-1,杭州东山科技有限公司,SVC,5,700,10%,,,\n"
    "B-2,C000001,SVC,1,,,,,\n"
)


@pytest.fixture
def shop(staff: Crm) -> Crm:
    staff.ok("product", "add", "ERP", "东山ERP", "--price", "12800")
    staff.ok("product", "add", "SVC", "实施服务", "--price", "800")
    staff.add("杭州东山科技有限公司", "--owner", "wang")
    staff.ok("contact", "add", "C000001", "张伟")
    return staff


def quotes(crm: Crm) -> str:
    return crm.ok("quote", "list", "-f", "json").stdout


def test_gbk_csv_as_excel_writes_it(shop: Crm, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_bytes(CHINESE.encode("gbk"))
    result = shop.ok("quote", "import", str(path), "-f", "json", user="wang")
    done = json.loads(result.stdout)
    assert [(q["code"], q["ref"], q["customer"], q["lines"], q["total"]) for q in done] == [
        ("Q000001", "A-1", "C000001", 2, 28750), ("Q000002", "B-2", "C000001", 1, 800),
    ]  # fmt: skip
    assert "Imported 2 quotes (3 lines)." in result.stderr
    shown = shop.json("quote", "show", "A-1", user="wang")
    assert (shown["subject"], shown["contact"], shown["customer_name"]) == (
        "年度采购",
        "张伟",
        "杭州东山科技有限公司",
    )


def test_utf8_bom_and_stdin(shop: Crm, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_bytes(CHINESE.encode("utf-8-sig"))
    shop.ok("quote", "import", str(path), "--dry-run")
    assert json.loads(quotes(shop)) == []
    result = shop.run(
        "quote",
        "import",
        "-",
        "-f",
        "csv",
        stdin="quote,customer,product,quantity\nS,C000001,ERP,1\n",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("Q000001,S,C000001,")


def test_jsonl_and_xlsx(shop: Crm, tmp_path: Path) -> None:
    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text(
        '{"quote": "J", "customer": "C000001", "product": "ERP", "quantity": 1, "discount": "9折"}\n',
        encoding="utf-8",
    )
    assert shop.json("quote", "import", str(jsonl))[0]["total"] == 11520
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["quote", "customer", "product", "quantity", "price"])
    book.active.append(["X", "杭州东山科技有限公司", "SVC", 2, 99.5])
    book.save(tmp_path / "q.xlsx")
    assert shop.json("quote", "import", str(tmp_path / "q.xlsx"))[0]["total"] == 199


def test_dry_run_prints_what_would_be_created_and_writes_nothing(shop: Crm, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text(CHINESE, encoding="utf-8")
    result = shop.ok("quote", "import", str(path), "--dry-run", "-f", "json")
    assert [(q["code"], q["ref"], q["total"]) for q in json.loads(result.stdout)] == [
        ("", "A-1", 28750),
        ("", "B-2", 800),
    ]
    assert "Would import 2 quotes" in result.stderr
    assert json.loads(quotes(shop)) == []


def test_broken_row_in_the_middle_imports_nothing_and_names_it(shop: Crm, tmp_path: Path) -> None:
    rows = ["quote,customer,product,quantity,price"] + [f"R{n},C000001,ERP,1," for n in range(20)]
    rows[11] = "R10,C000001,ERP,1,12.345"
    rows[15] = "R14,C000009,NOPE,1,"
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = quotes(shop)
    result = shop.run("quote", "import", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: nothing imported: 3 problems in the file",
        "row 12, column price: bad value '12.345' (at most two decimals)",
        "row 16, column customer: bad value 'C000009' (no such customer (code or exact name))",
        "row 16, column product: bad value 'NOPE' (no such product)",
    ]
    assert quotes(shop) == before


def test_reimporting_a_reference_is_refused(shop: Crm, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text(CHINESE, encoding="utf-8")
    shop.ok("quote", "import", str(path))
    before = quotes(shop)
    result = shop.run("quote", "import", str(path))
    assert result.exit_code == 3  # a duplicate: a conflict (CLI.md), as in `crm import quotes`
    assert (
        "row 2, column 报价单号: bad value 'A-1' (already imported as quote Q000001; "
        "--on-duplicate skip, update or create decides)" in result.stderr
    )
    assert quotes(shop) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("q.pdf", b"x", "use a .csv, .xlsx, .jsonl"),
        ("missing.csv", None, "cannot read"),
        ("q.csv", b"quote,customer\nA,B\n", "needs the column(s) product, quantity"),
        ("q.csv", b"\x81\x30\x81", "neither UTF-8 nor GBK"),
        ("q.jsonl", b"[1, 2]\n", "not a JSON object"),
        ("q.xlsx", b"not a zip", "not an .xlsx workbook"),
    ],
)
def test_unreadable_files_fail_with_one_error(
    shop: Crm, tmp_path: Path, name, data, message
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert message in shop.fails(1, "quote", "import", str(path))
    assert json.loads(quotes(shop)) == []


def test_only_customers_you_may_change(shop: Crm, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text("quote,customer,product,quantity\nZ,C000001,ERP,1\n", encoding="utf-8")
    result = shop.run("quote", "import", str(path), user="chen")
    assert result.exit_code == 1 and "no such customer" in result.stderr
    assert json.loads(quotes(shop)) == []
