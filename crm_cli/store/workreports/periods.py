"""The periods a work report covers: a day, an ISO week (Monday to Sunday) or a month.

Typed as ``2026-12-01`` (or any date form of `core.dates`: ``yesterday``, ``-1w`` …),
``2026-W49`` and ``2026-12``; a date given for a week or a month names the one containing
it. Daily reports are expected on working days only (Monday to Friday): the overview and
the reminders skip weekends, though a report may still be written for a Saturday.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput

KINDS = ("day", "week", "month")
_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
MAX_PERIODS = 400  # columns of one overview: a year of working days fits
# Reports are about work done, so any real period lies well inside these; the bounds keep
# a period's arithmetic (its end, its deadline) away from the limits of dates.
YEARS = (1900, 9000)


class Period(NamedTuple):
    kind: str
    starts_on: dt.date
    ends_on: dt.date

    @property
    def label(self) -> str:
        if self.kind == "week":
            year, week, _ = self.starts_on.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return self.starts_on.strftime("%Y-%m")
        return self.starts_on.isoformat()

    def deadline(self, grace: int) -> dt.date:
        """The last day a report for this period counts as on time."""
        return self.ends_on + dt.timedelta(days=grace)

    def late_days(self, submitted: dt.date, grace: int) -> int:
        """Whole days a report submitted on ``submitted`` is late (0: on time)."""
        return max(0, (submitted - self.deadline(grace)).days)


def check_kind(kind: str) -> str:
    word = kind.strip().lower()
    if word not in KINDS:
        raise InvalidInput("unknown report kind {kind!r}; use day, week or month", kind=kind)
    return word


def containing(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` that ``day`` falls in."""
    if kind == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return Period(kind, monday, monday + dt.timedelta(days=6))
    if kind == "month":
        first = day.replace(day=1)
        return Period(kind, first, first + relativedelta(months=1, days=-1))
    return Period("day", day, day)


def parse_period(kind: str, text: str | None, today: dt.date) -> Period:
    """The period of ``kind`` that ``text`` names; None or empty: the one containing today.

    Raises:
        InvalidInput: an unknown kind, or text that names no period (``2026-W54``, ``2026-13``,
            a year outside ``YEARS``).
    """
    kind = check_kind(kind)
    word = (text or "").strip().lower()
    day = _day_in(kind, word, today) if word else today
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise InvalidInput(
            "invalid {kind} {value!r}: expected a year from {first} to {last}",
            kind=kind,
            value=text or day,
            first=YEARS[0],
            last=YEARS[1],
        )
    return containing(kind, day)


def _day_in(kind: str, word: str, today: dt.date) -> dt.date:
    """A day inside the period ``word`` names."""
    if kind == "week" and (match := _WEEK.fullmatch(word)):
        try:
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise InvalidInput("invalid week {word!r}: no such ISO week", word=word) from None
    if kind == "month" and (match := _MONTH.fullmatch(word)):
        if not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
            raise InvalidInput("invalid month {word!r}: expected YYYY-MM, e.g. 2026-12", word=word)
        return dt.date(int(match[1]), int(match[2]), 1)
    try:
        return parse_date(word, today)
    except InvalidInput:
        forms = {"day": "YYYY-MM-DD", "week": "YYYY-Www, e.g. 2026-W49,", "month": "YYYY-MM"}
        raise InvalidInput(
            "invalid {kind} {word!r}: use {forms} or a date inside it",
            kind=kind,
            word=word,
            forms=forms[kind],
        ) from None


def from_label(text: str, today: dt.date) -> Period | None:
    """The period a bare label names (``2026-12-01``, ``2026-W49``, ``2026-12``), or None
    when ``text`` is no label (a report code, say)."""
    word = text.strip().lower()
    for kind, form in (("day", _DAY), ("week", _WEEK), ("month", _MONTH)):
        if form.fullmatch(word):
            return parse_period(kind, word, today)
    return None


def expected(period: Period) -> bool:
    """Whether a report is due for the period: every week and month, working days."""
    return period.kind != "day" or period.starts_on.weekday() < 5


def previous(period: Period) -> Period:
    """The period before, skipping days no report is due for."""
    found = containing(period.kind, period.starts_on - dt.timedelta(days=1))
    while not expected(found):
        found = containing(found.kind, found.starts_on - dt.timedelta(days=1))
    return found


def between(kind: str, since: dt.date, until: dt.date) -> list[Period]:
    """The periods of ``kind`` from the one containing ``since`` to the one containing
    ``until``, oldest first, without days no report is due for.

    Raises:
        InvalidInput: ``until`` before ``since``, or more than ``MAX_PERIODS`` periods.
    """
    if until < since:
        raise InvalidInput(
            "invalid range: --to {until} is before --from {since}", until=until, since=since
        )
    found: list[Period] = []
    current = containing(kind, since)
    while current.starts_on <= until:
        if expected(current):
            found.append(current)
        if len(found) > MAX_PERIODS:
            raise InvalidInput(
                "too many periods from {since} to {until}: at most {max_periods}",
                since=since,
                until=until,
                max_periods=MAX_PERIODS,
            )
        current = containing(kind, current.ends_on + dt.timedelta(days=1))
    return found
