"""`crm import products|quotes` and `crm product import`, `crm quote import` through the
real CLI: every engine option, batches in `crm import history`, `crm import undo`, and bad
input (one clear line, the exit code of CLI.md, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

PRODUCTS = "产品编码,产品名称,类别,单位,单价,成本价\nERP,东山ERP,软件,套,12800,3000\nSVC,实施服务,服务,人天,800,\n"
QUOTES = (
    "报价单号,客户编号,产品编码,数量,单价,折扣,主题\n"
    "A-1,C000001,ERP,2,,,年度采购\n"
    "B-2,C000001,SVC,1,,9折,\n"
    "A-1,C000001,SVC,5,700,,\n"
)


@pytest.fixture
def shop(staff: Crm, tmp_path: Path) -> Crm:
    path = tmp_path / "p.csv"
    path.write_text(PRODUCTS, encoding="utf-8")
    staff.ok("import", "products", str(path))
    staff.add("杭州东山科技有限公司", "--owner", "wang")
    return staff


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def catalogue(crm: Crm) -> list[tuple[str, float]]:
    return [(p["code"], p["price"]) for p in crm.json("product", "list")]


def test_products_import_as_a_batch_that_undo_takes_back(staff: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", PRODUCTS, "gbk")
    rows = staff.json("import", "products", path)
    assert [(r["row"], r["action"], r["code"], r["name"]) for r in rows] == [
        (2, "create", "ERP", "东山ERP"), (3, "create", "SVC", "实施服务"),
    ]  # fmt: skip
    history = staff.json("import", "history")
    assert [(b["record_type"], b["created"]) for b in history] == [("products", 2)]
    result = staff.ok("import", "undo", str(history[0]["id"]))
    assert "2 deleted, 0 restored" in result.stderr
    assert catalogue(staff) == []
    assert "was undone already" in staff.fails(1, "import", "undo", str(history[0]["id"]))


def test_product_duplicates_and_the_update_alias(shop: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "p.jsonl", '{"code": "ERP", "price": 11000}\n')
    error = shop.fails(3, "import", "products", path)
    assert "row 1, column code: bad value 'ERP' (product exists;" in error
    assert shop.json("import", "products", path, "--on-duplicate", "skip")[0]["action"] == "skip"
    planned = shop.json("product", "import", path, "--update", "--dry-run")
    assert [(r["action"], r["code"], r["price"]) for r in planned] == [("update", "ERP", 11000)]
    assert ("ERP", 12800) in catalogue(shop)
    result = shop.ok("product", "import", path, "--update")
    assert "Imported 1 product. Batch" in result.stderr
    assert ("ERP", 11000) in catalogue(shop)
    assert "--update is --on-duplicate update" in shop.fails(
        1, "product", "import", path, "--update", "--on-duplicate", "skip"
    )


def test_product_options_map_sheet_encoding_rejects_stdin(shop: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "货号,名称,单价,颜色\nNEW,新品,5,红\nBAD,坏,abc,蓝\n", "gbk")
    assert "unknown column '货号', '颜色'" in shop.fails(1, "import", "products", path)
    rejects = tmp_path / "rejects.csv"
    result = shop.run("import", "products", path, "--map", "货号=code", "--ignore-unknown",
                      "--encoding", "gbk", "--rejects", str(rejects))  # fmt: skip
    assert result.exit_code == 1 and "expected a number like 1234.50" in result.stderr
    assert "BAD" in rejects.read_text(encoding="utf-8-sig")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.create_sheet("产品").append(["产品编码", "产品名称", "单价"])
    book["产品"].append(["XL", "表格品", 9.5])
    book.save(tmp_path / "p.xlsx")
    shop.ok("import", "products", str(tmp_path / "p.xlsx"), "--sheet", "产品")
    result = shop.run("import", "products", "-", stdin="code,name,price\nIN,标准输入,1\n")
    assert result.exit_code == 0, result.stderr
    assert {"XL", "IN"} <= {code for code, _ in catalogue(shop)}


def test_sales_users_may_not_import_products(shop: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "code,name,price\nZ,Z,1\n")
    assert "only admins and managers" in shop.fails(5, "import", "products", path, user="wang")


def test_quotes_import_undo_and_history(shop: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", QUOTES)
    rows = shop.json("import", "quotes", path, user="wang")
    assert [(r["row"], r["code"], r["name"], r["customer"]) for r in rows] == [
        (2, "Q000001", "A-1", "C000001"), (3, "Q000002", "B-2", "C000001"),
    ]  # fmt: skip
    shown = shop.json("quote", "show", "A-1", user="wang")
    assert (shown["subject"], shown["total"], len(shown["lines"])) == ("年度采购", 29100, 2)
    batch = shop.json("import", "history", user="wang")[0]
    assert (batch["record_type"], batch["created"], batch["user"]) == ("quotes", 2, "wang")
    shop.ok("import", "undo", str(batch["id"]), user="wang")
    assert shop.json("quote", "list", user="wang") == []


def test_a_reference_in_the_database_is_a_conflict(shop: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", "报价单号,客户编号,产品编码,数量\nA-1,C000001,ERP,1\n")
    shop.ok("import", "quotes", path)
    before = shop.ok("quote", "list", "-f", "json").stdout
    error = shop.fails(3, "import", "quotes", path)
    assert error == (
        "Error: nothing imported: row 2, column 报价单号: bad value 'A-1' (already imported as "
        "quote Q000001; --on-duplicate skip, update or create decides)"
    )
    assert shop.ok("quote", "list", "-f", "json").stdout == before
    updated = write(tmp_path, "u.csv", "报价单号,客户编号,产品编码,数量\nA-1,C000001,SVC,4\n")
    rows = shop.json("quote", "import", updated, "--on-duplicate", "update")
    assert [(r["code"], r["action"], r["lines"], r["total"]) for r in rows] == [
        ("Q000001", "update", 1, 3200)
    ]


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("报价单号,客户编号,产品编码,数量\nA,C000001,NOPE,1\n", 1,
         "row 2, column 产品编码: bad value 'NOPE' (no such product)"),
        ("报价单号,客户编号,产品编码,数量\nA,C000009,ERP,1\n", 1,
         "row 2, column 客户编号: bad value 'C000009' (no such customer (code or exact name))"),
        ("报价单号,客户编号,产品编码\nA,C000001,ERP\n", 1, "needs the column(s) quantity"),
        ("报价单号,客户编号,产品编码,数量,主题,主题\nA,C000001,ERP,1,x,y\n", 1,
         "columns '主题' and '主题' are both 'subject'"),
    ],
)  # fmt: skip
def test_bad_quote_files_write_nothing(
    shop: Crm, tmp_path: Path, text: str, code: int, message: str
) -> None:
    path = write(tmp_path, "q.csv", text)
    assert message in shop.fails(code, "import", "quotes", path)
    assert shop.json("quote", "list") == [] and shop.json("import", "history")[0][
        "record_type"
    ] == ("products")


def test_quote_import_dry_run_keeps_its_output(shop: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", QUOTES)
    result = shop.ok("quote", "import", path, "--dry-run", "-f", "json")
    planned = json.loads(result.stdout)
    assert [(q["code"], q["ref"], q["lines"], q["total"]) for q in planned] == [
        ("", "A-1", 2, 29100), ("", "B-2", 1, 720),
    ]  # fmt: skip
    assert "Would import 2 quotes (3 lines)." in result.stderr
    assert shop.json("quote", "list") == []
