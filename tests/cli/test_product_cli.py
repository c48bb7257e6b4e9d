"""`crm product …` and `crm pricebook …` (PRD-1) through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


def catalogue(crm: Crm) -> tuple[str, str, str]:
    """Everything about products and price books, to prove a refusal changed nothing."""
    return (
        crm.ok("product", "list", "-f", "json").stdout,
        crm.ok("product", "list", "--deleted", "-f", "json").stdout,
        crm.ok("pricebook", "list", "-f", "json").stdout,
    )


@pytest.fixture
def shop(staff: Crm) -> Crm:
    staff.ok("product", "add", "erp-std", "东山ERP标准版", "--price", "12800", "--cost", "3000",
             "--category", "软件", "--unit", "套", "--annual-fee", "1800")  # fmt: skip
    staff.ok("product", "add", "SVC", "实施服务", "--price", "800", "--category", "服务")
    return staff


def test_add_prints_the_product_with_exact_money(shop: Crm) -> None:
    row = shop.json("product", "show", "erp-std")
    assert (row["code"], row["unit"], row["category"]) == ("ERP-STD", "套", "软件")
    assert shop.ok("product", "show", "ERP-STD", "-f", "json").stdout.count("12800.00") == 1
    assert (row["cost"], row["annual_fee"], row["deleted"]) == (3000, 1800, False)


def test_list_filters_and_formats(shop: Crm) -> None:
    assert [p["code"] for p in shop.json("product", "list", user="chen")] == ["ERP-STD", "SVC"]
    assert [p["code"] for p in shop.json("product", "list", "--category", "服务")] == ["SVC"]
    assert [p["code"] for p in shop.json("product", "list", "--search", "erp")] == ["ERP-STD"]
    lines = shop.ok("product", "list", "-f", "csv").stdout.splitlines()
    assert lines[0] == "code,name,category,subcategory,unit,price,cost,annual_fee"
    assert lines[1] == "ERP-STD,东山ERP标准版,软件,,套,12800.00,3000.00,1800.00"


def test_edit_and_soft_delete(shop: Crm) -> None:
    assert shop.json("product", "edit", "SVC", "--price", "750.5", user="li")["price"] == 750.5
    shop.ok("product", "delete", "SVC", "--yes", user="li")
    assert [p["code"] for p in shop.json("product", "list")] == ["ERP-STD"]
    assert shop.json("product", "show", "SVC")["deleted"] is True
    shop.fails(3, "product", "add", "svc", "Again", "--price", "1")
    shop.ok("product", "restore", "SVC")
    assert [p["code"] for p in shop.json("product", "list")] == ["ERP-STD", "SVC"]


@pytest.mark.parametrize(
    ("code", "args", "user"),
    [
        (1, ["product", "add", "X", "Thing", "--price", "-5"], "admin"),
        (1, ["product", "add", "X", "Thing", "--price", "1.234"], "admin"),
        (1, ["product", "add", "X", "Thing", "--price", "abc"], "admin"),
        (1, ["product", "add", "A B", "Thing", "--price", "1"], "admin"),
        (3, ["product", "add", "ERP-STD", "Same", "--price", "1"], "admin"),
        (5, ["product", "add", "X", "Thing", "--price", "1"], "wang"),
        (5, ["product", "edit", "SVC", "--price", "1"], "chen"),
        (5, ["product", "delete", "SVC", "--yes"], "zhao"),
        (4, ["product", "edit", "NOPE", "--price", "1"], "admin"),
        (1, ["product", "edit", "SVC"], "admin"),
        (1, ["product", "delete", "SVC"], "admin"),
        (5, ["pricebook", "add", "VIP价", "--group", "VIP"], "wang"),
        (4, ["pricebook", "set", "nope", "SVC", "1"], "admin"),
        (4, ["pricebook", "set", "A价", "NOPE", "1"], "admin"),
        (1, ["pricebook", "set", "A价", "SVC", "--", "-1"], "admin"),
        (3, ["pricebook", "add", "B价", "--group", "A"], "admin"),
        (3, ["pricebook", "add", "A价"], "admin"),
    ],
)
def test_refusals_exit_with_their_code_and_change_nothing(shop: Crm, code, args, user) -> None:
    shop.ok("pricebook", "add", "A价", "--group", "A")
    before = catalogue(shop)
    shop.fails(code, *args, user=user)
    assert catalogue(shop) == before


def test_price_is_required(shop: Crm) -> None:
    assert shop.run("product", "add", "X", "Thing").exit_code == 2
    assert "X" not in [p["code"] for p in shop.json("product", "list")]


def test_price_books(shop: Crm) -> None:
    book = shop.json("pricebook", "add", "代理商价", "--group", "VIP", user="li")
    assert (book["name"], book["group"], book["products"]) == ("代理商价", "VIP", 0)
    entry = shop.json("pricebook", "set", "代理商价", "erp-std", "9800", user="li")
    assert (entry["product"], entry["list_price"], entry["price"]) == ("ERP-STD", 12800, 9800)
    shown = shop.json("pricebook", "show", "代理商价", user="chen")
    assert [(e["product"], e["price"]) for e in shown["entries"]] == [("ERP-STD", 9800)]
    lines = shop.ok("pricebook", "show", "代理商价", "-f", "csv").stdout.splitlines()
    assert lines == [
        "product,product_name,unit,list_price,price",
        "ERP-STD,东山ERP标准版,套,12800.00,9800.00",
    ]
    assert [b["products"] for b in shop.json("pricebook", "list")] == [1]
    assert shop.json("pricebook", "edit", "代理商价", "--group", "A")["group"] == "A"
    shop.ok("pricebook", "unset", "代理商价", "ERP-STD")
    assert shop.json("pricebook", "show", "代理商价")["entries"] == []
    shop.ok("pricebook", "delete", "代理商价", "--yes")
    assert shop.json("pricebook", "list") == []


def test_import_csv_with_chinese_headers_in_gbk(staff: Crm, tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_bytes(
        "编码,名称,类别,单位,单价,成本价,年服务费\nerp,东山ERP,软件,套,12800,3000,1800\n".encode(
            "gbk"
        )
    )
    result = staff.ok("product", "import", str(path), "-f", "json")
    assert [(r["row"], r["action"], r["code"]) for r in json.loads(result.stdout)] == [
        (2, "add", "ERP")
    ]
    assert "Imported 1 product." in result.stderr
    assert staff.json("product", "show", "ERP")["name"] == "东山ERP"


def test_import_jsonl_from_a_file_and_update(shop: Crm, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"code": "ERP-STD", "price": 11000}\n{"code": "NEW", "price": "5"}\n')
    result = shop.run("product", "import", str(path), "--update")
    assert result.exit_code == 1 and "row 2, column name: bad value ''" in result.stderr
    path.write_text(
        '{"code": "ERP-STD", "price": 11000}\n{"code": "NEW", "name": "新品", "price": "5", "unit": "个"}\n'
    )
    before = catalogue(shop)
    planned = shop.json("product", "import", str(path), "--update", "--dry-run")
    assert [(r["action"], r["code"], r["price"]) for r in planned] == [
        ("update", "ERP-STD", 11000),
        ("add", "NEW", 5),
    ]
    assert catalogue(shop) == before
    shop.ok("product", "import", str(path), "--update")
    assert shop.json("product", "show", "ERP-STD")["price"] == 11000
    assert shop.json("product", "show", "NEW")["unit"] == "个"


def test_import_broken_row_lists_every_problem_and_imports_nothing(
    shop: Crm, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_text("code,name,price\nA,Alpha,10\nB,Beta,abc\nERP-STD,Dup,1\nC,Gamma,3\n")
    before = catalogue(shop)
    result = shop.run("product", "import", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: nothing imported: 2 problems in the file",
        "row 3, column price: bad value 'abc' (expected a number like 1234.50)",
        "row 4, column code: bad value 'ERP-STD' (product exists; --on-duplicate update "
        "(crm product import --update) changes it)",
    ]
    assert catalogue(shop) == before


def test_import_from_stdin(staff: Crm) -> None:
    result = staff.run("product", "import", "-", stdin="code,name,price\nA,Alpha,10\n")
    assert result.exit_code == 0, result.stderr
    assert staff.json("product", "show", "A")["price"] == 10
