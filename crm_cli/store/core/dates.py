"""Dates and times as users type them (CLI.md "Dates on input"), shared by the CLI and the TUI.

Accepted date forms: ``YYYY-MM-DD`` (also with ``/`` or ``.``), ``today``, ``tomorrow``,
``yesterday`` and offsets such as ``+3d``, ``-2w``, ``+1m``, ``+1y`` (a missing sign means the
future: ``3d`` is ``+3d``); the Chinese forms (``2026年12月5日``, ``明天``, ``下周一``,
``3天后``, ``下午2点``) are ``dates_zh``'s. Date/time forms add ``now``, ``HH:MM[:SS]``
(today at that time), a date form followed by a time (``2026-05-01 09:30``,
``2026-05-01T09:30:00``, ``tomorrow 9:00``) and offsets in hours (``+2h``) or minutes
(``+30min``). ``m`` is always months; minutes are spelled ``min``. Full-width digits count.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from crm_cli.store.core.errors import InvalidInput

DATE_HELP = (
    "YYYY-MM-DD, today, tomorrow, yesterday, an offset like +3d, -2w, +1m, +1y, "
    "or 2026/12/05, 2026年12月5日, 明天, 下周一, 3天后"
)
DATETIME_HELP = (
    "YYYY-MM-DD [HH:MM[:SS]], HH:MM, now, today, tomorrow, yesterday, "
    "an offset like +3d, -2w, +1m, +1y, +2h, +30min, or 明天 14:30, 下午2点"
)

_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
# 2026-12-05, and as Chinese users also write it, 2026/12/05 or 2026.12.05.
_ISO_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_OFFSET = re.compile(r"([+-]?)(\d{1,9})\s*([a-z]+)")
# A trailing time after a date form; "T" only directly after a digit, as in ISO 8601.
_DATE_AND_TIME = re.compile(r"(?P<date>.+?)(?:\s+|(?<=\d)t)(?P<time>\d{1,2}:\d{2}(?::\d{2})?)")

_DATE_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "month": "months", "months": "months",
    "y": "years", "year": "years", "years": "years",
}  # fmt: skip
_TIME_UNITS = {
    "h": "hours", "hour": "hours", "hours": "hours",
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
}  # fmt: skip


def parse_date(text: str, today: dt.date) -> dt.date:
    """Parse a date as typed on the command line or in a TUI field.

    Args:
        text: The user's text; case and surrounding whitespace do not matter.
        today: The reference day for words and offsets (``--as-of`` or the clock).

    Returns:
        The date meant.

    Raises:
        InvalidInput: The text is no accepted form or names an impossible date.
    """
    if isinstance(today, dt.datetime):  # a datetime is a date too; keep the arithmetic on days
        today = today.date()
    found = _match_date(_fold(text), today)
    if found is None:
        raise InvalidInput("invalid date {text!r}: use {date_help}", text=text, date_help=DATE_HELP)
    return found


def parse_datetime(text: str, now: dt.datetime) -> dt.datetime:
    """Parse a date and time; a date without a time means the start of that day.

    Args:
        text: The user's text; case and surrounding whitespace do not matter.
        now: The reference moment; results carry its ``tzinfo``.

    Returns:
        The moment meant.

    Raises:
        InvalidInput: The text is no accepted form or names an impossible date or time.
    """
    found = _match_datetime(_fold(text), now)
    if found is None:
        raise InvalidInput(
            "invalid date/time {text!r}: use {datetime_help}",
            text=text,
            datetime_help=DATETIME_HELP,
        )
    return found


def _match_date(text: str, today: dt.date) -> dt.date | None:
    """The date ``text`` names, or None when it is no date form."""
    if text in _WORDS:
        return today + dt.timedelta(days=_WORDS[text])
    if match := _ISO_DATE.fullmatch(text):
        try:
            return dt.date(int(match[1]), int(match[3]), int(match[4]))
        except ValueError:  # 2026-13-01, 2026-02-30
            return None
    if (match := _OFFSET.fullmatch(text)) and match[3] in _DATE_UNITS:
        from dateutil.relativedelta import relativedelta  # here: start-up (README)

        amount = -int(match[2]) if match[1] == "-" else int(match[2])
        try:
            step: dict[str, int] = {_DATE_UNITS[match[3]]: amount}
            return today + relativedelta(**step)  # type: ignore[arg-type]
        except (OverflowError, ValueError):  # beyond year 1..9999
            return None
    from crm_cli.store.core import dates_zh  # its patterns compile on first use

    return dates_zh.match_date(text, today)


def _fold(text: str) -> str:
    """Half width (full-width digits and colons, as Chinese input methods type them),
    lower case, no surrounding space."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def _match_datetime(text: str, now: dt.datetime) -> dt.datetime | None:
    """The moment ``text`` names, or None when it is no date/time form."""
    if text == "now":
        return now
    if (clock := _match_time(text)) is not None:
        return dt.datetime.combine(now.date(), clock, tzinfo=now.tzinfo)
    if (match := _OFFSET.fullmatch(text)) and match[3] in _TIME_UNITS:
        amount = -int(match[2]) if match[1] == "-" else int(match[2])
        try:
            return now + dt.timedelta(**{_TIME_UNITS[match[3]]: amount})
        except OverflowError:
            return None
    date_text, clock = text, dt.time()
    from crm_cli.store.core import dates_zh

    if split := dates_zh.split_clock(text):
        date_text, clock = split
        if not date_text:  # 下午2点: today
            return dt.datetime.combine(now.date(), clock, tzinfo=now.tzinfo)
    elif match := _DATE_AND_TIME.fullmatch(text):
        date_text, parsed = match["date"], _match_time(match["time"])
        if parsed is None:
            return None
        clock = parsed
    day = _match_date(date_text, now.date())
    if day is None:
        return None
    return dt.datetime.combine(day, clock, tzinfo=now.tzinfo)


def _match_time(text: str) -> dt.time | None:
    """The time of day in ``HH:MM[:SS]``, or None (also for 24:00 or 09:60)."""
    if not (match := _TIME.fullmatch(text)):
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        return None


def require_past(what: str, day: dt.date | None, today: dt.date) -> None:
    """Refuse a future date for something that records what has happened."""
    if day is not None and day > today:
        raise InvalidInput(
            "invalid {what} {day}: it is after today ({today}); it records what happened",
            what=what,
            day=day,
            today=today,
        )


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now().replace(microsecond=0)
