"""`crm schedule …` and `crm agenda` (issue 13, point 4): the command contract, `crm
today`'s line, and bad input as one stderr line with CLI.md's exit code that writes
nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.conftest import Crm

MEETING = ("schedule", "add", "代理商会议", "--at", "2026-12-07 14:30", "--until", "16:00")


@pytest.fixture
def cal(staff: Crm) -> Crm:
    """wang's customer C000001; li manages wang, who leads zhao; chen on her own."""
    staff.add("华为技术有限公司", user="wang")
    return staff


def agenda(crm: Crm, *extra: str, user: str = "wang") -> list[tuple[str, str, str]]:
    rows = crm.json("agenda", "--as-of", "2026-12-07", *extra, user=user)
    return [(r["start"][5:16], r["title"], r["role"]) for r in rows]


def events_of(crm: Crm, user: str = "wang") -> str:
    """Everything on a user's calendar, as an admin sees it: a refusal must not change it."""
    return crm.ok("schedule", "list", "--user", user, "--cancelled", "-f", "json").stdout


def test_a_repeating_meeting_with_an_invitee_from_add_to_cancel(cal: Crm) -> None:
    added = cal.json(*MEETING, "--invite", "zhao", "--repeat", "weekly", "--on", "mo",
                     "--repeat-until", "2027-01-31", "--customer", "C000001", "--place", "3楼",
                     user="wang")  # fmt: skip
    assert (added["code"], added["start"], added["end"]) == (
        "EV000001", "2026-12-07T14:30:00+08:00", "2026-12-07T16:00:00+08:00")  # fmt: skip
    assert added["repeat"] == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270131T235959"
    assert (added["remind_minutes"], added["customer"]) == (30, "C000001")
    assert agenda(cal, "--week", user="zhao") == [("12-07T14:30", "代理商会议", "invited")]
    assert cal.json("schedule", "accept", "EV000001", user="zhao")["invitees"] == [
        {"user": "zhao", "status": "accepted"}]  # fmt: skip
    cal.ok("schedule", "edit", "EV000001", "--occurrence", "2026-12-14", "--at",
           "2026-12-15 09:00", user="wang")  # fmt: skip
    cal.ok("schedule", "cancel", "EV000001", "--occurrence", "2026-12-21", user="wang")
    cal.ok("schedule", "edit", "EV000001", "--title", "周会", user="wang")
    assert agenda(cal, "--month") == [
        ("12-07T14:30", "周会", "owner"), ("12-15T09:00", "周会", "owner"),
        ("12-28T14:30", "周会", "owner"),
    ]  # fmt: skip
    assert agenda(cal, "--month", "--user", "zhao", user="li") == [
        ("12-07T14:30", "周会", "invited"), ("12-15T09:00", "周会", "invited"),
        ("12-28T14:30", "周会", "invited"),
    ]  # fmt: skip
    cal.ok("schedule", "decline", "EV000001", user="zhao")
    assert agenda(cal, "--month", user="zhao") == []
    shown = cal.json("schedule", "show", "EV000001", user="li")
    assert [x["occurrence"] for x in shown["exceptions"]] == ["2026-12-14", "2026-12-21"]
    assert [e["code"] for e in cal.json("schedule", "list", user="wang")] == ["EV000001"]
    cal.ok("schedule", "cancel", "EV000001", user="wang")
    assert cal.json("schedule", "list", user="wang") == []
    actions = [e["action"] for e in cal.log("C000001") if e["entity"] == "event"]
    assert actions == ["cancel", "decline", "edit", "cancel occurrence", "edit occurrence",
                       "accept", "add"]  # fmt: skip


def test_agenda_day_is_the_default_and_text_output(cal: Crm) -> None:
    cal.ok(*MEETING, "--remind", "1h", user="wang")
    cal.ok("schedule", "add", "年会", "--at", "2026-12-08", "--all-day", user="wang")
    assert agenda(cal) == [("12-07T14:30", "代理商会议", "owner")]
    rows = cal.json("agenda", "--as-of", "2026-12-07", user="wang")
    assert rows[0]["remind_at"] == "2026-12-07T13:30:00+08:00"
    plain = cal.ok("agenda", "--week", "--as-of", "2026-12-07", "-f", "plain", user="wang").stdout
    assert "代理商会议" in plain and "年会" in plain
    empty = cal.ok("agenda", "--as-of", "2026-12-09", "-f", "plain", user="wang")
    assert "Nothing planned." in empty.output


def test_today_lists_the_days_events_with_their_reminder(cal: Crm) -> None:
    cal.ok(*MEETING, "--invite", "zhao", user="wang")
    data = cal.json("today", "--as-of", "2026-12-07", user="zhao")
    assert data["counts"]["schedule"] == 1
    item = next(i for i in data["items"] if i["kind"] == "schedule")
    assert (item["ref"], item["due"], item["urgency"]) == ("EV000001", "2026-12-07", "today")
    assert item["text"] == "14:30–16:00 代理商会议 (remind 14:00, invited by wang)"


