"""The summary builder (issue 15, point 3): `n` on the Reports screen builds a summary step
by step (record type, groups, measures, filter, period) with a preview the store re-runs
after each change; `s` saves it under a name for the Reports screen's list.

The records are tests/store/report_book.py's: five orders of wang (2), zhao (1) and chen (2).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, SelectionList, Static

from crm_cli.store.analysis import periods, saved, summary
from crm_cli.store.analysis.summary import Definition
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.summary_save import SaveSummaryDialog
from crm_cli.tui.screens.reports import ReportsScreen
from crm_cli.tui.screens.summary_builder import SummaryBuilderScreen
from crm_cli.tui.widgets.common import MessageLine
from tests.conftest import Team
from tests.store.report_book import fill
from tests.tui.helpers import NOW, drive, settle, type_text

D = Decimal
BY_OWNER = Definition("orders", ("owner",), ("count", "sum:total"))


def store_rows(actor: User, definition: Definition) -> list[dict[str, Any]]:
    return summary.run_summary(actor, definition, today=NOW.date()).rows


async def open_builder(pilot: Pilot[Any]) -> SummaryBuilderScreen:
    await pilot.press("8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReportsScreen)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SummaryBuilderScreen)
    for box in screen.query(Input):
        box.cursor_blink = False
    return screen


async def choose_records(pilot: Pilot[Any], screen: SummaryBuilderScreen, name: str) -> None:
    options = screen.query_one("#sb-records", OptionList)
    options.focus()
    options.highlighted = options.get_option_index(name)
    await pilot.press("enter")
    await settle(pilot)


async def toggle(pilot: Pilot[Any], screen: SummaryBuilderScreen, part: str, value: str) -> None:
    """Move to ``value`` in the list ``part`` and press space, as a user does."""
    choices = screen.query_one(f"#{part}", SelectionList)
    choices.focus()
    values = [choices.get_option_at_index(i).value for i in range(choices.option_count)]
    choices.highlighted = values.index(value)
    await pilot.press("space")
    await settle(pilot)


async def orders_by_owner(pilot: Pilot[Any]) -> SummaryBuilderScreen:
    screen = await open_builder(pilot)
    await choose_records(pilot, screen, "orders")
    await toggle(pilot, screen, "sb-by", "owner")
    await toggle(pilot, screen, "sb-measures", "sum:total")
    return screen


def line(screen: SummaryBuilderScreen) -> str:
    return str(screen.query_one(MessageLine).render())


def test_orders_by_owner_counted_and_summed_fill_the_preview(team: Team, db_url: str) -> None:
    fill(team)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await orders_by_owner(pilot)
        records = screen.query_one("#sb-records", OptionList)
        seen["types"] = [records.get_option_at_index(i).id for i in range(records.option_count)]
        by = screen.query_one("#sb-by", SelectionList)
        values = [by.get_option_at_index(i).value for i in range(by.option_count)]
        seen["buckets"] = [v for v in values if str(v).startswith("signed:")]
        seen["draft"] = screen.draft().definition()
        seen["columns"] = screen.table.keys
        seen["rows"] = list(screen.table.rows_shown)
        seen["chart"] = (screen.chart.labels, screen.chart.values)

    drive(db_url, "admin", script)
    assert "orders" in seen["types"] and "order-lines" in seen["types"]
    assert seen["buckets"] == ["signed:day", "signed:week", "signed:month", "signed:quarter",
                               "signed:year"]  # fmt: skip
    assert seen["draft"] == BY_OWNER
    assert seen["columns"] == ("owner", "count", "sum_total")
    assert seen["rows"] == store_rows(team.admin, BY_OWNER)
    assert seen["rows"] == [
        {"owner": "chen", "count": 2, "sum_total": D("0.30")},
        {"owner": "wang", "count": 2, "sum_total": D("2333.33")},
        {"owner": "zhao", "count": 1, "sum_total": D("3000.00")},
    ]
    assert seen["chart"] == (["chen", "wang", "zhao"], [[2.0, 2.0, 1.0]])


def test_a_new_group_reruns_the_preview_and_the_latest_change_wins(team: Team, db_url: str) -> None:
    fill(team)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await orders_by_owner(pilot)
        runs = screen.runs
        await toggle(pilot, screen, "sb-by", "owner")  # off
        await toggle(pilot, screen, "sb-by", "signed:year")
        seen["year"] = (list(screen.table.rows_shown), screen.runs > runs)
        # Three changes at once: one run, of the last.
        runs = screen.runs
        by = screen.query_one("#sb-by", SelectionList)
        by.deselect("signed:year")
        by.select("source")
        by.select("owner")
        await settle(pilot)
        seen["burst"] = (screen.runs - runs, screen.report.keys if screen.report else None)

    drive(db_url, "admin", script)
    by_year = Definition("orders", ("signed:year",), ("count", "sum:total"))
    assert seen["year"] == (store_rows(team.admin, by_year), True)
    assert [r["signed_year"] for r in seen["year"][0]] == ["2024", "2026", "2027"]
    assert seen["burst"] == (1, ("source", "owner"))  # in the order chosen


def test_a_bad_filter_or_period_shows_the_stores_message_and_keeps_the_preview(
    team: Team, db_url: str
) -> None:
    fill(team)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await orders_by_owner(pilot)
        good = list(screen.table.rows_shown)
        screen.query_one("#sb-where", Input).focus()
        await type_text(pilot, "total > lots")
        await settle(pilot)
        seen["filter"] = (line(screen), screen.table.rows_shown == good)
        screen.query_one("#sb-where", Input).value = "total > 1000"
        await settle(pilot)
        seen["filtered"] = [r["owner"] for r in screen.table.rows_shown]
        screen.query_one("#sb-period", Input).value = "2026-Q9"
        await settle(pilot)
        seen["period"] = (line(screen), [r["owner"] for r in screen.table.rows_shown])
        screen.query_one("#sb-period", Input).value = "2026"
        await settle(pilot)
        seen["2026"] = list(screen.table.rows_shown)

    drive(db_url, "admin", script)
    with pytest.raises(InvalidInput) as refused:
        store_rows(team.admin, BY_OWNER._replace(where=("total > lots",)))
    assert seen["filter"] == (f"Not run: {refused.value}", True)
    assert seen["filtered"] == ["wang", "zhao"]  # 2000.00 and 3000.00
    with pytest.raises(InvalidInput) as bad_period:
        periods.parse_period("2026-Q9", NOW.date())
    assert seen["period"] == (f"Not run: {bad_period.value}", ["wang", "zhao"])  # kept
    assert seen["2026"] == [{"owner": "wang", "count": 1, "sum_total": D("2000.00")}]


async def save_as(pilot: Pilot[Any], screen: SummaryBuilderScreen, name: str) -> None:
    screen.query_one("#sb-measures").focus()
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SaveSummaryDialog)
    await type_text(pilot, name)
    await pilot.press("enter")
    await settle(pilot)


def test_saving_lists_the_summary_on_the_reports_screen(team: Team, db_url: str) -> None:
    fill(team)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await orders_by_owner(pilot)
        seen["preview"] = list(screen.table.rows_shown)
        await save_as(pilot, screen, "orders-by-owner")
        reports = app.screen
        seen["screen"] = type(reports).__name__
        options = reports.query_one("#report-list", OptionList)
        seen["listed"] = [options.get_option_at_index(i).id for i in range(options.option_count)]

    app = drive(db_url, "wang", script)
    assert seen["screen"] == "ReportsScreen"
    assert "saved:orders-by-owner" in seen["listed"]
    assert app.messages[-1] == "Saved report 'orders-by-owner'"
    kept = saved.get_summary(team.wang, "orders-by-owner")
    assert (kept.definition, kept.team, kept.owner) == (BY_OWNER, False, "wang")
    assert saved.run_saved(team.wang, "orders-by-owner").rows == seen["preview"]
    assert seen["preview"] == store_rows(team.wang, BY_OWNER)  # a salesperson: his own
    assert seen["preview"] == [{"owner": "wang", "count": 2, "sum_total": D("2333.33")}]


def test_a_taken_name_is_refused_in_the_dialog_and_escape_saves_nothing(
    team: Team, db_url: str
) -> None:
    fill(team)
    saved.save_summary(team.admin, "taken", Definition("customers", ("source",)))
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await orders_by_owner(pilot)
        await save_as(pilot, screen, "taken")
        dialog = app.screen
        seen["stayed"] = isinstance(dialog, SaveSummaryDialog)
        seen["error"] = str(dialog.query_one("#e-name", Static).render())
        seen["typed"] = dialog.query_one("#f-name", Input).value
        await pilot.press("escape")  # the dialog
        await settle(pilot)
        seen["back"] = app.screen is screen
        await pilot.press("escape")  # the builder
        await settle(pilot)
        seen["left to"] = type(app.screen).__name__

    drive(db_url, "admin", script)
    assert seen["stayed"]
    assert seen["error"] == "a saved report named 'taken' exists; delete it first or choose another"
    assert seen["typed"] == "taken"
    assert seen["back"] and seen["left to"] == "ReportsScreen"
    assert [s.name for s in saved.list_summaries(team.admin)] == ["taken"]
