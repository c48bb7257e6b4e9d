"""The calendar screen (issue 13, point 5): `4` opens it from every screen; the week and
day move with the keys; add, edit one occurrence, cancel, accept and decline go through
the store, and a refused add stays in its dialog beside the field, with what was typed.

The clock is Monday 2026-11-02 09:00, so the week shown first is 11-02 to 11-08."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from crm_cli.store.schedule import agenda, events
from crm_cli.store.schedule.recurrence import Repeat
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.event_forms import EventDialog, OccurrenceDialog, ScopeDialog
from crm_cli.tui.screens.calendar import CalendarScreen
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle
from tests.tui.test_tab_edits import type_into

MONDAY = dt.date(2026, 11, 2)


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


@pytest.fixture
def planned(team: Team) -> Team:
    """wang's weekly meeting (Mondays and Wednesdays), an all-day event on Wednesday and a
    visit on Thursday; li's meeting on Tuesday, to which wang is invited."""
    add = events.add_event
    add(team.wang, "周会", values={"at": "2026-11-02 09:00", "until": "10:00",
                                  "repeat": Repeat("weekly", on="mo,we")}, now=NOW)  # fmt: skip
    add(team.wang, "年会", values={"at": "2026-11-04", "all_day": True}, now=NOW)
    add(team.wang, "拜访客户", values={"at": "2026-11-05 10:00", "place": "温州"}, now=NOW)
    add(team.li, "代理商会议", values={"at": "2026-11-03 14:30"}, invite=["wang"], now=NOW)
    return team


def titles(screen: CalendarScreen) -> list[str]:
    return [o.title for o in (r["occurrence"] for r in screen.table.rows_shown)]


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def open_calendar(pilot: Pilot[Any]) -> CalendarScreen:
    await press(pilot, "4")
    screen = pilot.app.screen
    assert isinstance(screen, CalendarScreen)
    return screen


def error_of(app: CrmApp, key: str) -> str:
    shown = app.screen.query_one(f"#e-{key}", Static)
    return str(shown.content) if shown.display else ""


