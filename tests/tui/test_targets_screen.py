"""The targets screen (issue 14, points 2 and 6): `6` opens it; a manager sees the targets
of the people below them for this month with attainment bars, then this quarter's."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from crm_cli.store.activity import activities
from crm_cli.store.customers import customers
from crm_cli.store.targets import targets
from crm_cli.tui.app import CrmApp
from crm_cli.tui.screens.targets import TargetsScreen
from crm_cli.tui.widgets.common import RecordTable
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle


@pytest.fixture
def planned(team: Team) -> Team:
    """wang: 4 contact records a month, 2 logged so far; zhao: 10; wang's quarter's orders."""
    code = customers.add_customer(team.wang, "华为技术有限公司", now=NOW).code
    for when in ("2026-11-01 10:00", "2026-11-02 08:00", "2026-10-30 10:00"):
        activities.log_contact(team.wang, code, {"summary": "回访", "started_at": when}, now=NOW)
    for who, amount in (("wang", 4), ("zhao", 10)):
        targets.set_target(team.li, user=who, period="2026-11", metric="contacts", amount=amount,
                           now=NOW)  # fmt: skip
    targets.set_target(team.li, user="wang", period="2026-Q4", metric="orders", amount="300000",
                       now=NOW)  # fmt: skip
    targets.set_target(team.admin, user="chen", period="2026-11", metric="contacts", amount=1,
                       now=NOW)  # fmt: skip
    return team


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def shown(screen: TargetsScreen) -> list[tuple[Any, ...]]:
    table = screen.query_one("#targets", RecordTable)
    return [(r["name"], r["metric"], r["actual"], r["attainment"]) for r in table.rows_shown]


def test_a_manager_sees_the_teams_attainment_this_month_and_quarter(
    planned: Team, db_url: str
) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await press(pilot, "6")
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        for box in screen.query(Input):
            box.cursor_blink = False
        seen["month"] = shown(screen)
        seen["title"] = str(screen.query_one("#targets-title", Label).render())
        await press(pilot, "q")
        seen["quarter"] = shown(screen)
        await press(pilot, "y")
        seen["year"] = (shown(screen), str(screen.query_one("MessageLine").render()))
        await press(pilot, "m")
        seen["again"] = shown(screen)

    drive(db_url, "li", script)
    assert seen["month"] == [
        ("王芳", "contacts", 2, "█████░░░░░ 50%"),
        ("赵强", "contacts", 0, "░░░░░░░░░░ 0%"),
    ]
    assert seen["title"] == "Targets for this month (2026-11), as of 2026-11-02"
    assert [row[:2] for row in seen["quarter"]] == [("王芳", "orders")]
    assert seen["quarter"][0][3] == "░░░░░░░░░░ 0%"
    assert seen["year"] == ([], "No targets for this period.")
    assert seen["again"] == seen["month"]


def test_a_salesperson_sees_only_their_own(planned: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await press(pilot, "6")
        assert isinstance(app.screen, TargetsScreen)
        seen["rows"] = shown(app.screen)

    drive(db_url, "chen", script)
    assert seen["rows"] == [("陈静", "contacts", 0, "░░░░░░░░░░ 0%")]
