"""A series as stored and as it happens: its rule read from the row, the span the agenda's
index reads through, and its occurrences in a window with the exceptions applied."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule

from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule import recurrence
from crm_cli.store.schedule.times import to_local, to_utc

E, Inv, X = sc.ScheduleEvent, sc.ScheduleInvite, sc.ScheduleException


class Happening(NamedTuple):
    """One occurrence in local time (naive), with the exception that changed it, if any."""

    day: dt.date  # the day it was planned for
    start: dt.datetime
    end: dt.datetime
    exception: sc.ScheduleException | None


def rule_of(row: sc.ScheduleEvent) -> rrule | None:
    if not row.rrule:
        return None
    tz = ZoneInfo(row.tz)
    return recurrence.parse(row.rrule, to_local(row.start_at, tz), tz)[1]


def exceptions_of(row: sc.ScheduleEvent) -> list[sc.ScheduleException]:
    return list(X.select().where(X.event == row.id).order_by(X.occurrence))


def respan(row: sc.ScheduleEvent, exceptions: list[sc.ScheduleException]) -> None:
    """Set the span from the first start to the last end, moved occurrences included, and
    copy it to the invitations (they serve each invitee's window query)."""
    tz = ZoneInfo(row.tz)
    length = row.end_at - row.start_at
    span_start, span_end = row.start_at, row.end_at
    rule = rule_of(row)
    if rule is not None:
        last = recurrence.last(rule, row.rrule)
        span_end = sc.FOREVER if last is None else to_utc(last, tz) + length
    for exc in exceptions:
        if exc.start_at is not None and exc.end_at is not None:
            span_start, span_end = min(span_start, exc.start_at), max(span_end, exc.end_at)
    row.span_start, row.span_end = span_start, span_end
    if row.id is not None:
        Inv.update(start_at=row.start_at, span_start=span_start, span_end=span_end).where(
            Inv.event == row.id
        ).execute()


def happenings(
    row: sc.ScheduleEvent,
    exceptions: list[sc.ScheduleException],
    start: dt.datetime,
    end: dt.datetime,
) -> list[Happening]:
    """The occurrences overlapping [start, end) (naive UTC), cancelled ones left out, moved
    ones where they moved to; by start."""
    tz = ZoneInfo(row.tz)
    changed = {e.occurrence: e for e in exceptions}
    local_start, local_end = to_local(row.start_at, tz), to_local(row.end_at, tz)
    length = local_end - local_start
    rule = rule_of(row)
    window = (to_local(start, tz), to_local(end, tz))
    if rule is None:
        inside = local_start < window[1] and (local_end > window[0] or local_start >= window[0])
        planned = [local_start] if inside else []
    else:
        planned = recurrence.between(rule, length, *window)
    found = []
    for begin in planned:
        exc = changed.pop(begin.date(), None)
        found.append(Happening(begin.date(), begin, begin + length, exc))
    # An occurrence moved into the window from a day outside it.
    for day, exc in changed.items():
        if exc.start_at is not None and rule is not None and recurrence.on_day(rule, day):
            found.append(Happening(day, local_start, local_end, exc))
    result = []
    for h in found:
        if h.exception is not None and h.exception.cancelled:
            continue
        moved = h.exception
        if moved is not None and moved.start_at is not None:
            end = moved.end_at or moved.start_at
            h = h._replace(start=to_local(moved.start_at, tz), end=to_local(end, tz))
        if h.start < window[1] and (h.end > window[0] or h.start >= window[0]):
            result.append(h)
    return sorted(result, key=lambda h: h.start)


def planned_on(row: sc.ScheduleEvent, day: dt.date) -> dt.datetime | None:
    """The local start of the occurrence planned for ``day`` (before any exception)."""
    tz = ZoneInfo(row.tz)
    rule = rule_of(row)
    if rule is None:
        start = to_local(row.start_at, tz)
        return start if start.date() == day else None
    return recurrence.on_day(rule, day)