def test_4_opens_the_week_from_the_center_and_from_home(planned: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        assert app.screen is app.get_screen("center")
        # Out of the footers (they are full), listed under `?`.
        assert app.screen.active_bindings["4"].binding.description == "Calendar"
        screen = await open_calendar(pilot)
        assert (screen.day, screen.week_of) == (MONDAY, MONDAY)
        assert titles(screen) == ["周会"]
        # 周会 on Monday and Wednesday, 代理商会议, 年会, 拜访客户
        assert sorted(o.title for o in screen.week) == ["代理商会议", "周会", "周会", "年会",
                                                        "拜访客户"]  # fmt: skip
        await press(pilot, "1")
        assert app.screen is app.get_screen("home")
        assert await open_calendar(pilot) is screen

    drive(db_url, "wang", script)


def test_keys_move_by_day_and_week(planned: Team, db_url: str) -> None:
    seen: list[tuple[dt.date | None, dt.date | None, list[str]]] = []

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        for keys in (("right",), ("l", "l"), ("right_square_bracket",), ("pageup",),
                     ("left",), ("t",), ("left_square_bracket", "h")):  # fmt: skip
            await press(pilot, *keys)
            seen.append((screen.day, screen.week_of, titles(screen)))

    drive(db_url, "wang", script)
    assert seen == [
        (day(1), MONDAY, ["代理商会议"]),
        (day(3), MONDAY, ["拜访客户"]),
        (day(10), day(7), []),  # next week's Thursday: the visit was once
        (day(3), MONDAY, ["拜访客户"]),
        (day(2), MONDAY, ["年会", "周会"]),  # all-day first
        (MONDAY, MONDAY, ["周会"]),
        (day(-8), day(-14), []),
    ]


def test_a_adds_an_event_that_is_stored_then_shown(planned: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, EventDialog)
        await type_into(pilot, {"title": "客户培训", "at": "2026-11-06 15:00",
                                "until": "16:30", "place": "3楼", "invite": "zhao"})  # fmt: skip
        await press(pilot, "enter")
        assert app.screen is screen
        assert screen.day == day(4)
        assert titles(screen) == ["客户培训"]
        assert screen.table.rows_shown[0]["time"] == "15:00-16:30"

    drive(db_url, "wang", script)
    added = [e for e in agenda.list_events(planned.wang) if e.title == "客户培训"]
    assert [(e.place, e.invitees) for e in added] == [
        ("3楼", [{"user": "zhao", "status": "pending"}])
    ]


def test_an_end_before_the_start_stays_in_the_dialog(planned: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_calendar(pilot)
        await press(pilot, "a")
        await type_into(pilot, {"title": "客户培训", "at": "2026-11-06 15:00", "until": "14:00"})
        await press(pilot, "enter")
        assert isinstance(app.screen, EventDialog), "the dialog closed"
        seen["until"], seen["title"] = error_of(app, "until"), error_of(app, "title")
        seen["typed"] = {b.id: b.value for b in app.screen.query(Input) if b.value}
        await press(pilot, "escape")

    drive(db_url, "wang", script)
    assert "is not after the start" in seen["until"] and seen["title"] == ""
    assert seen["typed"] == {"f-title": "客户培训", "f-at": "2026-11-06 15:00",
                             "f-until": "14:00", "f-all_day": "no"}  # fmt: skip
    assert "客户培训" not in [e.title for e in agenda.list_events(planned.wang)]


def test_e_edits_one_occurrence_of_a_series(planned: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        await press(pilot, "right", "right", "down")  # Wednesday: 年会, then 周会
        assert screen.chosen() is not None and screen.chosen().title == "周会"  # type: ignore[union-attr]
        await press(pilot, "e")
        assert isinstance(app.screen, ScopeDialog)
        await press(pilot, "o")
        assert isinstance(app.screen, OccurrenceDialog)
        await type_into(pilot, {"at": "2026-11-04 16:00", "place": "会议室B"})
        await press(pilot, "enter")
        assert app.screen is screen
        assert [r["time"] for r in screen.table.rows_shown] == ["all day", "16:00-17:00"]

    drive(db_url, "wang", script)
    weekly = agenda.get_event(planned.wang, "EV000001")
    assert [(x["occurrence"], x["start"].hour, x["place"]) for x in weekly.exceptions] == [
        (day(2), 16, "会议室B")
    ]
    assert weekly.start.hour == 9  # the series is unchanged


def test_e_then_s_edits_the_whole_series(planned: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        await press(pilot, "enter", "s")  # Monday's meeting
        assert isinstance(app.screen, EventDialog)
        typed = {b.id: b.value for b in app.screen.query(Input) if b.value}
        assert (
            typed["f-at"] == "2026-11-02 09:00" and typed["f-repeat"] == "FREQ=WEEKLY;BYDAY=MO,WE"
        )
        await type_into(pilot, {"place": "会议室A", "invite": "zhao"})
        await press(pilot, "enter")
        assert app.screen is screen
        assert [r["place"] for r in screen.table.rows_shown] == ["会议室A"]

    drive(db_url, "wang", script)
    weekly = agenda.get_event(planned.wang, "EV000001")
    assert (weekly.place, weekly.start.hour) == ("会议室A", 9)
    assert weekly.invitees == [{"user": "zhao", "status": "pending"}]


def test_a_friendly_repeat_and_an_all_day_time_refused_beside_it(
    planned: Team, db_url: str
) -> None:
    errors: list[str] = []

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        await press(pilot, "a")
        await type_into(pilot, {"title": "晨会", "at": "2026-11-06 08:30", "all_day": "yes",
                                "repeat": "weekly on fr count 3"})  # fmt: skip
        await press(pilot, "enter")
        errors.append(error_of(app, "at"))
        await type_into(pilot, {"all_day": "no"})
        await press(pilot, "enter")
        assert app.screen is screen and titles(screen) == ["晨会"]
        await press(pilot, "right_square_bracket")
        assert titles(screen) == ["晨会"]

    drive(db_url, "wang", script)
    assert "invalid date '2026-11-06 08:30'" in errors[0]
    added = [e for e in agenda.list_events(planned.wang) if e.title == "晨会"]
    assert [e.repeat for e in added] == ["FREQ=WEEKLY;BYDAY=FR;COUNT=3"]


def test_shift_x_cancels_after_asking(planned: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        await press(pilot, "right", "right", "right", "x")  # x: nothing (the center's Clear)
        assert app.screen is screen
        await press(pilot, "X")  # Thursday's visit
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert titles(screen) == ["拜访客户"]
        await press(pilot, "X", "y")
        assert titles(screen) == []
        await press(pilot, "t", "delete", "o")  # Monday's meeting: this occurrence only
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        assert titles(screen) == []

    drive(db_url, "wang", script)
    visit = agenda.get_event(planned.wang, "EV000003")
    weekly = agenda.get_event(planned.wang, "EV000001")
    assert (visit.status, weekly.status) == ("cancelled", "active")
    assert [(x["occurrence"], x["cancelled"]) for x in weekly.exceptions] == [(MONDAY, True)]


def test_y_and_shift_n_answer_an_invitation(planned: Team, db_url: str) -> None:
    statuses: list[str] = []

    def status() -> str:
        return str(agenda.get_event(planned.li, "EV000004").invitees[0]["status"])

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        await press(pilot, "right", "y")
        statuses.append(status())
        assert screen.table.rows_shown[0]["answer"] == "invited: accepted"
        await press(pilot, "N")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        statuses.append(status())
        assert titles(screen) == []  # a declined event leaves the agenda

    drive(db_url, "wang", script)
    assert statuses == ["accepted", "declined"]


def test_a_manager_switches_to_a_subordinates_agenda(planned: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        assert titles(screen) == []  # li's own Monday
        await press(pilot, "u")
        await type_into(pilot, {"user": "wang"})
        await press(pilot, "enter")
        assert (screen.whose, titles(screen)) == ("wang", ["周会"])

    drive(db_url, "li", script)


def test_sales_users_have_no_user_key(planned: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_calendar(pilot)
        await press(pilot, "u")
        assert app.screen is screen and screen.whose is None

    drive(db_url, "wang", script)
