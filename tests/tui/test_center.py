"""The customer center: grid pages, count, search as you type, sort, statuses, record panel."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Static, Tab

from crm_cli.store.customers import customers
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.keys import KeysDialog
from crm_cli.tui.screens.center import CenterScreen
from crm_cli.tui.widgets.detail import DetailTabs
from crm_cli.tui.widgets.grid import PAGE
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle, type_text


def center(app: CrmApp) -> CenterScreen:
    screen = app.screen
    assert isinstance(screen, CenterScreen)
    return screen


def test_grid_shows_first_rows_and_the_count(team: Team, db_url: str) -> None:
    for name in ("上海明华科技有限公司", "北京东方贸易公司", "Acme Trading Ltd"):
        customers.add_customer(team.wang, name, {"city": "上海"}, now=NOW)
    customers.add_customer(team.chen, "陈的客户", now=NOW)  # not visible to wang
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = center(app)
        seen["names"] = [c.name for c in screen.grid.customers]
        seen["count"] = str(screen.query_one("#count", Static).content)
        seen["panel"] = str(screen.query_one("#record", Static).content)

    drive(db_url, "wang", script)
    assert seen["names"] == ["Acme Trading Ltd", "北京东方贸易公司", "上海明华科技有限公司"]
    assert seen["count"].startswith("3 of 3")
    assert "Acme Trading Ltd" in seen["panel"]


def test_typing_filters_the_grid_after_a_pause(team: Team, db_url: str) -> None:
    for name in ("上海明华科技有限公司", "北京东方贸易公司", "Acme Trading Ltd"):
        customers.add_customer(team.wang, name, now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = center(app)
        await pilot.press("slash")
        await type_text(pilot, "明华")
        await settle(pilot)
        seen["found"] = [c.name for c in screen.grid.customers]
        seen["count"] = str(screen.query_one("#count", Static).content)
        await pilot.press("escape", "x")
        await settle(pilot)
        seen["cleared"] = len(screen.grid.customers)

    drive(db_url, "wang", script)
    assert seen["found"] == ["上海明华科技有限公司"]
    assert seen["count"].startswith("1 of 1") and "明华" in seen["count"]
    assert seen["cleared"] == 3


def test_the_grid_pages_from_the_database(team: Team, db_url: str) -> None:
    from crm_cli.store.demo import generate as demo

    demo.add_demo_data(team.admin, PAGE + 30, seed=3)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        grid = center(app).grid
        seen["first"] = len(grid.customers)
        grid.move_cursor(row=len(grid.customers) - 1)
        await settle(pilot)
        seen["then"] = len(grid.customers)
        seen["count"] = str(center(app).query_one("#count", Static).content)

    drive(db_url, "admin", script)
    assert seen["first"] == PAGE
    assert seen["then"] == PAGE + 30
    assert seen["count"].startswith(f"{PAGE + 30} of {PAGE + 30}")


def test_sort_key_and_status_list(team: Team, db_url: str) -> None:
    for name, level in (("b公司", "A"), ("a公司", "B"), ("c公司", "A")):
        customers.add_customer(team.wang, name, {"level": level}, now=NOW)
    customers.edit_customer(team.wang, "C000002", {"status": "intent"}, now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = center(app)
        await pilot.press("o", "o")  # code, then name
        await settle(pilot)
        seen["by_name"] = [c.name for c in screen.grid.customers]
        await pilot.press("r")
        await settle(pilot)
        seen["sort"] = screen.query_state.sort
        seen["reversed"] = [c.name for c in screen.grid.customers]
        labels = screen.query("#statuses ListItem")
        seen["statuses"] = [str(item.query_one("Label").content) for item in labels]
        screen.query_one("#statuses").index = 2  # type: ignore[attr-defined]
        screen.query_one("#statuses").action_select_cursor()  # type: ignore[attr-defined]
        await settle(pilot)
        seen["intent"] = [c.name for c in screen.grid.customers]

    drive(db_url, "wang", script)
    assert seen["by_name"] == ["a公司", "b公司", "c公司"]
    assert (seen["sort"], seen["reversed"]) == ("-name", ["c公司", "b公司", "a公司"])
    assert seen["statuses"][:3] == ["All (3)", "potential (2)", "intent (1)"]
    assert seen["intent"] == ["a公司"]


def test_filter_builder_and_a_bad_operator(team: Team, db_url: str) -> None:
    customers.add_customer(team.wang, "上海一号", {"city": "上海"}, now=NOW)
    customers.add_customer(team.wang, "北京二号", {"city": "北京"}, now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "city")
        await pilot.press("tab")
        await type_text(pilot, "like")
        await pilot.press("enter")
        await settle(pilot)
        seen["error"] = str(app.screen.query_one("#e-operator", Static).content)
        box = app.screen.query_one("#f-operator")
        box.value = "="  # type: ignore[attr-defined]
        await pilot.press("tab")
        await type_text(pilot, "上海")
        await pilot.press("enter")
        await settle(pilot)
        seen["found"] = [c.name for c in center(app).grid.customers]

    drive(db_url, "wang", script)
    assert "like" in seen["error"]
    assert seen["found"] == ["上海一号"]


def test_works_at_80_by_24(team: Team, db_url: str) -> None:
    customers.add_customer(team.wang, "温州通天环保科技有限公司", now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = center(app)
        seen["rows"] = screen.grid.row_count
        seen["grid_height"] = screen.grid.size.height
        seen["narrow"] = screen.has_class("narrow")
        seen["tabs_end"] = max(tab.region.right for tab in screen.query(Tab))
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, KeysDialog)
        seen["keys"] = {text for _, keys in app.screen.keys for _, text in keys}
        await pilot.press("question_mark")
        await settle(pilot)
        seen["closed"] = app.screen is screen

    drive(db_url, "wang", script, size=(80, 24))
    assert seen["rows"] == 1 and seen["grid_height"] >= 5
    assert seen["narrow"] and seen["tabs_end"] <= 80
    # Every key of the screen, of its detail tabs and of the app, those off the footer too.
    every = [*CenterScreen.BINDINGS, *DetailTabs.BINDINGS, *CrmApp.BINDINGS]
    assert {b.description for b in every if isinstance(b, Binding)} <= seen["keys"]
    assert seen["closed"]
