"""What sells and what it earns (issue 15, RPT-2; seed 004 analyses 6, 11 and 13): weak
products, the sales trend and profit, on the hand-built book of `presets_sales_book`
(figures derived there and in `presets_sales_expected`)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from crm_cli.store.analysis import periods, presets
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.sales import products
from tests.store.presets_sales_book import TODAY, Book, at, run


@pytest.fixture
def book(db_url: str) -> Book:
    return Book()


def test_weak_products_least_sold_first_unsold_included(book: Book) -> None:
    report = run(book.admin, "weak-products", "2026")
    assert [(r["product"], r["quantity"], r["amount"]) for r in report.rows] == [
        ("PC", D("0.000"), D("0.00")),  # never sold
        ("PB", D("7.000"), D("345.00")),
        ("PA", D("14.000"), D("1400.00")),
    ]  # PX is deleted
    assert [r["product"] for r in run(book.admin, "weak-products", "2026", top="1").rows] == ["PC"]
    # All time: PA adds o1's 2 (200.00).
    assert run(book.admin, "weak-products").rows[2]["quantity"] == D("16.000")
    # 2025: only o1 sold; PB sold nothing then, so it ranks with PC by id.
    assert [(r["product"], r["amount"]) for r in run(book.admin, "weak-products", "2025").rows] == [
        ("PB", D("0.00")), ("PC", D("0.00")), ("PA", D("200.00")),
    ]  # fmt: skip


def test_weak_products_within_scope(book: Book) -> None:
    # wang: PA×3 (o2); PB×4 (o2) + PB×1 at 45.00 (o3).
    rows = run(book.wang, "weak-products", "2026").rows
    assert [(r["product"], r["quantity"], r["amount"]) for r in rows] == [
        ("PC", D("0.000"), D("0.00")), ("PB", D("5.000"), D("245.00")),
        ("PA", D("3.000"), D("300.00")),
    ]  # fmt: skip
    assert [r["amount"] for r in run(book.chen, "weak-products", "2025").rows] == [D("0.00")] * 3


def test_sales_trend_by_month_quarter_year(book: Book) -> None:
    report = run(book.admin, "sales-trend", "2026")
    assert report.rows == [
        {"bucket": "2026-01", "orders": 1, "amount": D("500.00")},
        {"bucket": "2026-02", "orders": 1, "amount": D("45.00")},
        {"bucket": "2026-03", "orders": 1, "amount": D("200.00")},
        {"bucket": "2026-04", "orders": 1, "amount": D("1000.00")},
    ]
    assert run(book.admin, "sales-trend", "2026", by="quarter").rows == [
        {"bucket": "2026-Q1", "orders": 3, "amount": D("745.00")},
        {"bucket": "2026-Q2", "orders": 1, "amount": D("1000.00")},
    ]
    assert run(book.admin, "sales-trend", by="year").rows == [
        {"bucket": "2025", "orders": 1, "amount": D("200.00")},
        {"bucket": "2026", "orders": 4, "amount": D("1745.00")},
    ]
    with pytest.raises(InvalidInput, match="--by"):
        run(book.admin, "sales-trend", by="decade")


def test_sales_trend_within_scope_and_compared_with_last_year(book: Book) -> None:
    assert run(book.zhao, "sales-trend").rows == [
        {"bucket": "2026-03", "orders": 1, "amount": D("200.00")},
    ]
    params = presets.Params(None, TODAY, {"by": "year"})
    now = periods.parse_period("2026", TODAY)
    compared = presets.run_preset(book.wang, "sales-trend", params._replace(period=now),
                                  periods.compared(now, "last-year"))  # fmt: skip
    rows = {r["bucket"]: (r["amount"], r["amount_compared"]) for r in compared.rows}
    # 同比: 2025's bucket stands beside 2026's, not on a row of its own.
    assert rows == {"2026": (D("545.00"), D("200.00"))}
    months = presets.run_preset(
        book.wang, "sales-trend", params._replace(period=now, options={"by": "quarter"}),
        periods.compared(now, "last-year"),
    )  # fmt: skip
    assert all(r["bucket"].startswith("2026-Q") for r in months.rows)


def test_profit_per_owner_and_overall(book: Book) -> None:
    assert [(r["user"], r["profit"], r["margin"]) for r in run(book.admin, "profit", "2026").rows] == [
        ("chen", D("400.00"), D("40.0")), ("wang", D("365.00"), D("67.0")),
        ("zhao", D("140.00"), D("70.0")),
    ]  # fmt: skip
    # 1745 revenue; cost 600 + 180 + 60 = 840; 905 / 1745 = 51.86 %; PB lines 345 uncosted.
    assert run(book.admin, "profit", "2026", by="total").rows == [
        {"user": "(all)", "name": "(all)", "revenue": D("1745.00"), "cost": D("840.00"),
         "profit": D("905.00"), "margin": D("51.9"), "no_cost": D("345.00")},
    ]  # fmt: skip


def test_profit_within_scope_and_a_cost_to_the_cent(book: Book) -> None:
    assert run(book.wang, "profit", "2026", by="total").rows == [
        {"user": "(all)", "name": "(all)", "revenue": D("545.00"), "cost": D("180.00"),
         "profit": D("365.00"), "margin": D("67.0"), "no_cost": D("245.00")},
    ]  # fmt: skip
    # PC at cost 3.33, 0.5 sold at 10.00: cost 1.665 rounds half up to 1.67.
    products.edit_product(book.admin, "PC", {"cost": "3.33"}, now=at("2026-06-01"))
    book.approved(10, book.chen, 4, ["PC:0.5"], "2026-06-02")
    assert run(book.chen, "profit", "2026-06").rows == [
        {"user": "chen", "name": "陈静", "revenue": D("5.00"), "cost": D("1.67"),
         "profit": D("3.33"), "margin": D("66.6"), "no_cost": D("0.00")},
    ]  # fmt: skip
    assert run(book.zhao, "profit", "2025").rows == []
    with pytest.raises(InvalidInput, match="--by"):
        run(book.admin, "profit", by="product")
