"""Who buys (issue 15, RPT-2; seed 004 analyses 1, 2, 3 and 12): buying customers by
source, the customer value ranking, new buying customers and the sales composition, on the
hand-built book of `presets_sales_book` (figures derived there and in
`presets_sales_expected`)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from crm_cli.store.core.errors import InvalidInput
from tests.store.presets_sales_book import Book, run
from tests.store.presets_sales_expected import EXPECTED


@pytest.fixture
def book(db_url: str) -> Book:
    return Book()


def test_buyers_by_source_counts_customers_with_a_sale_in_the_period(book: Book) -> None:
    report = run(book.admin, "buyers-by-source", "2026")
    assert report.rows == EXPECTED["buyers-by-source"][1]
    assert report.keys == ("source",)
    assert [c.kind for c in report.columns] == ["text", "int", "int", "money"]
    # All time: c1 buys twice (o1 2025, o2) but is one buyer.
    assert run(book.admin, "buyers-by-source").rows[1] == {
        "source": "展会", "buyers": 2, "orders": 3, "amount": D("900.00")}  # fmt: skip


def test_buyers_by_source_within_scope(book: Book) -> None:
    assert run(book.wang, "buyers-by-source", "2026").rows == [
        {"source": "展会", "buyers": 1, "orders": 1, "amount": D("500.00")},
        {"source": "网络推广", "buyers": 1, "orders": 1, "amount": D("45.00")},
    ]  # wang's own; zhao's c3 and chen's c4 are not his
    assert run(book.li, "buyers-by-source", "2026").rows == [
        {"source": "展会", "buyers": 2, "orders": 2, "amount": D("700.00")},
        {"source": "网络推广", "buyers": 1, "orders": 1, "amount": D("45.00")},
    ]  # li's team: wang and zhao, not chen
    assert run(book.chen, "buyers-by-source", "2025").rows == []


def test_customer_value_ranks_by_amount_with_receipts(book: Book) -> None:
    assert run(book.admin, "customer-value", "2026").rows == EXPECTED["customer-value"][1]
    top_two = run(book.admin, "customer-value", "2026", top="2").rows
    assert [(r["rank"], r["customer"]) for r in top_two] == [(1, "C000004"), (2, "C000001")]
    # All time: c1 has o1 200 + o2 500 and receipts 200 + 100 + 150; c4 gets its 300.
    ever = run(book.admin, "customer-value").rows
    assert [(r["customer"], r["orders"], r["amount"], r["received"]) for r in ever] == [
        ("C000004", 1, D("1000.00"), D("300.00")),
        ("C000001", 2, D("700.00"), D("450.00")),
        ("C000003", 1, D("200.00"), D("200.00")),
        ("C000002", 1, D("45.00"), D("0.00")),
    ]


def test_customer_value_within_scope_and_bad_top(book: Book) -> None:
    assert run(book.zhao, "customer-value", "2026").rows == [
        {"rank": 1, "customer": "C000003", "name": "丙公司", "orders": 1,
         "amount": D("200.00"), "received": D("200.00")},
    ]  # fmt: skip
    for bad in ("0", "-3", "many"):
        with pytest.raises(InvalidInput, match="--top"):
            run(book.admin, "customer-value", top=bad)


def test_new_buyers_count_each_customer_in_the_bucket_of_its_first_sale(book: Book) -> None:
    assert run(book.admin, "new-buyers").rows == [
        {"bucket": "2025", "new_buyers": 1},  # c1
        {"bucket": "2026", "new_buyers": 3},  # c2, c3, c4 (c5 deleted)
    ]
    assert run(book.admin, "new-buyers", "2026", by="quarter").rows == (EXPECTED["new-buyers"][1])
    assert run(book.admin, "new-buyers", "2026-02", by="month").rows == [
        {"bucket": "2026-02", "new_buyers": 1},  # c2; o7 there is cancelled
    ]
    with pytest.raises(InvalidInput, match="--by"):
        run(book.admin, "new-buyers", by="week")


def test_new_buyers_within_scope_of_the_customers_owner(book: Book) -> None:
    assert run(book.wang, "new-buyers").rows == [
        {"bucket": "2025", "new_buyers": 1},
        {"bucket": "2026", "new_buyers": 1},
    ]  # c1 and c2; c5 is deleted
    assert run(book.chen, "new-buyers", "2025").rows == []


def test_sales_composition_by_source_customer_and_category(book: Book) -> None:
    report = run(book.admin, "sales-composition", "2026")
    assert report.rows == EXPECTED["sales-composition"][1]
    assert run(book.admin, "sales-composition", "2026", by="source", top="2").rows[2] == {
        "group": "(others)", "amount": D("45.00"), "percent": D("2.6")}  # fmt: skip
    by_customer = run(book.admin, "sales-composition", "2026", by="customer", top="3")
    assert by_customer.keys == ("customer",)
    assert by_customer.rows == [
        {"customer": "C000004", "group": "丁公司", "amount": D("1000.00"), "percent": D("57.3")},
        {"customer": "C000001", "group": "甲公司", "amount": D("500.00"), "percent": D("28.7")},
        {"customer": "C000003", "group": "丙公司", "amount": D("200.00"), "percent": D("11.5")},
        {"customer": "(others)", "group": "(others)", "amount": D("45.00"), "percent": D("2.6")},
    ]  # 500 / 1745 = 28.65 %, 200 / 1745 = 11.46 %
    assert run(book.admin, "sales-composition", "2026", by="category").rows == [
        {"group": "硬件", "amount": D("1400.00"), "percent": D("80.2")},  # 80.23 %
        {"group": "软件", "amount": D("345.00"), "percent": D("19.8")},  # 19.77 %
    ]


def test_sales_composition_within_scope(book: Book) -> None:
    # wang's 2026: PA×3 300.00; PB×4 200.00 + PB×1 45.00 = 245.00, of 545.00.
    assert run(book.wang, "sales-composition", "2026", by="category").rows == [
        {"group": "硬件", "amount": D("300.00"), "percent": D("55.0")},  # 55.05 %
        {"group": "软件", "amount": D("245.00"), "percent": D("45.0")},  # 44.95 %
    ]
    assert run(book.chen, "sales-composition", "2025").rows == []
    with pytest.raises(InvalidInput, match="--by"):
        run(book.admin, "sales-composition", by="owner")
