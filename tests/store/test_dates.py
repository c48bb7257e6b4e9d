"""Dates and times as users type them: every accepted form and every refusal."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm_cli.store.core.dates import parse_date, parse_datetime
from crm_cli.store.core.errors import InvalidInput

TODAY = dt.date(2026, 3, 15)
NOW = dt.datetime(2026, 3, 15, 14, 25, 36)
UI_LIBRARIES = ("typer", "click", "rich", "textual", "tabulate")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01", dt.date(2026, 5, 1)),
        ("2026-5-1", dt.date(2026, 5, 1)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2000-02-29", dt.date(2000, 2, 29)),
        ("today", TODAY),
        ("tomorrow", dt.date(2026, 3, 16)),
        ("yesterday", dt.date(2026, 3, 14)),
        ("  TODAY ", TODAY),
        ("Tomorrow", dt.date(2026, 3, 16)),
        ("+3d", dt.date(2026, 3, 18)),
        ("3d", dt.date(2026, 3, 18)),
        ("-3d", dt.date(2026, 3, 12)),
        ("+0d", TODAY),
        ("+20d", dt.date(2026, 4, 4)),
        ("-2w", dt.date(2026, 3, 1)),
        ("+1w", dt.date(2026, 3, 22)),
        ("+1m", dt.date(2026, 4, 15)),
        ("-3m", dt.date(2025, 12, 15)),
        ("+1y", dt.date(2027, 3, 15)),
        ("-1y", dt.date(2025, 3, 15)),
        ("+2D", dt.date(2026, 3, 17)),
        ("+2 days", dt.date(2026, 3, 17)),
        ("+1week", dt.date(2026, 3, 22)),
        ("+2months", dt.date(2026, 5, 15)),
        ("+1year", dt.date(2027, 3, 15)),
    ],
)
def test_parse_date_accepts(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (dt.date(2026, 1, 31), "+1m", dt.date(2026, 2, 28)),  # month end clamps
        (dt.date(2024, 1, 31), "+1m", dt.date(2024, 2, 29)),  # leap year
        (dt.date(2026, 3, 31), "-1m", dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 31), "+1m", dt.date(2026, 4, 30)),
        (dt.date(2026, 1, 31), "+2m", dt.date(2026, 3, 31)),
        (dt.date(2024, 2, 29), "+1y", dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), "+4y", dt.date(2028, 2, 29)),
        (dt.date(2024, 2, 29), "-1y", dt.date(2023, 2, 28)),
        (dt.date(2026, 12, 31), "tomorrow", dt.date(2027, 1, 1)),
        (dt.date(2024, 2, 28), "+1d", dt.date(2024, 2, 29)),
        (dt.date(2026, 2, 28), "+1d", dt.date(2026, 3, 1)),
        (dt.date(2026, 11, 30), "+1m", dt.date(2026, 12, 30)),
        (dt.date(2026, 12, 15), "+1m", dt.date(2027, 1, 15)),
    ],
)
def test_parse_date_month_ends_and_leap_years(today: dt.date, text: str, expected: dt.date) -> None:
    assert parse_date(text, today) == expected


def test_parse_date_takes_the_day_of_a_datetime() -> None:
    result = parse_date("+1d", NOW)

    assert result == dt.date(2026, 3, 16)
    assert type(result) is dt.date


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "2026-13-01",
        "2026-02-30",
        "2025-02-29",
        "1900-02-29",
        "2026-00-10",
        "2026-01-00",
        "2026/01-05",  # mixed separators (2026/01/05 is accepted: issue 17)
        "20260105",
        "05-01-2026",
        "2026-01-05 10:00",
        "+3",
        "d",
        "+d",
        "+3x",
        "+3min",
        "+3h",
        "++3d",
        "+-3d",
        "+1.5d",
        "+3d4",
        "next week",
        "+99999y",
        "-9999y",
        "+999999999d",
    ],
)
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, TODAY)

    message = str(caught.value)
    assert f"invalid date {text!r}" in message
    assert "YYYY-MM-DD" in message and "+3d" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        (" NOW ", NOW),
        ("2026-05-01", dt.datetime(2026, 5, 1)),
        ("2026-05-01 09:30", dt.datetime(2026, 5, 1, 9, 30)),
        ("2026-05-01 09:30:15", dt.datetime(2026, 5, 1, 9, 30, 15)),
        ("2026-05-01T09:30", dt.datetime(2026, 5, 1, 9, 30)),
        ("2026-05-01t09:30:15", dt.datetime(2026, 5, 1, 9, 30, 15)),
        ("2026-05-01  9:05", dt.datetime(2026, 5, 1, 9, 5)),
        ("09:30", dt.datetime(2026, 3, 15, 9, 30)),
        ("9:30", dt.datetime(2026, 3, 15, 9, 30)),
        ("23:59:59", dt.datetime(2026, 3, 15, 23, 59, 59)),
        ("00:00", dt.datetime(2026, 3, 15, 0, 0)),
        ("today", dt.datetime(2026, 3, 15)),
        ("tomorrow", dt.datetime(2026, 3, 16)),
        ("yesterday", dt.datetime(2026, 3, 14)),
        ("tomorrow 9:00", dt.datetime(2026, 3, 16, 9, 0)),
        ("+3d", dt.datetime(2026, 3, 18)),
        ("+3d 14:00", dt.datetime(2026, 3, 18, 14, 0)),
        ("-2w", dt.datetime(2026, 3, 1)),
        ("+1m", dt.datetime(2026, 4, 15)),
        ("+1y", dt.datetime(2027, 3, 15)),
        ("+2h", dt.datetime(2026, 3, 15, 16, 25, 36)),
        ("-2h", dt.datetime(2026, 3, 15, 12, 25, 36)),
        ("2h", dt.datetime(2026, 3, 15, 16, 25, 36)),
        ("+12h", dt.datetime(2026, 3, 16, 2, 25, 36)),
        ("+30min", dt.datetime(2026, 3, 15, 14, 55, 36)),
        ("-90min", dt.datetime(2026, 3, 15, 12, 55, 36)),
        ("+1 hour", dt.datetime(2026, 3, 15, 15, 25, 36)),
        ("+5minutes", dt.datetime(2026, 3, 15, 14, 30, 36)),
    ],
)
def test_parse_datetime_accepts(text: str, expected: dt.datetime) -> None:
    assert parse_datetime(text, NOW) == expected


def test_parse_datetime_month_end() -> None:
    now = dt.datetime(2026, 1, 31, 8, 0)

    assert parse_datetime("+1m", now) == dt.datetime(2026, 2, 28)
    assert parse_datetime("2024-02-29 12:00", now) == dt.datetime(2024, 2, 29, 12, 0)


def test_parse_datetime_keeps_the_time_zone_of_now() -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    now = NOW.replace(tzinfo=zone)

    assert parse_datetime("2026-05-01 09:30", now).tzinfo is zone
    assert parse_datetime("09:30", now) == dt.datetime(2026, 3, 15, 9, 30, tzinfo=zone)
    assert parse_datetime("tomorrow", now).tzinfo is zone
    assert parse_datetime("+2h", now).tzinfo is zone


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "2026-13-01",
        "2026-02-30",
        "2026-02-30 10:00",
        "2026-05-01 24:00",
        "2026-05-01 09:60",
        "2026-05-01 09:30:60",
        "2026-05-01 9",
        "2026-05-01T",
        "2026-05-01 09:30 +08:00",
        "25:00",
        "12:5",
        "12:30pm",
        "noon",
        "tomorrowt09:00",
        "+2",
        "+2x",
        "+1.5h",
        "+999999999999h",
        "+99999y",
        "now 10:00",
    ],
)
def test_parse_datetime_refuses(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_datetime(text, NOW)

    message = str(caught.value)
    assert f"invalid date/time {text!r}" in message
    assert "HH:MM" in message and "+30min" in message
    assert "\n" not in message


def test_store_dates_loads_no_ui_library() -> None:
    root = Path(__file__).resolve().parents[2]
    code = "import sys, crm_cli.store.core.dates; print(sorted(m for m in UI if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", f"UI = {UI_LIBRARIES!r}; {code}"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "[]"
