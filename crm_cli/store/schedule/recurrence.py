"""Repeating events: RFC 5545 recurrence rules through python-dateutil's ``rrule``.

A rule is typed whole (``FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101``) or built from friendly
options (``weekly --on mo,we --repeat-until 2027-01-01``, ``monthly --day 15``, ``monthly
--nth 2mo``, ``--count 10``). It is stored as its RRULE value and read in the event's
local time (a floating DTSTART), so a weekly 09:00 meeting stays at 09:00 across a DST
change. Occurrences are expanded for an asked window only.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from crm_cli.store.core.choices import fold, names_of
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput

FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# The parts a calendar event needs; sub-daily parts would make thousands of occurrences.
PARTS = ("FREQ", "INTERVAL", "UNTIL", "COUNT", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS",
         "WKST")  # fmt: skip
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_COUNT = 1000
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February as in a leap year
_NTH = re.compile(r"([+-]?[1-5])([a-z]{2})")
_UNTIL = re.compile(r"(\d{8})(?:T(\d{6})(Z?))?")


class Repeat(NamedTuple):
    """``--repeat`` and its friendly options as typed."""

    rule: str
    on: str | None = None
    day: int | None = None
    nth: str | None = None
    every: int | None = None
    until: str | None = None
    times: int | None = None  # --count: how many occurrences


def build(spec: Repeat, today: dt.date) -> str:
    """The RRULE value of ``--repeat`` and its friendly options (not yet checked against a
    start: see ``parse``). ''  means the event does not repeat."""
    repeat, on, day, nth, every, count = (spec.rule, spec.on, spec.day, spec.nth, spec.every,
                                          spec.times)  # fmt: skip
    until = parse_date(spec.until, today) if spec.until else None
    text = repeat.strip()
    if not text or text.lower() in ("no", "none", "never"):
        return ""
    friendly = {"--on": on, "--day": day, "--nth": nth, "--every": every,
                "--repeat-until": until, "--count": count}  # fmt: skip
    if "=" in text:
        given = [name for name, value in friendly.items() if value is not None]
        if given:
            raise InvalidInput(
                "give {given} in the rule itself, or use --repeat weekly …", given=given[0]
            )
        return text.upper().removeprefix("RRULE:")
    freq = names_of([f.lower() for f in FREQS], "repeat").get(fold(text), "").upper()
    if not freq:
        raise InvalidInput(
            "invalid --repeat {text!r}: daily, weekly, monthly, yearly or a rule "
            "like FREQ=WEEKLY;BYDAY=MO,WE",
            text=text,
        )
    parts = [f"FREQ={freq}"]
    if every is not None:
        parts.append(f"INTERVAL={every}")
    if on is not None:
        parts.append(f"BYDAY={_days(on)}")
    if nth is not None:
        parts.append(f"BYDAY={_nth(nth)}")
    if day is not None:
        parts.append(f"BYMONTHDAY={day}")
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")  # the whole last day counts
    if count is not None:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def _days(text: str) -> str:
    weekdays = names_of([d.lower() for d in DAYS], "weekday")
    words = [
        weekdays.get(fold(w), w.strip()[:2]).upper() for w in re.split("[,，、]", text) if w.strip()
    ]
    bad = [w for w in words if w not in DAYS]
    if not words or bad:
        raise InvalidInput("invalid --on {text!r}: weekdays like mo,we,fr", text=text)
    return ",".join(dict.fromkeys(words))


def _nth(text: str) -> str:
    match = _NTH.fullmatch(text.strip().lower())
    if not match or match[2].upper() not in DAYS or match[1].lstrip("+") in ("0", "-0"):
        raise InvalidInput(
            "invalid --nth {text!r}: e.g. 2mo (second Monday) or -1fr (last)", text=text
        )
    return f"{int(match[1])}{match[2].upper()}"


def parse(text: str, start: dt.datetime, tz: ZoneInfo) -> tuple[str, rrule]:
    """The rule's stored text and its ``rrule`` from ``start`` (local, naive).

    Raises:
        InvalidInput: the rule is malformed, repeats more often than daily, or never
            matches a day from ``start`` on.
    """
    parts = _split(text)
    if "UNTIL" in parts and "COUNT" in parts:
        raise InvalidInput("a repeat ends by a date or after a count, not both")
    if int(parts.get("COUNT", "1") or 0) > MAX_COUNT:
        raise InvalidInput("too many occurrences: --count at most {max_count}", max_count=MAX_COUNT)
    if "UNTIL" in parts:
        parts["UNTIL"] = _local_until(parts["UNTIL"], tz)
    clean = ";".join(f"{key}={value}" for key, value in parts.items())
    try:
        rule = rrulestr(f"RRULE:{clean}", dtstart=start)
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidInput("malformed repeat rule {text!r}: {exc}", text=text, exc=exc) from None
    assert isinstance(rule, rrule)
    if _impossible(parts) or rule.after(start, inc=True) is None:
        raise InvalidInput(
            "the repeat rule {text!r} never matches a day from {start:%Y-%m-%d}",
            text=text,
            start=start,
        )
    return clean, rule


def _split(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in filter(None, (p.strip() for p in text.strip().upper().split(";"))):
        key, sep, value = piece.partition("=")
        if not sep or not value:
            raise InvalidInput(
                "malformed repeat rule {text!r}: {piece!r} is no NAME=VALUE", text=text, piece=piece
            )
        if key not in PARTS:
            raise InvalidInput(
                "malformed repeat rule {text!r}: {key} is not supported here", text=text, key=key
            )
        parts[key] = value
    if parts.get("FREQ") not in FREQS:
        raise InvalidInput(
            "malformed repeat rule {text!r}: FREQ must be one of {freqs}",
            text=text,
            freqs=", ".join(FREQS),
        )
    for key in ("INTERVAL", "COUNT"):
        if key in parts and not parts[key].isdigit():
            raise InvalidInput(
                "malformed repeat rule {text!r}: {key} takes a whole number", text=text, key=key
            )
    return parts


def _local_until(value: str, tz: ZoneInfo) -> str:
    """UNTIL in the rule's floating local time; a UTC ``…Z`` one is converted."""
    match = _UNTIL.fullmatch(value)
    if not match:
        raise InvalidInput(
            "malformed repeat rule: UNTIL={value} is no date like 20270101", value=value
        )
    if not match[3]:
        return value
    moment = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
    local = moment.replace(tzinfo=dt.UTC).astimezone(tz)
    return f"{local:%Y%m%dT%H%M%S}"


