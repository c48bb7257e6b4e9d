"""iCalendar out and in (issue 13, point 4): the export read back by vobject, a parser
independent of the `icalendar` library that wrote it, and imports that keep series,
cancelled and changed occurrences, skip what was imported before, and refuse an unknown
time zone without writing anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import vobject

from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.schedule import agenda, events, ics
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule.recurrence import Repeat
from tests.conftest import Team

NOW = dt.datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def planned(team: Team) -> Team:
    """wang's weekly meeting (one occurrence moved, one cancelled) with zhao invited, and an
    all-day event."""
    weekly = {"at": "2026-12-07 14:30", "until": "16:00", "place": "3楼", "remind": "15m",
              "repeat": Repeat("weekly", on="mo", until="2027-01-31")}  # fmt: skip
    code = events.add_event(team.wang, "周会", values=weekly, invite=["zhao"], now=NOW).code
    events.edit_event(team.wang, code, {"at": "2026-12-15 09:00", "title": "改期"},
                      occurrence="2026-12-14", now=NOW)  # fmt: skip
    events.cancel_event(team.wang, code, occurrence="2026-12-21", now=NOW)
    events.add_event(team.wang, "年会", values={"at": "2026-12-31", "all_day": True}, now=NOW)
    return team


def test_the_export_reads_back_in_an_independent_parser(planned: Team) -> None:
    cal: Any = vobject.readOne(ics.export_ics(planned.wang, now=NOW).decode())
    by_title = {e.summary.value: e for e in cal.vevent_list}
    weekly, moved, party = by_title["周会"], by_title["改期"], by_title["年会"]
    assert (weekly.summary.value, weekly.location.value) == ("周会", "3楼")
    assert weekly.dtstart.value.isoformat() == "2026-12-07T14:30:00+08:00"
    assert weekly.rrule.value == "FREQ=WEEKLY;UNTIL=20270131T155959Z;BYDAY=MO"
    starts = [s.strftime("%m-%d %H:%M") for s in weekly.getrruleset()][:4]
    assert starts == ["12-07 14:30", "12-14 14:30", "12-28 14:30", "01-04 14:30"]  # 21st: EXDATE
    assert weekly.valarm.trigger.value == -dt.timedelta(minutes=15)
    assert (moved.uid.value, moved.summary.value) == (weekly.uid.value, "改期")
    assert moved.recurrence_id.value.isoformat() == "2026-12-14T14:30:00+08:00"
    assert moved.dtstart.value.isoformat() == "2026-12-15T09:00:00+08:00"
    assert (party.summary.value, party.dtstart.value) == ("年会", dt.date(2026, 12, 31))
    # The invitee's calendar has the meeting; after declining, it is gone.
    assert len(vobject.readOne(ics.export_ics(planned.zhao, now=NOW).decode()).vevent_list) == 2
    events.decline_event(planned.zhao, "EV000001", now=NOW)
    assert "VEVENT" not in ics.export_ics(planned.zhao, now=NOW).decode()
    with pytest.raises(PermissionDenied):
        ics.export_ics(planned.chen, user="wang", now=NOW)


def test_an_import_keeps_the_series_and_its_exceptions_once(planned: Team) -> None:
    data = ics.export_ics(planned.wang, now=NOW)
    result = ics.import_ics(planned.chen, data, now=NOW)
    assert (result.added, result.skipped) == (["EV000003", "EV000004"], 0)
    assert ics.import_ics(planned.chen, data, now=NOW).skipped == 2

    def month(actor: Any) -> list[tuple[str, str, str, int]]:
        found = agenda.agenda(actor, period="month", as_of=dt.date(2026, 12, 1), now=NOW)
        return [(f"{o.start:%m-%d %H:%M}", o.title, o.place, o.remind_at.minute) for o in found]

    assert month(planned.chen) == month(planned.wang)


UNKNOWN_ZONE = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:x-1@test\r
DTSTAMP:20261201T000000Z\r
DTSTART;TZID=Mars/Olympus:20261207T100000\r
DTEND;TZID=Mars/Olympus:20261207T110000\r
SUMMARY:on Mars\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_file_with_an_unknown_time_zone_writes_nothing(team: Team) -> None:
    with pytest.raises(InvalidInput, match="unknown time zone 'Mars/Olympus'"):
        ics.import_ics(team.wang, UNKNOWN_ZONE, now=NOW)
    with pytest.raises(InvalidInput, match="not an iCalendar file"):
        ics.import_ics(team.wang, b"hello", now=NOW)
    assert sc.ScheduleEvent.select().count() == 0


def test_floating_times_and_durations_are_read_in_the_team_zone(team: Team) -> None:
    text = UNKNOWN_ZONE.replace(b";TZID=Mars/Olympus", b"").replace(
        b"DTEND:20261207T110000", b"DURATION:PT90M"
    )
    added = ics.import_ics(team.wang, text, now=NOW).added
    event = agenda.get_event(team.wang, added[0])
    assert (event.start.isoformat(), event.end.isoformat()) == (
        "2026-12-07T10:00:00+08:00", "2026-12-07T11:30:00+08:00")  # fmt: skip
