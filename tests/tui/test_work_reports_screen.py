"""The work reports screen (issue 14, points 1 and 6): `5` opens it; a writer writes and
submits today's daily report there, a manager reads the reports below them with their
figures, comments on one, and sees the overview grid of who submitted when."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports import reports
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.screens.work_reports import WorkReportsScreen
from crm_cli.tui.widgets.common import RecordTable
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle
from tests.tui.test_tab_edits import type_into

W = wm.WorkReport


@pytest.fixture
def written(team: Team) -> Team:
    """wang's weekly report of 2026-W44 submitted a day late, zhao's on time; chen's too."""
    late = dt.datetime(2026, 11, 2, 8, 0)  # NOW is Monday 2 November, 09:00
    for who, at in ((team.wang, late), (team.zhao, dt.datetime(2026, 11, 1, 20, 0)),
                    (team.chen, late)):  # fmt: skip
        reports.write_report(who, "week", "2026-W44", f"{who.login} 的周报", now=at)
        reports.submit_report(who, "2026-W44", now=at)
    return team


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def open_reports(pilot: Pilot[Any]) -> WorkReportsScreen:
    await press(pilot, "5")
    screen = pilot.app.screen
    assert isinstance(screen, WorkReportsScreen)
    for box in screen.query(Input):
        box.cursor_blink = False
    return screen


def rows(screen: WorkReportsScreen, which: str) -> list[Any]:
    return list(screen.query_one(f"#{which}", RecordTable).rows_shown)


def test_a_manager_reads_comments_and_sees_who_submitted_when(written: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        seen["listed"] = [(r["author"], r["late_days"]) for r in rows(screen, "reports")]
        seen["first"] = str(screen.query_one("#report-text", Static).render())
        await press(pilot, "down")  # wang's, read as the cursor reaches it
        seen["text"] = str(screen.query_one("#report-text", Static).render())
        await press(pilot, "c")
        assert isinstance(app.screen, NameDialog)
        await type_into(pilot, {"value": "下周早点交"})
        await press(pilot, "enter")
        seen["after"] = str(screen.query_one("#report-text", Static).render())
        await press(pilot, "o")  # the Overview tab
        seen["weeks"] = rows(screen, "grid")
        await press(pilot, "m")
        seen["months"] = rows(screen, "grid")

    drive(db_url, "li", script)
    assert seen["listed"] == [("zhao", 0), ("wang", 1)]  # not chen: not below li
    assert "zhao 的周报" in seen["first"] and "on time" in seen["first"]
    assert "wang 的周报" in seen["text"] and "late by 1 day\n" in seen["text"]
    assert "参考数据: contacts 0" in seen["text"]
    wangs = W.get(W.id == 1)
    assert wangs.commented_at == NOW and "李经理: 下周早点交" in seen["after"]
    weeks = {r["login"]: r for r in seen["weeks"]}
    assert (weeks["wang"]["2026-W44"], weeks["zhao"]["2026-W44"]) == ("+1", "✓")
    assert (weeks["wang"]["2026-W43"], weeks["wang"]["2026-W45"]) == ("✗", "·")
    assert seen["months"][0]["2026-10"] == "✗" and seen["months"][0]["2026-11"] == "·"


def test_a_writer_writes_and_submits_todays_report(written: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        await press(pilot, "a")
        await type_into(pilot, {"value": "拜访华为"})
        await press(pilot, "enter")
        seen["draft"] = [(r["period"], r["status"]) for r in rows(screen, "reports")]
        await press(pilot, "up", "up", "down", "a")
        await type_into(pilot, {"value": "拜访华为报价已发"})  # rewritten: the new draft in view
        await press(pilot, "enter", "s")
        await press(pilot, "d", "o", "d")  # the period keys work on the Overview tab only
        seen["grid"] = rows(screen, "grid")

    app = drive(db_url, "wang", script)
    assert seen["draft"] == [
        ("2026-11-02", "draft"), ("2026-W44", "submitted"), ("2026-W44", "submitted"),
    ]  # fmt: skip
    today = W.get((W.period == "day") & (W.starts_on == dt.date(2026, 11, 2)))
    assert (today.body, today.status, today.late_days) == ("拜访华为报价已发", "submitted", 0)
    assert [r["login"] for r in seen["grid"]] == ["zhao"]  # wang leads zhao
    assert list(seen["grid"][0])[2:] == ["2026-10-20", "2026-10-21", "2026-10-22", "2026-10-23",
                                        "2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29",
                                        "2026-10-30", "2026-11-02"]  # fmt: skip
    assert app.return_code in (None, 0)


def test_a_refused_report_keeps_its_dialog_and_text_with_the_reason(
    written: Team, db_url: str
) -> None:
    """The one-line dialogs run the store call themselves: a refusal (today's report is
    submitted already) shows beside the field, and what was typed stays."""
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_reports(pilot)
        await press(pilot, "a")
        await type_into(pilot, {"value": "拜访华为"})
        await press(pilot, "enter", "s")
        await press(pilot, "a")
        await type_into(pilot, {"value": "改写已提交的日报"})
        await press(pilot, "enter")
        seen["dialog"] = isinstance(app.screen, NameDialog)
        seen["typed"] = app.screen.query_one("#f-value", Input).value
        # not about the text: the dialog's own line, under the field
        seen["error"] = str(app.screen.query_one("#e-form", Static).content)
        await press(pilot, "escape")

    drive(db_url, "wang", script)
    assert seen["dialog"] and seen["typed"] == "改写已提交的日报"
    assert "is submitted; it cannot be rewritten" in seen["error"]
