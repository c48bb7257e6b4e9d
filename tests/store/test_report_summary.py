"""The summary engine (issue 15, points 1 and 3; RPT-1): one SQL GROUP BY, inside the
actor's scope, with the same figures on SQLite, PostgreSQL and MariaDB (the records and
the answers, computed by hand, are in tests/store/report_book.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from crm_cli.store.analysis import periods, summary
from crm_cli.store.analysis.summary import Definition
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import Exact, User
from tests.conftest import Team
from tests.store.report_book import at, fill

D = Decimal
TODAY = at("2027-01-10").date()


def run(actor: User, records: str, *by: str, measures: tuple[str, ...] = ("count",),
        **more: Any) -> list[dict[str, Any]]:  # fmt: skip
    definition = Definition(records, by, measures, **more)
    return summary.run_summary(actor, definition, today=TODAY).rows


def period(text: str) -> periods.Period:
    return periods.parse_period(text, TODAY)


def test_every_measure_is_the_same_on_every_backend(any_team: Team) -> None:
    fill(any_team)
    measures = ("count", "sum:total", "avg:total", "min:total", "max:total",
                "ratio:sum_total/count")  # fmt: skip
    rows = run(any_team.admin, "orders", "owner", measures=measures)
    assert rows == [
        {"owner": "chen", "count": 2, "sum_total": D("0.30"), "avg_total": D("0.15"),
         "min_total": D("0.10"), "max_total": D("0.20"), "sum_total_per_count": D("0.1500")},
        {"owner": "wang", "count": 2, "sum_total": D("2333.33"), "avg_total": D("1166.67"),
         "min_total": D("333.33"), "max_total": D("2000.00"),
         "sum_total_per_count": D("1166.6650")},
        {"owner": "zhao", "count": 1, "sum_total": D("3000.00"), "avg_total": D("3000.00"),
         "min_total": D("3000.00"), "max_total": D("3000.00"),
         "sum_total_per_count": D("3000.0000")},
    ]  # fmt: skip
    assert all(type(r["sum_total"]) is Decimal and type(r["count"]) is int for r in rows)
    assert isinstance(rows[0]["sum_total_per_count"], Exact)  # printed as is, not as money
    # Quantities (3 places) and the profit from cost prices (5 places) stay exact.
    lines = run(any_team.admin, "order-lines", "category",
                measures=("sum:quantity", "sum:profit", "avg:unit_price"))  # fmt: skip
    assert lines == [{"category": "硬件", "sum_quantity": D("8.000"),
                      "sum_profit": D("533.63"), "avg_unit_price": D("466.73")}]  # fmt: skip
    # Customers' fields by join: no order fans out.
    by_source = run(any_team.admin, "orders", "source", measures=("count", "sum:total"))
    assert by_source == [
        {"source": "展会", "count": 4, "sum_total": D("2333.63")},  # 展 sorts before 广
        {"source": "广告", "count": 1, "sum_total": D("3000.00")},
    ]


BUCKETS = {
    "day": {"2024-02-29": 1, "2026-02-28": 1, "2026-12-31": 1, "2027-01-01": 1, "2027-01-04": 1},
    "week": {"2024-W09": 1, "2026-W09": 1, "2026-W53": 2, "2027-W01": 1},
    "month": {"2024-02": 1, "2026-02": 1, "2026-12": 1, "2027-01": 2},
    "quarter": {"2024-Q1": 1, "2026-Q1": 1, "2026-Q4": 1, "2027-Q1": 2},
    "year": {"2024": 1, "2026": 2, "2027": 2},
}


def test_time_buckets_at_iso_week_and_leap_day_edges(any_team: Team) -> None:
    fill(any_team)
    for unit, expected in BUCKETS.items():
        rows = run(any_team.admin, "orders", f"signed:{unit}")
        assert {r[f"signed_{unit}"]: r["count"] for r in rows} == expected, unit
        assert [r[f"signed_{unit}"] for r in rows] == sorted(expected)  # in time order
    # A datetime column: late on 31 December and just after midnight on 4 January.
    rows = run(any_team.admin, "activities", "started_at:week",
               measures=("count", "sum:minutes", "avg:minutes"))  # fmt: skip
    assert rows == [
        {"started_at_week": "2026-W53", "count": 1, "sum_minutes": 30, "avg_minutes": D("30")},
        {"started_at_week": "2027-W01", "count": 1, "sum_minutes": 45, "avg_minutes": D("45")},
    ]
    # A date grouped without a bucket groups by day.
    assert run(any_team.admin, "orders", "signed", where=("owner = chen",)) == [
        {"signed": "2024-02-29", "count": 1}, {"signed": "2026-02-28", "count": 1},
    ]  # fmt: skip


def test_a_period_and_the_previous_one_beside_it(any_team: Team) -> None:
    fill(any_team)
    now = period("2027-01")
    report = summary.run_summary(
        any_team.admin, Definition("orders", ("owner",), ("sum:total",)),
        period=now, compare_with=periods.compared(now, "previous"), today=TODAY,
    )  # fmt: skip
    assert report.compare is not None and report.compare.label == "2026-12"
    assert report.rows == [
        {"owner": "wang", "sum_total": D("333.33"), "sum_total_compared": D("2000.00"),
         "sum_total_change": D("-1666.67"), "sum_total_change_pct": D("-83.3")},
        {"owner": "zhao", "sum_total": D("3000.00"), "sum_total_compared": D("0.00"),
         "sum_total_change": D("3000.00"), "sum_total_change_pct": None},
    ]  # fmt: skip


def test_time_buckets_of_the_compared_period_stand_beside_their_match(team: Team) -> None:
    """2027-Q1 by month against 2026-Q1 (同比): February 2026 stands beside February 2027."""
    fill(team)
    now = period("2027-Q1")
    report = summary.run_summary(
        team.admin, Definition("orders", ("signed:month",), ("sum:total",)),
        period=now, compare_with=periods.compared(now, "last-year"), today=TODAY,
    )  # fmt: skip
    assert [(r["signed_month"], r["sum_total"], r["sum_total_compared"]) for r in report.rows] == [
        ("2027-01", D("3333.33"), D("0.00")), ("2027-02", D("0.00"), D("0.10")),
    ]  # fmt: skip


def test_each_sees_their_scope(any_team: Team) -> None:
    """A salesperson their own records, a manager their team's (at any depth), an admin
    everyone's; wang leads zhao but is no manager, so sees only his own."""
    fill(any_team)
    t = any_team

    def owners(actor: User) -> dict[str, int]:
        return {r["owner"]: r["count"] for r in run(actor, "orders", "owner")}

    assert owners(t.admin) == {"chen": 2, "wang": 2, "zhao": 1}
    assert owners(t.li) == {"wang": 2, "zhao": 1}
    assert owners(t.wang) == {"wang": 2}
    assert owners(t.chen) == {"chen": 2}
    assert run(t.zhao, "customers", "owner") == [{"owner": "zhao", "count": 1}]
    assert run(t.wang, "activities", "user") == [{"user": "wang", "count": 2}]
    assert run(t.chen, "activities", "user") == []