def test_an_end_before_its_start(cal: Crm) -> None:
    before = events_of(cal)
    line = cal.fails(1, "schedule", "add", "x", "--at", "2026-12-07 14:30", "--until", "13:00",
                     user="wang")  # fmt: skip
    assert line == "Error: the end (2026-12-07 13:00) is not after the start (2026-12-07 14:30)"
    assert events_of(cal) == before


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never matches"),
        ("FREQ=WEEKLY;UNTIL=20200101", "never matches"),
        ("FREQ=WEEKLY;BYDAY=XX", "malformed repeat rule"),
        ("FREQ=WEEKLY;BYDAY", "malformed repeat rule"),
    ],
)
def test_a_rule_that_never_matches_or_is_malformed(cal: Crm, repeat: str, message: str) -> None:
    before = events_of(cal)
    line = cal.fails(1, *MEETING, "--repeat", repeat, user="wang")
    assert message in line
    assert events_of(cal) == before


def test_an_invitee_who_does_not_exist(cal: Crm) -> None:
    before = events_of(cal), events_of(cal, "zhao")
    line = cal.fails(4, *MEETING, "--invite", "zhao", "--invite", "nobody", user="wang")
    assert line == "Error: no user 'nobody'"
    assert (events_of(cal), events_of(cal, "zhao")) == before


def test_accepting_someone_elses_invitation(cal: Crm) -> None:
    cal.ok(*MEETING, "--invite", "zhao", user="wang")
    before = events_of(cal)
    line = cal.fails(5, "schedule", "accept", "EV000001", user="li")
    assert line == "Error: you are not invited to event EV000001; only invitees answer"
    assert cal.fails(4, "schedule", "decline", "EV000001", user="chen") == (
        "Error: no event 'EV000001'")  # fmt: skip
    assert events_of(cal) == before


def test_who_may_read_whose_agenda_and_usage_errors(cal: Crm) -> None:
    cal.ok(*MEETING, user="zhao")
    assert agenda(cal, "--user", "zhao", user="li") == [("12-07T14:30", "代理商会议", "owner")]
    assert "zhao's calendar" in cal.fails(5, "agenda", "--user", "zhao", user="chen")
    assert cal.fails(4, "agenda", "--user", "nobody", user="li") == "Error: no user 'nobody'"
    assert "--week or --month" in cal.fails(2, "agenda", "--week", "--month", user="wang")
    assert "go with --repeat" in cal.fails(2, *MEETING, "--on", "mo", user="wang")
    assert "no customer" in cal.fails(4, *MEETING, "--customer", "C000001", user="chen")
    assert "--remind" not in cal.fails(1, *MEETING, "--remind", "soon", user="wang")


def test_calendar_settings(cal: Crm) -> None:
    cal.ok("config", "set", "calendar.timezone", "Europe/Berlin")
    added: dict[str, Any] = cal.json(*MEETING, user="wang")
    assert (added["start"], added["timezone"]) == ("2026-12-07T14:30:00+01:00", "Europe/Berlin")
    assert "unknown time zone" in cal.fails(1, "config", "set", "calendar.timezone", "Mars/X")


def test_export_as_ics_and_import_it_again(cal: Crm) -> None:
    import vobject

    cal.ok(*MEETING, "--repeat", "weekly", "--count", "3", "--remind", "15m", user="wang")
    text = cal.ok("schedule", "export", "--format", "ics", user="wang").stdout
    event: Any = vobject.readOne(text).vevent
    assert (event.summary.value, event.rrule.value) == ("代理商会议", "FREQ=WEEKLY;COUNT=3")
    path = cal.tmp_path / "日程.ics"
    cal.ok("schedule", "export", "--output", str(path), "--user", "wang", user="li")
    assert path.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    result = cal.json("schedule", "import", str(path), user="chen")
    assert result == {"added": ["EV000002"], "skipped": 0}
    assert [r[0] for r in agenda(cal, "--month", user="chen")] == [
        "12-07T14:30", "12-14T14:30", "12-21T14:30"]  # fmt: skip
    assert "ics" in cal.fails(2, "schedule", "export", "--format", "csv", user="wang")


def test_an_ics_file_with_an_unknown_time_zone(cal: Crm) -> None:
    path = cal.tmp_path / "mars.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:m@t\r\n"
        b"DTSTAMP:20261201T000000Z\r\nDTSTART;TZID=Mars/Olympus:20261207T100000\r\n"
        b"SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    before = events_of(cal)
    line = cal.fails(1, "schedule", "import", str(path), user="wang")
    assert line == "Error: unknown time zone 'Mars/Olympus' in the file"
    assert "cannot read" in cal.fails(1, "schedule", "import", "nothing.ics", user="wang")
    assert events_of(cal) == before
