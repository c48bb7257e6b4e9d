"""Periods and comparisons (issue 15, point 2): the forms `--period` takes, relative names
counted from the as-of day, --from/--to, and the period compared with (环比 previous, 同比
last year), at the edges: week 53, 29 February, a year's first quarter."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.analysis.periods import Period, compared, parse_period, resolve
from crm_cli.store.core.errors import InvalidInput

D = dt.date
TODAY = D(2026, 11, 18)  # a Wednesday in Q4


def span(text: str, today: dt.date = TODAY) -> tuple[str, dt.date, dt.date]:
    found = parse_period(text, today)
    return found.label, found.start, found.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026", ("2026", D(2026, 1, 1), D(2026, 12, 31))),
        ("2026-Q3", ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30))),
        ("2026-q1", ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31))),
        ("2026-11", ("2026-11", D(2026, 11, 1), D(2026, 11, 30))),
        ("2024-2", ("2024-02", D(2024, 2, 1), D(2024, 2, 29))),
        ("2026-W53", ("2026-W53", D(2026, 12, 28), D(2027, 1, 3))),
        ("2026-w01", ("2026-W01", D(2025, 12, 29), D(2026, 1, 4))),
        ("2024-02-29", ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29))),
        (" This-Month ", ("2026-11", D(2026, 11, 1), D(2026, 11, 30))),
        ("last-month", ("2026-10", D(2026, 10, 1), D(2026, 10, 31))),
        ("this-quarter", ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))),
        ("last-quarter", ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30))),
        ("last-year", ("2025", D(2025, 1, 1), D(2025, 12, 31))),
        ("this-week", ("2026-W47", D(2026, 11, 16), D(2026, 11, 22))),
        ("last-week", ("2026-W46", D(2026, 11, 9), D(2026, 11, 15))),
        ("today", ("2026-11-18", TODAY, TODAY)),
        ("yesterday", ("2026-11-17", D(2026, 11, 17), D(2026, 11, 17))),
    ],
)
def test_the_forms_of_a_period(text: str, expected: tuple[str, dt.date, dt.date]) -> None:
    assert span(text) == expected


def test_relative_names_count_from_the_as_of_day() -> None:
    assert span("last-quarter", D(2026, 2, 10)) == ("2025-Q4", D(2025, 10, 1), D(2025, 12, 31))
    assert span("last-month", D(2026, 1, 31)) == ("2025-12", D(2025, 12, 1), D(2025, 12, 31))
    assert span("this-week", D(2027, 1, 1)) == ("2026-W53", D(2026, 12, 28), D(2027, 1, 3))


@pytest.mark.parametrize(
    "text",
    ["", "2026-13", "2026-Q5", "2026-Q0", "2025-W53", "2026-02-30", "2025-02-29", "26",
     "next-month", "this-decade", "2026/11", "0999", "Q3-2026", "2026-11-05x"],
)  # fmt: skip
def test_a_malformed_period_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid period"):
        parse_period(text, TODAY)


def test_from_and_to() -> None:
    assert resolve(None, "2026-03-01", "2026-03-15", TODAY) == Period(
        "span", D(2026, 3, 1), D(2026, 3, 15)
    )
    assert resolve(None, "2026-11-01", None, TODAY) == Period("span", D(2026, 11, 1), TODAY)
    assert resolve(None, None, None, TODAY) is None
    assert resolve(None, None, "2026-01-31", TODAY).start == D(1900, 1, 1)  # type: ignore[union-attr]
    assert resolve(None, None, "2026-01-31", TODAY).label == "1900-01-01..2026-01-31"  # type: ignore[union-attr]
    for args, message in (
        (("2026", "2026-01-01", None), "give --period or --from/--to, not both"),
        ((None, "2026-03-15", "2026-03-01"), "--from 2026-03-15 is after --to 2026-03-01"),
        ((None, "2026-3-x", None), "invalid --from '2026-3-x'"),
        ((None, None, "soon"), "invalid --to 'soon'"),
    ):
        with pytest.raises(InvalidInput, match=message):
            resolve(*args, TODAY)


def label(text: str, how: str) -> tuple[str, dt.date, dt.date]:
    found = compared(parse_period(text, TODAY), how)
    assert found is not None
    return found.label, found.start, found.end


@pytest.mark.parametrize(
    ("text", "how", "expected"),
    [
        ("2026-11", "previous", ("2026-10", D(2026, 10, 1), D(2026, 10, 31))),
        ("2026-03", "previous", ("2026-02", D(2026, 2, 1), D(2026, 2, 28))),
        ("2026-Q1", "previous", ("2025-Q4", D(2025, 10, 1), D(2025, 12, 31))),
        ("2026", "previous", ("2025", D(2025, 1, 1), D(2025, 12, 31))),
        ("2027-W01", "previous", ("2026-W53", D(2026, 12, 28), D(2027, 1, 3))),
        ("2024-03-01", "previous", ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29))),
        ("2026-Q3", "last-year", ("2025-Q3", D(2025, 7, 1), D(2025, 9, 30))),
        ("2024-02", "last-year", ("2023-02", D(2023, 2, 1), D(2023, 2, 28))),
        # 29 February a year on stands beside 28 February.
        ("2024-02-29", "last-year", ("2023-02-28", D(2023, 2, 28), D(2023, 2, 28))),
        # Week 53 of 2026: 2025 has 52 weeks, so its last week.
        ("2026-W53", "last-year", ("2025-W52", D(2025, 12, 22), D(2025, 12, 28))),
        ("2027-W10", "last-year", ("2026-W10", D(2026, 3, 2), D(2026, 3, 8))),
    ],
)
def test_compared_periods(text: str, how: str, expected: tuple[str, dt.date, dt.date]) -> None:
    assert label(text, how) == expected


def test_a_span_compares_with_the_span_before_or_a_year_back() -> None:
    now = resolve(None, "2026-03-01", "2026-03-10", TODAY)
    assert compared(now, "previous") == Period("span", D(2026, 2, 19), D(2026, 2, 28))
    assert compared(now, "last-year") == Period("span", D(2025, 3, 1), D(2025, 3, 10))


def test_a_comparison_needs_a_period_and_a_known_name() -> None:
    assert compared(None, None) is None
    with pytest.raises(InvalidInput, match="--compare needs a period"):
        compared(None, "previous")
    with pytest.raises(InvalidInput, match="invalid --compare 'yoy'"):
        compared(parse_period("2026", TODAY), "yoy")