def test_filters_and_periods(team: Team) -> None:
    codes = fill(team)
    a = team.admin
    assert run(a, "orders", where=("total > 1000",)) == [{"count": 2}]
    assert run(a, "orders", where=("total between 0.10,333.33", "owner != zhao")) == [{"count": 3}]
    assert run(a, "customers", "city", where=("city = 深圳",)) == [{"city": "深圳", "count": 1}]
    assert run(a, "customers", search="乙") == [{"count": 1}]
    assert run(a, "order-lines", "customer_code", where=("customer = 甲",)) == [
        {"customer_code": codes["甲"], "count": 2}
    ]
    # A datetime filtered by day takes the whole day.
    assert run(a, "activities", where=("started_at = 2026-12-31",)) == [{"count": 1}]
    assert run(a, "activities", where=("started_at <= 2026-12-31",)) == [{"count": 1}]
    within = summary.run_summary(a, Definition("orders"), period=period("2026-W53"), today=TODAY)
    assert within.rows == [{"count": 2}]
    by_created = Definition("customers", date="created_at")
    assert summary.run_summary(a, by_created, period=period("2024"), today=TODAY).rows == [
        {"count": 3}
    ]
    # Sorted by a figure, cut to the first rows.
    ranked = run(a, "orders", "owner", measures=("sum:total",), sort="-sum_total", limit=2)
    assert [r["owner"] for r in ranked] == ["zhao", "wang"]


