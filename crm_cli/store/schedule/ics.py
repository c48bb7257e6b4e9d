"""iCalendar (RFC 5545) out and in, with the `icalendar` library: `crm schedule export
--format ics` and `crm schedule import FILE.ics`.

A series is one VEVENT with its RRULE; a cancelled occurrence is an EXDATE, a changed one
a VEVENT of the same UID with a RECURRENCE-ID, as calendar clients write them. Times carry
their TZID and the file its VTIMEZONE; the reminder is a VALARM. An import is one
transaction: a file with an unknown time zone or a bad rule writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule import recurrence, series
from crm_cli.store.schedule.agenda import whose
from crm_cli.store.schedule.settings import default_lead, team_zone
from crm_cli.store.schedule.times import local_now, shown, to_local, to_utc

E, Inv, X = sc.ScheduleEvent, sc.ScheduleInvite, sc.ScheduleException
PRODID = "-//crm_cli//calendar//EN"


class Imported(NamedTuple):
    added: list[str]  # codes of the new events
    skipped: int  # events already imported (same UID)

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


@reading
def export_ics(actor: User, *, user: str | None = None, now: dt.datetime | None = None) -> bytes:
    """A user's calendar as an .ics file: their events and the invitations they did not
    decline, cancelled events left out."""
    target = whose(actor, user)
    stamp = to_utc(local_now(now, team_zone()), team_zone()).replace(tzinfo=dt.UTC)
    invited = Inv.select(Inv.event).where((Inv.user == target.id) & (Inv.status != "declined"))
    rows = E.select().where(((E.owner == target.id) | E.id.in_(invited))
                            & E.cancelled_at.is_null()).order_by(E.start_at, E.id)  # fmt: skip
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    for row in rows:
        for component in _components(row, series.exceptions_of(row), stamp):
            cal.add_component(component)
    cal.add_missing_timezones(last_date=dt.date(2100, 1, 1))  # series run for years
    return cal.to_ical()


def _moment(moment: dt.datetime, row: sc.ScheduleEvent) -> dt.date | dt.datetime:
    local = shown(moment, ZoneInfo(row.tz))
    return local.date() if row.all_day else local


def _components(
    row: sc.ScheduleEvent, exceptions: list[sc.ScheduleException], stamp: dt.datetime
) -> list[Event]:
    uid = row.uid or f"{row.code}@crm"
    main = Event()
    for key, value in (("uid", uid), ("dtstamp", stamp), ("summary", row.title),
                       ("dtstart", _moment(row.start_at, row)),
                       ("dtend", _moment(row.end_at, row))):  # fmt: skip
        main.add(key, value)
    if row.place:
        main.add("location", row.place)
    if row.note:
        main.add("description", row.note)
    if row.rrule:
        main.add("rrule", vRecur.from_ical(_utc_until(row)))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", row.title)
    alarm.add("trigger", dt.timedelta(minutes=-row.remind_minutes))
    main.add_component(alarm)
    found = [main]
    tz = ZoneInfo(row.tz)
    planned = to_local(row.start_at, tz)
    for exc in exceptions:
        original = to_utc(dt.datetime.combine(exc.occurrence, planned.time()), tz)
        if exc.cancelled:
            main.add("exdate", _moment(original, row))
        else:
            found.append(_changed(row, exc, uid, stamp, original))
    return found


def _changed(
    row: sc.ScheduleEvent, exc: sc.ScheduleException, uid: str, stamp: dt.datetime,
    original: dt.datetime,
) -> Event:  # fmt: skip
    """A changed occurrence: an event of the series' UID with its RECURRENCE-ID."""
    moved = Event()
    moved.add("uid", uid)
    moved.add("dtstamp", stamp)
    moved.add("recurrence-id", _moment(original, row))
    moved.add("summary", exc.title if exc.title is not None else row.title)
    start = exc.start_at or original
    moved.add("dtstart", _moment(start, row))
    moved.add("dtend", _moment(exc.end_at or start + (row.end_at - row.start_at), row))
    place = exc.place if exc.place is not None else row.place
    if place:
        moved.add("location", place)
    return moved


def _utc_until(row: sc.ScheduleEvent) -> str:
    """The rule as a file says it: RFC 5545 wants UNTIL in UTC beside a DTSTART with a
    TZID, and a date beside an all-day DTSTART; we keep it in floating local time."""
    parts = dict(p.split("=", 1) for p in row.rrule.split(";"))
    if "UNTIL" in parts:
        value = parts["UNTIL"]
        until = dt.datetime.strptime(value, "%Y%m%dT%H%M%S" if "T" in value else "%Y%m%d")
        parts["UNTIL"] = f"{until:%Y%m%d}" if row.all_day else \
            f"{to_utc(until, ZoneInfo(row.tz)):%Y%m%dT%H%M%S}Z"  # fmt: skip
    return ";".join(f"{k}={v}" for k, v in parts.items())


