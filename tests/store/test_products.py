"""Products, price books and product import in the store (PRD-1)."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import tabular
from crm_cli.store.core.errors import Conflict, Duplicate, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.imports import engine
from crm_cli.store.imports.records import ImportedRow
from crm_cli.store.sales import pricebooks, products
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


def _erp(team: Team, code: str = "erp-std", **extra: str) -> products.Product:
    fields = {"price": "12800", "cost": "3000", "category": "软件", "unit": "套", **extra}
    return products.add_product(team.li, code, "东山ERP标准版", fields, now=NOW)


def test_add_stores_code_upper_case_and_money_exactly(any_team: Team) -> None:
    p = _erp(any_team, annual_fee="1800.50")
    assert (p.code, p.name, p.unit, p.category) == ("ERP-STD", "东山ERP标准版", "套", "软件")
    assert (p.price, p.cost, p.annual_fee) == (
        Decimal("12800.00"),
        Decimal("3000.00"),
        Decimal("1800.50"),
    )
    assert products.get_product(any_team.chen, "erp-std") == p  # everyone reads products


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"price": "-1"}, "must not be negative"),
        ({"price": "12.345"}, "at most two decimals"),
        ({"price": "abc"}, "expected a number"),
        ({"price": "10", "cost": "-5"}, "must not be negative"),
        ({"price": "10", "colour": "red"}, "unknown product field"),
        ({}, "needs a list price"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(team: Team, fields, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        products.add_product(team.admin, "X1", "Thing", fields, now=NOW)
    assert products.list_products(team.admin) == []


@pytest.mark.parametrize("code", ["", "A B", "A:B", "X" * 33])
def test_bad_codes_are_refused(team: Team, code: str) -> None:
    with pytest.raises(InvalidInput, match="invalid product code"):
        products.add_product(team.admin, code, "Thing", {"price": "1"}, now=NOW)


def test_codes_are_unique_even_after_delete(team: Team) -> None:
    _erp(team)
    with pytest.raises(Duplicate, match="ERP-STD"):
        _erp(team, "Erp-Std")
    products.delete_product(team.admin, "ERP-STD", now=NOW)
    with pytest.raises(Duplicate, match="deleted"):
        _erp(team)
    assert products.restore_product(team.admin, "erp-std", now=NOW).deleted is False


def test_only_admins_and_managers_change_the_catalogue(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        products.add_product(team.wang, "X1", "Thing", {"price": "1"}, now=NOW)
    _erp(team)
    with pytest.raises(PermissionDenied):
        products.edit_product(team.wang, "ERP-STD", {"price": "1"}, now=NOW)
    with pytest.raises(PermissionDenied):
        products.delete_product(team.chen, "ERP-STD", now=NOW)
    with pytest.raises(PermissionDenied):
        pricebooks.add_pricebook(team.zhao, "VIP价", "VIP", now=NOW)
    assert products.get_product(team.admin, "ERP-STD").price == Decimal("12800.00")


def test_edit_changes_fields_and_empty_clears_cost(team: Team) -> None:
    _erp(team)
    p = products.edit_product(team.admin, "ERP-STD", {"price": "11800.5", "cost": ""}, now=NOW)
    assert (p.price, p.cost) == (Decimal("11800.50"), None)
    with pytest.raises(InvalidInput):
        products.edit_product(team.admin, "ERP-STD", {}, now=NOW)
    with pytest.raises(NotFound):
        products.edit_product(team.admin, "NOPE", {"price": "1"}, now=NOW)


def test_list_filters_by_category_and_search_and_hides_deleted(team: Team) -> None:
    _erp(team)
    products.add_product(
        team.admin, "SVC", "实施服务", {"price": "800", "category": "服务"}, now=NOW
    )
    products.add_product(team.admin, "OLD", "Old box", {"price": "1", "category": "硬件"}, now=NOW)
    products.delete_product(team.admin, "OLD", now=NOW)
    assert [p.code for p in products.list_products(team.wang)] == ["ERP-STD", "SVC"]
    assert [p.code for p in products.list_products(team.wang, category="服务")] == ["SVC"]
    assert [p.code for p in products.list_products(team.wang, search="ERP")] == ["ERP-STD"]
    assert [p.code for p in products.list_products(team.wang, search="实施")] == ["SVC"]
    assert [p.code for p in products.list_products(team.wang, deleted=True)] == ["OLD"]


def test_price_books_one_per_group_with_prices(any_team: Team) -> None:
    _erp(any_team)
    book = pricebooks.add_pricebook(any_team.li, "代理商价", "VIP", now=NOW)
    assert (book.name, book.group, book.products) == ("代理商价", "VIP", 0)
    with pytest.raises(Conflict, match="VIP"):
        pricebooks.add_pricebook(any_team.li, "另一个", "VIP", now=NOW)
    with pytest.raises(Duplicate):
        pricebooks.add_pricebook(any_team.li, "代理商价", "A", now=NOW)
    entry = pricebooks.set_price(any_team.li, "代理商价", "erp-std", "9800", now=NOW)
    assert (entry.product, entry.list_price, entry.price) == (
        "ERP-STD",
        Decimal("12800.00"),
        Decimal("9800.00"),
    )
    pricebooks.set_price(any_team.li, "代理商价", "ERP-STD", "9700.10", now=NOW)
    shown = pricebooks.get_pricebook(any_team.wang, "代理商价")
    assert [(e.product, e.price) for e in shown.entries or ()] == [("ERP-STD", Decimal("9700.10"))]
    assert [b.products for b in pricebooks.list_pricebooks(any_team.wang)] == [1]
    pricebooks.unset_price(any_team.li, "代理商价", "ERP-STD", now=NOW)
    assert pricebooks.get_pricebook(any_team.wang, "代理商价").entries == ()


def test_price_book_errors(team: Team) -> None:
    _erp(team)
    pricebooks.add_pricebook(team.admin, "A价", "A", now=NOW)
    with pytest.raises(NotFound):
        pricebooks.set_price(team.admin, "nope", "ERP-STD", "1", now=NOW)
    with pytest.raises(NotFound):
        pricebooks.set_price(team.admin, "A价", "NOPE", "1", now=NOW)
    with pytest.raises(InvalidInput):
        pricebooks.set_price(team.admin, "A价", "ERP-STD", "-1", now=NOW)
    assert pricebooks.get_pricebook(team.admin, "A价").entries == ()


def test_catalogue_changes_are_logged(team: Team) -> None:
    _erp(team)
    products.edit_product(team.admin, "ERP-STD", {"price": "1"}, now=NOW)
    pricebooks.add_pricebook(team.admin, "A价", "A", now=NOW)
    rows = m.OpLog.select().order_by(m.OpLog.id)
    assert [(r.entity, r.action, r.customer_id) for r in rows] == [
        ("product", "add", None), ("product", "edit", None), ("pricebook", "add", None),
    ]  # fmt: skip
    assert json.loads(rows[1].changes) == {"price": ["12800.00", "1.00"]}


def _import(actor, text: str, **options: object) -> list[ImportedRow]:
    """`crm import products` of ``text`` (CSV) through the engine; its rows."""
    done: list[ImportedRow] = []
    settings = engine.Options(on_duplicate=str(options.pop("on_duplicate", "fail")))
    data = io.BytesIO(text.encode("utf-8"))
    engine.import_file(actor, "products", "-", data=data, options=settings, now=NOW,
                       each=done.append, **options)  # type: ignore[arg-type]  # fmt: skip
    return done


def test_import_reads_chinese_headers_and_adds_products(team: Team) -> None:
    text = "编码,名称,类别,子类别,单位,单价,成本价,年服务费\nerp,ERP,软件,管理,套,12800,3000,1800\nsvc,服务,服务,,人天,800,,\n"
    done = _import(team.admin, text)
    assert [(d.action, d.code) for d in done] == [("create", "ERP"), ("create", "SVC")]
    erp = products.get_product(team.admin, "ERP")
    assert (erp.subcategory, erp.annual_fee, erp.cost) == (
        "管理",
        Decimal("1800.00"),
        Decimal("3000.00"),
    )


def test_import_is_all_or_nothing_with_every_problem_named(team: Team) -> None:
    _erp(team, "EXIST")
    with pytest.raises(tabular.RowErrors) as caught:
        _import(team.admin, "code,name,price\nA,Alpha,10\nB,,abc\nA,Again,5\nEXIST,x,1\n")
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        "row 3, column price: bad value 'abc' (expected a number like 1234.50)",
        "row 4, column code: bad value 'A' (also on row 2)",
        "row 5, column code: bad value 'EXIST' (product exists; --on-duplicate update "
        "(crm product import --update) changes it)",
    ]
    assert caught.value.exit_code == 1  # not only duplicates
    assert [p.code for p in products.list_products(team.admin)] == ["EXIST"]


def test_import_update_changes_only_given_cells(team: Team) -> None:
    _erp(team)
    with pytest.raises(tabular.RowErrors, match="needs a name"):
        _import(team.admin, "code,price,unit\nERP-STD,11000,\nNEW,5,个\n", on_duplicate="update")
    text = "code,name,price,unit\nERP-STD,,11000,\nNEW,New,5,个\n"
    done = _import(team.admin, text, on_duplicate="update")
    assert [d.action for d in done] == ["update", "create"]
    erp = products.get_product(team.admin, "ERP-STD")
    assert (erp.price, erp.unit, erp.name) == (Decimal("11000.00"), "套", "东山ERP标准版")


def test_import_dry_run_writes_nothing_and_sales_may_not_import(team: Team) -> None:
    text = "code,name,price\nA,Alpha,10\n"
    assert [d.code for d in _import(team.admin, text, dry_run=True)] == ["A"]
    assert products.list_products(team.admin) == []
    with pytest.raises(PermissionDenied):
        _import(team.wang, text)
