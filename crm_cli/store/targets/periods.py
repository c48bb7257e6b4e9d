"""The periods a target covers: a month (``2026-12``), a quarter (``2026-Q4``) or a year
(``2026``). Anything else (``2026-Q5``, ``2026-13``, ``26``) is refused, never guessed."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from crm_cli.store.core.errors import InvalidInput

KINDS = ("month", "quarter", "year")
HELP = "a month (2026-12), a quarter (2026-Q4) or a year (2026)"
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?q(\d)")
FIRST_YEAR, LAST_YEAR = 1900, 9998  # the last day of the last year is a real date


class Period(NamedTuple):
    kind: str
    starts_on: dt.date
    ends_on: dt.date

    @property
    def label(self) -> str:
        """The period as it is typed: 2026-12, 2026-Q4, 2026."""
        start = self.starts_on
        if self.kind == "month":
            return f"{start.year}-{start.month:02d}"
        if self.kind == "quarter":
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        return str(start.year)

    def until(self, as_of: dt.date) -> dt.date | None:
        """The last day counted as of ``as_of``: the period's end, or ``as_of`` inside it;
        None before the period starts (nothing counts yet)."""
        if as_of < self.starts_on:
            return None
        return min(as_of, self.ends_on)


def _months(year: int, first: int, count: int) -> Period:
    start = dt.date(year, first, 1)
    after = first + count
    end = dt.date(year + (after - 1) // 12, (after - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return Period({1: "month", 3: "quarter", 12: "year"}[count], start, end)


def _year(text: str, whole: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            "invalid period {whole!r}: the year must be {first_year} to {last_year}",
            whole=whole,
            first_year=FIRST_YEAR,
            last_year=LAST_YEAR,
        )
    return year


def parse_period(text: str) -> Period:
    """The period ``text`` names.

    Raises:
        InvalidInput: text that names no month, quarter or year (``2026-Q5``, ``2026-13``).
    """
    word = text.strip().lower()
    if match := _YEAR.fullmatch(word):
        return _months(_year(match[1], text), 1, 12)
    if (match := _QUARTER.fullmatch(word)) and 1 <= int(match[2]) <= 4:
        return _months(_year(match[1], text), int(match[2]) * 3 - 2, 3)
    if (match := _MONTH.fullmatch(word)) and 1 <= int(match[2]) <= 12:
        return _months(_year(match[1], text), int(match[2]), 1)
    raise InvalidInput("invalid period {text!r}: use {help}", text=text, help=HELP)


def containing(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` (month, quarter, year) that ``day`` falls in."""
    if kind == "year":
        return _months(day.year, 1, 12)
    if kind == "quarter":
        return _months(day.year, (day.month - 1) // 3 * 3 + 1, 3)
    if kind == "month":
        return _months(day.year, day.month, 1)
    raise InvalidInput(
        "unknown period kind {kind!r}; use one of: {kinds}", kind=kind, kinds=", ".join(KINDS)
    )


def period_for(text: str | None, today: dt.date) -> Period:
    """A period by its name, or by its kind (``month``, ``quarter``, ``year``: the one
    containing ``today``); None or empty: this month."""
    word = (text or "").strip().lower()
    if not word:
        return containing("month", today)
    if word in KINDS:
        return containing(word, today)
    return parse_period(text or "")
