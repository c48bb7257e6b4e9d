"""The grid's columns: those that fit, in order, status never cut, money at the right."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import SelectionList

from crm_cli.store.customers import customers
from crm_cli.tui.actions import columns
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.columns import ColumnsDialog
from crm_cli.tui.screens.center import CenterScreen
from crm_cli.tui.widgets.grid import DEFAULT, fit
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle

NEEDS = {"code": 7, "name": 30, "status": 9, "owner": 6, "city": 4, "phone": 13, "level": 5,
         "grade": 5, "last_contact": 10, "next_contact": 10, "total_ordered": 10,
         "balance_owed": 10}  # fmt: skip


def test_a_narrower_grid_drops_columns_from_the_end_and_never_cuts_the_status() -> None:
    wide = fit(DEFAULT, NEEDS, 90)
    assert [k for k, _ in wide] == list(DEFAULT)
    narrow = fit(DEFAULT, {**NEEDS, "status": 20}, 49)
    assert [k for k, _ in narrow] == ["code", "name", "status"]
    assert dict(narrow)["status"] == 20 and dict(narrow)["name"] >= 16
    # A choice without the city shows the next contact in its place.
    chosen = fit(("status", "owner", "next_contact"), NEEDS, 61)
    assert [k for k, _ in chosen] == ["code", "name", "status", "owner", "next_contact"]


def test_at_120_columns_the_grid_shows_its_seven_columns_money_at_the_right(
    team: Team, db_url: str
) -> None:
    customers.add_customer(team.wang, "温州通天环保科技有限公司", {"city": "温州"}, now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        grid = app.screen.query_one("#grid")
        assert isinstance(app.screen, CenterScreen)
        seen["keys"] = app.screen.grid.keys
        seen["owed"] = grid.get_cell_at((0, len(seen["keys"]) - 1))  # type: ignore[attr-defined]

    drive(db_url, "wang", script)
    assert seen["keys"] == DEFAULT
    owed = seen["owed"]
    assert isinstance(owed, Text) and owed.justify == "right" and owed.plain == "0.00"


def test_the_column_chooser_shows_and_saves_the_choice(team: Team, db_url: str) -> None:
    customers.add_customer(team.wang, "温州通天环保科技有限公司", {"city": "温州"}, now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ColumnsDialog)
        ticks = app.screen.query_one(SelectionList)
        ticks.deselect("owner")
        ticks.select("phone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        seen["keys"] = app.screen.grid.keys  # type: ignore[attr-defined]

    drive(db_url, "wang", script)
    chosen = ("code", "name", "status", "city", "phone", "next_contact", "balance_owed")
    assert seen["keys"] == chosen
    assert columns.saved() == chosen  # what the next start reads
