"""Who sells (issue 15, RPT-2; seed 004 analyses 4 and 5, TGT-1): a salesperson's
performance, the leaderboard and target attainment, on the hand-built book of
`presets_sales_book` (figures derived there and in `presets_sales_expected`)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from crm_cli.store.analysis import presets
from crm_cli.store.analysis.presets_sales.common import ranked
from crm_cli.store.core import users
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from tests.store.presets_sales_book import Book, run, set_q1_targets
from tests.store.presets_sales_expected import ATTAINMENT_Q1, EXPECTED


@pytest.fixture
def book(db_url: str) -> Book:
    return Book()


def test_salesperson_by_month_quarter_and_year(book: Book) -> None:
    report = run(book.admin, "salesperson", "2026", user="wang")
    assert report.rows == EXPECTED["salesperson"][1]
    assert report.title.endswith("wang")
    assert run(book.wang, "salesperson", "2026", by="quarter").rows == [
        {
            "bucket": "2026-Q1",
            "orders": 2,
            "amount": D("545.00"),
            "received": D("250.00"),
            "new_customers": 1,
            "contacts": 3,
        },
    ]  # the actor by default
    # All time: o1 and its 200 (2025-12) and c1 registered 2025-06 come in.
    assert run(book.wang, "salesperson", by="year").rows == [
        {
            "bucket": "2025",
            "orders": 1,
            "amount": D("200.00"),
            "received": D("200.00"),
            "new_customers": 1,
            "contacts": 0,
        },
        {
            "bucket": "2026",
            "orders": 2,
            "amount": D("545.00"),
            "received": D("250.00"),
            "new_customers": 1,
            "contacts": 3,
        },
    ]


def test_salesperson_of_someone_else_needs_them_in_scope(book: Book) -> None:
    assert run(book.li, "salesperson", "2026", user="zhao").rows == [
        {
            "bucket": "2026-03",
            "orders": 1,
            "amount": D("200.00"),
            "received": D("200.00"),
            "new_customers": 1,
            "contacts": 1,
        },
    ]
    with pytest.raises(PermissionDenied):
        run(book.chen, "salesperson", "2026", user="wang")
    with pytest.raises(PermissionDenied):
        run(book.zhao, "salesperson", "2026", user="wang")  # his own leader
    with pytest.raises(NotFound):
        run(book.admin, "salesperson", user="nobody")
    assert run(book.chen, "salesperson", "2025").rows == []


def test_leaderboard_ranks_owners_by_amount(book: Book) -> None:
    report = run(book.admin, "leaderboard", "2026")
    assert report.rows == EXPECTED["leaderboard"][1]
    # All time: wang has o1 200 + o2 500 + o3 45 and receipts 200 + 100 + 150; chen 300.
    assert [(r["rank"], r["user"], r["orders"], r["amount"], r["received"])
            for r in run(book.admin, "leaderboard").rows] == [
        (1, "chen", 1, D("1000.00"), D("300.00")),
        (2, "wang", 3, D("745.00"), D("450.00")),
        (3, "zhao", 1, D("200.00"), D("200.00")),
    ]  # fmt: skip


def test_leaderboard_within_scope_and_receipts_without_sales(book: Book) -> None:
    assert [(r["rank"], r["user"]) for r in run(book.li, "leaderboard", "2026").rows] == [
        (1, "wang"),
        (2, "zhao"),
    ]
    # 2027: no sale, only chen's 300.00 received on o5.
    assert run(book.admin, "leaderboard", "2027").rows == [
        {"rank": 1, "user": "chen", "name": "陈静", "orders": 0, "amount": D("0.00"),
         "received": D("300.00")},
    ]  # fmt: skip
    assert run(book.wang, "leaderboard", "2027").rows == []


def test_equal_amounts_share_a_rank() -> None:
    rows = [{"amount": D(n)} for n in ("9", "5", "5", "1")]
    ranked(rows, "amount")
    assert [r["rank"] for r in rows] == [1, 2, 2, 4]


def test_attainment_per_department_and_person(book: Book) -> None:
    set_q1_targets(book)
    report = run(book.admin, "attainment", "2026-Q1")
    assert report.rows == ATTAINMENT_Q1
    assert report.period is not None and report.period.label == "2026-Q1"
    assert run(book.wang, "attainment", "2026-Q1").rows == ATTAINMENT_Q1  # his and 华南's
    assert run(book.chen, "attainment", "2026-Q1").rows == []  # 华东 has none
    assert run(book.admin, "attainment", "2026-Q2").rows == []


def test_attainment_defaults_to_this_month_and_refuses_other_spans(book: Book) -> None:
    report = run(book.admin, "attainment")
    assert report.period is not None and report.period.label == "2027-01"
    for bad in ("2026-W10", "2026-03-01"):
        with pytest.raises(InvalidInput, match="month, a quarter or a year"):
            run(book.admin, "attainment", bad)


def test_every_preset_of_mine_is_listed_with_a_chart(db_url: str) -> None:
    found = {p.name: p for p in presets.all_presets()}
    charts = {name: found[name].chart for name in (*EXPECTED, "attainment")}
    assert charts == {
        "buyers-by-source": "bar", "customer-value": "bar", "new-buyers": "line",
        "salesperson": "bar", "leaderboard": "bar", "weak-products": "bar",
        "sales-trend": "line", "sales-composition": "pie", "profit": "bar", "attainment": "bar",
    }  # fmt: skip
    admin = users.resolve_actor("admin")
    for name in charts:
        preset = found[name]
        assert preset.title and preset.title_zh
        columns = {c.name for c in run(admin, name, "2026").columns}  # empty, but shaped
        assert {preset.x, preset.y} <= columns