def _impossible(parts: dict[str, str]) -> bool:
    """Months that never have the asked days (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30): caught
    here, as dateutil would search to the year 9999 for them."""
    if "BYMONTH" not in parts or "BYMONTHDAY" not in parts:
        return False
    try:
        months = [int(m) for m in parts["BYMONTH"].split(",")]
        days = [abs(int(d)) for d in parts["BYMONTHDAY"].split(",")]
    except ValueError:
        return False  # dateutil has refused it already
    return all(d > _MONTH_DAYS[m - 1] for m in months if 1 <= m <= 12 for d in days)


def first(rule: rrule, start: dt.datetime) -> dt.datetime:
    """The series' first occurrence: ``start`` if the rule matches it, else the next match."""
    found = rule.after(start, inc=True)
    assert found is not None  # ``parse`` refused a rule that never matches
    return found


def last(rule: rrule, text: str) -> dt.datetime | None:
    """The last occurrence's start (local), or None for an endless series."""
    parts = _split(text)
    if "COUNT" in parts:
        return list(rule)[-1]
    if "UNTIL" in parts:
        return rule.before(dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d")
                           + dt.timedelta(days=1), inc=False)  # fmt: skip
    return None


def between(
    rule: rrule, duration: dt.timedelta, start: dt.datetime, end: dt.datetime
) -> list[dt.datetime]:
    """Local starts of the occurrences that overlap [start, end) (a zero-length one counts
    when it starts inside)."""
    found = rule.between(start - duration, end, inc=True)
    return [s for s in found if s < end and (s + duration > start or s >= start)]


def on_day(rule: rrule, day: dt.date) -> dt.datetime | None:
    """The occurrence that starts on ``day`` (local), if any."""
    begin = dt.datetime.combine(day, dt.time())
    found = rule.between(begin, begin + dt.timedelta(days=1), inc=True)
    return found[0] if found else None