def test_nothing_matched_is_no_row(team: Team) -> None:
    fill(team)
    assert run(team.admin, "tickets") == []
    assert run(team.admin, "orders", "owner", where=("total > 99999",)) == []


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        (Definition("invoices"), "unknown record type 'invoices'; choose one of: customers"),
        (Definition("orders", ("colour",)), "unknown field 'colour' of orders; fields: "),
        (Definition("orders", ("signed:fortnight",)), "unknown time bucket 'fortnight'"),
        (Definition("orders", ("owner:month",)), "owner is not a date: time buckets apply"),
        (Definition("orders", ("total",)), "cannot group orders by total (a money)"),
        (Definition("orders", (), ("sum:status",)), "cannot sum status of orders: it is text"),
        (Definition("orders", (), ("avg:customer",)), "cannot avg customer of orders"),
        (Definition("orders", (), ("ratio:sum_total",)), "invalid --ratio 'sum_total'"),
        (Definition("orders", (), ("ratio:sum_total/median_x",)), "invalid ratio term"),
        (Definition("orders", where=("total ~ 3",)), "invalid filter 'total ~ 3'"),
        (Definition("orders", where=("total > lots",)), "invalid total 'lots'"),
        (Definition("installments", where=("number = 2147483648",)), "expected -2147483647 to"),
        (Definition("installments", where=("number = two",)), "invalid number 'two'"),
        (Definition("orders", search="甲"), "a search text applies to customers"),
        (Definition("orders", date="owner"), "owner is not a date of orders"),
        (Definition("orders", sort="colour"), "cannot sort by 'colour'"),
    ],
)
def test_bad_definitions_say_what_is_allowed(
    team: Team, definition: Definition, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        summary.run_summary(team.admin, definition, today=TODAY)
    assert message in str(caught.value)


def test_summing_text_lists_the_numeric_fields(team: Team) -> None:
    with pytest.raises(InvalidInput) as caught:
        summary.plan(team.admin, Definition("orders", (), ("sum:customer",)))
    assert str(caught.value).endswith("numeric fields: owed, received, total")


def test_cost_and_profit_are_for_managers_and_admins(team: Team) -> None:
    fill(team)
    profit = Definition("order-lines", ("owner",), ("sum:profit",))
    assert summary.run_summary(team.li, profit, today=TODAY).rows == [
        {"owner": "wang", "sum_profit": D("533.33")}, {"owner": "zhao", "sum_profit": D("1200.00")}
    ]  # fmt: skip
    for reserved in (profit, Definition("order-lines", where=("cost > 1",))):
        with pytest.raises(PermissionDenied, match="reserved to managers and admins"):
            summary.run_summary(team.wang, reserved, today=TODAY)


def test_every_field_of_every_record_type_groups_without_fanning_out(any_team: Team) -> None:
    """Each groupable field (joined names included) splits a record type's count without
    adding to it, and every numeric field sums, on each backend."""
    from crm_cli.store.analysis.kinds import NAMES, describe

    fill(any_team)
    for records in NAMES:
        fields = describe(records)
        sums = tuple(f"sum:{f.name}" for f in fields if f.measure)
        total = run(any_team.admin, records, measures=("count", *sums))
        count = total[0]["count"] if total else 0
        for field in (f for f in fields if f.group):
            rows = run(any_team.admin, records, field.name)
            assert sum(r["count"] for r in rows) == count, (records, field.name)