@writing
def import_ics(actor: User, data: bytes, *, now: dt.datetime | None = None) -> Imported:
    """Add the events of an .ics file to the actor's calendar, in the team's zone; an event
    whose UID was imported before is skipped.

    Raises:
        InvalidInput: not an iCalendar file, an unknown time zone, an end before its start,
            a malformed or never-matching rule.
    """
    tz = team_zone()
    stamp = to_utc(local_now(now, tz), tz)
    try:
        cal = Calendar.from_ical(data)
    except ValueError as exc:
        raise InvalidInput("not an iCalendar file: {exc}", exc=exc) from None
    masters = [c for c in cal.walk("VEVENT") if c.get("recurrence-id") is None]
    changes = [c for c in cal.walk("VEVENT") if c.get("recurrence-id") is not None]
    added, skipped = [], 0
    for comp in masters:
        uid = str(comp.get("uid", ""))[:255]
        if uid and E.select().where((E.owner == actor.id) & (E.uid == uid)).exists():
            skipped += 1
            continue
        row = _add(actor, comp, uid, tz, stamp)
        own = [c for c in changes if uid and str(c.get("uid", "")) == uid]
        _exceptions(row, comp, own, tz, stamp)
        added.append(row.code)
    return Imported(added, skipped)


def _local(prop: Any, tz: ZoneInfo, what: str) -> tuple[dt.datetime, bool]:
    """A DTSTART-like property as team-local time, and whether it is a whole day."""
    if prop is None:
        raise InvalidInput("an event in the file has no {what}", what=what)
    value = prop.dt
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time()), True
    if value.tzinfo is None:
        name = prop.params.get("TZID")
        if name:  # a TZID neither the file's VTIMEZONEs nor the zone database know
            raise InvalidInput("unknown time zone {name!r} in the file", name=name)
        return value, False  # floating time: the team's
    return value.astimezone(tz).replace(tzinfo=None), False


def _add(actor: User, comp: Any, uid: str, tz: ZoneInfo, stamp: dt.datetime) -> sc.ScheduleEvent:
    start, all_day = _local(comp.get("dtstart"), tz, "DTSTART")
    if comp.get("dtend") is not None:
        end, _ = _local(comp.get("dtend"), tz, "DTEND")
    elif comp.get("duration") is not None:
        end = start + comp.get("duration").dt
    else:
        end = start + (dt.timedelta(days=1) if all_day else dt.timedelta(0))
    title = str(comp.get("summary", "")).strip()[:200] or "(no title)"
    if end < start or (end == start and all_day):
        raise InvalidInput("event {title!r} in the file ends before it starts", title=title)
    rule = ""
    if comp.get("rrule") is not None:
        rule, parsed = recurrence.parse(comp.get("rrule").to_ical().decode(), start, tz)
        first = recurrence.first(parsed, start)
        start, end = first, first + (end - start)
    row = E(owner=actor.id, uid=uid, title=title, tz=str(tz.key), all_day=all_day, rrule=rule,
            place=str(comp.get("location", "")).strip()[:200],
            note=str(comp.get("description", "")).strip()[:2000],
            start_at=to_utc(start, tz), end_at=to_utc(end, tz), remind_minutes=_lead(comp),
            created_at=stamp, updated_at=stamp)  # fmt: skip
    series.respan(row, [])
    row.code = next_code("event", "code.event_prefix")
    row.save(force_insert=True)
    oplog.write(actor, "event", row.id, None, "import", {"code": row.code, "uid": uid}, stamp)
    return row


def _lead(comp: Any) -> int:
    """The first VALARM's lead time before the start; the team's default without one."""
    for alarm in comp.walk("VALARM"):
        trigger = alarm.get("trigger")
        if trigger is not None and isinstance(trigger.dt, dt.timedelta):
            return max(0, min(int(-trigger.dt.total_seconds() // 60), 60 * 24 * 30))
    return default_lead()


def _exceptions(
    row: sc.ScheduleEvent, comp: Any, changes: list[Any], tz: ZoneInfo, stamp: dt.datetime
) -> None:
    """EXDATEs as cancelled occurrences, RECURRENCE-ID events as changed ones."""
    if not row.rrule:
        return
    days: dict[dt.date, sc.ScheduleException] = {}
    exdates = comp.get("exdate") or []
    for group in exdates if isinstance(exdates, list) else [exdates]:
        for value in group.dts:
            day = _local(value, tz, "EXDATE")[0].date()
            days[day] = X(event=row.id, occurrence=day, cancelled=True, updated_at=stamp)
    for change in changes:
        day = _local(change.get("recurrence-id"), tz, "RECURRENCE-ID")[0].date()
        start, _ = _local(change.get("dtstart"), tz, "DTSTART")
        end, _ = _local(change.get("dtend") or change.get("dtstart"), tz, "DTEND")
        days[day] = X(event=row.id, occurrence=day, start_at=to_utc(start, tz),
                      end_at=to_utc(max(end, start), tz), updated_at=stamp,
                      title=str(change.get("summary", row.title))[:200])  # fmt: skip
    for exc in days.values():
        exc.save(force_insert=True)
    series.respan(row, list(days.values()))
    row.save()
