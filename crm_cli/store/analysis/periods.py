"""The period a report covers and the one it is compared with.

Typed as a year (``2026``), a quarter (``2026-Q3``), a month (``2026-11``), an ISO week
(``2026-W49``), a day (``2026-11-05``), or relative to the as-of day: ``this-``/``last-``
``week|month|quarter|year``, ``today``, ``yesterday``. ``--from``/``--to`` give any span.
Anything else is refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from crm_cli.store.core.errors import InvalidInput

HELP = (
    "2026, 2026-Q3, 2026-11, 2026-W49, 2026-11-05, this-month, last-quarter, this-year, "
    "last-week, today …"
)
COMPARES = ("previous", "last-year")
FIRST_YEAR, LAST_YEAR = 1900, 9998
_UNITS = ("week", "month", "quarter", "year")
_PATTERNS = (
    ("year", re.compile(r"(\d{4})")),
    ("quarter", re.compile(r"(\d{4})-[qQ](\d)")),
    ("month", re.compile(r"(\d{4})-(\d{1,2})")),
    ("week", re.compile(r"(\d{4})-[wW](\d{1,2})")),
    ("day", re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")),
)


class Period(NamedTuple):
    """Days ``start`` to ``end``, both included; ``unit``: day, week, month, quarter, year,
    or span (any --from/--to)."""

    unit: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        s = self.start
        if self.unit == "year":
            return str(s.year)
        if self.unit == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if self.unit == "month":
            return f"{s.year}-{s.month:02d}"
        if self.unit == "week":
            year, week, _ = s.isocalendar()
            return f"{year}-W{week:02d}"
        if self.unit == "day":
            return s.isoformat()
        return f"{s.isoformat()}..{self.end.isoformat()}"

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "from": self.start, "to": self.end}


def _unit_at(unit: str, day: dt.date) -> Period:
    """The calendar ``unit`` containing ``day``."""
    if unit == "day":
        return Period("day", day, day)
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period("week", start, start + dt.timedelta(days=6))
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    first = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first, 1)
    return Period(unit, start, start + relativedelta(months=months) - dt.timedelta(days=1))


def _checked_year(text: str, whole: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            "invalid period {whole!r}: the year must be {first_year} to {last_year}",
            whole=whole,
            first_year=FIRST_YEAR,
            last_year=LAST_YEAR,
        )
    return year


def _absolute(text: str) -> Period | None:
    for unit, pattern in _PATTERNS:
        found = pattern.fullmatch(text)
        if not found:
            continue
        parts = [int(p) for p in found.groups()]
        year = _checked_year(found.group(1), text)
        try:
            if unit == "year":
                return _unit_at("year", dt.date(year, 1, 1))
            if unit == "quarter":
                if not 1 <= parts[1] <= 4:
                    raise ValueError
                return _unit_at("quarter", dt.date(year, parts[1] * 3 - 2, 1))
            if unit == "month":
                return _unit_at("month", dt.date(year, parts[1], 1))
            if unit == "week":
                return _unit_at("week", dt.date.fromisocalendar(year, parts[1], 1))
            return _unit_at("day", dt.date(year, parts[1], parts[2]))
        except ValueError:
            raise InvalidInput(
                "invalid period {text!r}: expected {help}", text=text, help=HELP
            ) from None
    return None


def _relative(text: str, today: dt.date) -> Period | None:
    if text in ("today", "yesterday"):
        return _unit_at("day", today - dt.timedelta(days=0 if text == "today" else 1))
    which, _, unit = text.partition("-")
    if which not in ("this", "last") or unit not in _UNITS:
        return None
    current = _unit_at(unit, today)
    return current if which == "this" else previous(current)


def parse_period(text: str, today: dt.date) -> Period:
    """The period ``text`` names; relative names count from ``today``.

    Raises:
        InvalidInput: anything else.
    """
    cleaned = text.strip().lower()
    found = _absolute(cleaned) or _relative(cleaned, today)
    if found is None:
        raise InvalidInput("invalid period {text!r}: expected {help}", text=text, help=HELP)
    return found


def _day(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            "invalid {what} {text!r}: expected YYYY-MM-DD", what=what, text=text
        ) from None


def resolve(
    period: str | None, start: str | None, end: str | None, today: dt.date
) -> Period | None:
    """The period of ``--period`` or of ``--from``/``--to`` (one side may be open: the other
    end is the as-of day, or the first day of the first year); None: no period given.

    Raises:
        InvalidInput: both forms at once, a malformed date, or ``--from`` after ``--to``.
    """
    if period and (start or end):
        raise InvalidInput("give --period or --from/--to, not both")
    if period:
        return parse_period(period, today)
    if not (start or end):
        return None
    first = _day(start, "--from") if start else dt.date(FIRST_YEAR, 1, 1)
    last = _day(end, "--to") if end else today
    if first > last:
        raise InvalidInput("--from {first} is after --to {last}", first=first, last=last)
    return Period("span", first, last)


def previous(period: Period) -> Period:
    """The period just before (环比): the previous calendar unit, or a span of the same
    length ending the day before."""
    if period.unit in ("span", "day", "week"):
        length = period.end - period.start + dt.timedelta(days=1)
        return Period(period.unit, period.start - length, period.start - dt.timedelta(days=1))
    return _unit_at(period.unit, period.start - dt.timedelta(days=1))


def compared(period: Period | None, how: str | None) -> Period | None:
    """The period to compare with (``previous``: 环比; ``last-year``: 同比); None: none.

    Raises:
        InvalidInput: an unknown comparison, or a comparison without a period.
    """
    if how is None:
        return None
    if how not in COMPARES:
        raise InvalidInput(
            "invalid --compare {how!r}: choose one of: {compares}",
            how=how,
            compares=", ".join(COMPARES),
        )
    if period is None:
        raise InvalidInput("--compare needs a period: give --period or --from/--to")
    if how == "previous":
        return previous(period)
    if period.unit == "week":  # the same ISO week a year before
        year, week, _ = period.start.isocalendar()
        try:
            return _unit_at("week", dt.date.fromisocalendar(year - 1, week, 1))
        except ValueError:  # week 53 of a year whose previous year has 52
            return _unit_at("week", dt.date.fromisocalendar(year - 1, 52, 1))
    back = relativedelta(years=1)
    return Period(period.unit, period.start - back, period.end - back)
