"""Moments in the calendar: stored as naive UTC, typed and shown in a local zone.

Callers pass ``now`` as the team's local wall-clock time (what `--as-of` and the CLI's
clock give); ``None`` reads the clock in the team's zone, whatever the machine's zone is.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from crm_cli.store.core.dates import parse_date, parse_datetime

UTC = dt.UTC


def local_now(now: dt.datetime | None, tz: ZoneInfo) -> dt.datetime:
    """The local wall-clock ``now`` (naive), to the second."""
    if now is None:
        return dt.datetime.now(tz).replace(tzinfo=None, microsecond=0)
    if now.tzinfo is not None:
        return now.astimezone(tz).replace(tzinfo=None)
    return now


def to_utc(local: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A local wall-clock time as naive UTC (a time skipped by a DST change moves ahead)."""
    return local.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


def to_local(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A naive UTC moment as the local wall-clock time (naive)."""
    return moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)


def shown(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A naive UTC moment as an aware local time: ISO 8601 with its offset in JSON."""
    return moment.replace(tzinfo=UTC).astimezone(tz)


def parse_local(text: str, now: dt.datetime) -> dt.datetime:
    """What a user typed (``2026-12-07 09:00``, ``tomorrow 14:30``, ``+2h``) as local time."""
    return parse_datetime(text, now).replace(microsecond=0)


def parse_day(text: str, today: dt.date) -> dt.date:
    return parse_date(text, today)


def day_bounds(first: dt.date, last: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """From local midnight of ``first`` to local midnight after ``last``, in UTC."""
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    return to_utc(start, tz), to_utc(end, tz)
