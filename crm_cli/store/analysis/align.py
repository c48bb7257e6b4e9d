"""Time buckets of a compared period, relabelled as the buckets they stand beside.

A summary of 2026-Q3 by month compared with the previous quarter sets July beside April,
August beside May: the compared report's ``2026-04`` is relabelled ``2026-07`` before the
rows are matched (`compare.beside` matches rows on their keys). A comparison with last year
moves each label a year on (the same ISO week number, the same day; a 29 February or a week
53 that next year lacks stands beside the last day or week of its month or year).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil.relativedelta import relativedelta

from crm_cli.store.analysis.periods import Period
from crm_cli.store.analysis.records import Report


def _months(a: dt.date, b: dt.date) -> int:
    return (a.year - b.year) * 12 + a.month - b.month


def _shift(label: str, unit: str, now: Period, then: Period) -> str:
    yearly = then.start + relativedelta(years=1) == now.start or (
        unit == "week" and then.start.isocalendar()[1] == now.start.isocalendar()[1]
    )
    if unit == "year":
        return str(int(label) + now.start.year - then.start.year)
    if unit in ("month", "quarter"):
        if unit == "quarter":
            which, quarter = label.split("-Q")
            first = dt.date(int(which), int(quarter) * 3 - 2, 1)
        else:
            first = dt.date.fromisoformat(f"{label}-01")
        moved = first + relativedelta(months=_months(now.start, then.start))
        if unit == "quarter":
            return f"{moved.year}-Q{(moved.month - 1) // 3 + 1}"
        return f"{moved.year}-{moved.month:02d}"
    if unit == "week":
        year_text, week_text = label.split("-W")
        year, week = int(year_text), int(week_text)
        if yearly:
            year += now.start.isocalendar()[0] - then.start.isocalendar()[0]
            week = min(week, dt.date(year, 12, 28).isocalendar()[1])
            return f"{year}-W{week:02d}"
        monday = dt.date.fromisocalendar(year, week, 1) + (now.start - then.start)
        found = monday.isocalendar()
        return f"{found[0]}-W{found[1]:02d}"
    day = dt.date.fromisoformat(label)
    moved_day = day + (relativedelta(years=1) if yearly else now.start - then.start)
    return moved_day.isoformat()


_LABELS = (
    ("year", re.compile(r"\d{4}")),
    ("quarter", re.compile(r"\d{4}-Q[1-4]")),
    ("month", re.compile(r"\d{4}-\d{2}")),
    ("week", re.compile(r"\d{4}-W\d{2}")),
    ("day", re.compile(r"\d{4}-\d{2}-\d{2}")),
)


def bucket_columns(*reports: Report) -> dict[str, str]:
    """The key columns of a preset's reports that hold time buckets, and their unit: those
    whose every value is the label of one unit (`sqlbits.bucket` writes them so)."""
    found: dict[str, str] = {}
    for key in reports[0].keys:
        values = {str(row[key]) for r in reports for row in r.rows if row.get(key) is not None}
        for unit, pattern in _LABELS:
            if values and all(pattern.fullmatch(v) for v in values):
                found[key] = unit
                break
    return found


def aligned(then: Report, buckets: dict[str, str], now: Period, before: Period) -> Report:
    """``then`` (the report of ``before``) with the labels of its time-bucket columns
    (``buckets``: column -> unit) moved to the buckets of ``now`` they stand beside."""
    if not buckets:
        return then
    rows: list[dict[str, Any]] = []
    for row in then.rows:
        moved = dict(row)
        for column, unit in buckets.items():
            if moved.get(column) is not None:
                moved[column] = _shift(str(moved[column]), unit, now, before)
        rows.append(moved)
    return then._replace(rows=rows)
