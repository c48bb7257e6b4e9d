"""The reports screen (issue 15, point 6): `8` opens it from anywhere; it lists the
presets, runs the chosen one into a table and a chart, reruns for the bar's period, and
`Enter` on a row opens the customers behind it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from crm_cli.store.analysis import presets, saved
from crm_cli.store.analysis.presets import Params, Preset
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.analysis.summary import Definition
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.tui.app import CrmApp
from crm_cli.tui.screens.center import CenterScreen
from crm_cli.tui.screens.reports import ReportsScreen
from crm_cli.tui.widgets.common import MessageLine
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle, type_text

ROOT = Path(__file__).resolve().parents[2]
NAME = "zz-test-by-customer"


def by_customer(actor: User, params: Params) -> Report:
    """Two customers' figures; a period doubles the second (so a rerun shows)."""
    doubled = params.period is not None
    rows = [
        {"customer": "C000001", "name": "华为技术有限公司", "owner": "wang", "amount": Decimal("300.00")},
        {"customer": "C000002", "name": "小米科技", "owner": "zhao",
         "amount": Decimal("200.00") * (2 if doubled else 1)},
    ]  # fmt: skip
    columns = (Column("customer", "text", "Customer", "客户编号"), Column("name", "text"),
               Column("owner", "text"), Column("amount", "money", "Amount", "金额"))  # fmt: skip
    rows = rows[: int(params.options.get("top", len(rows)))]
    return Report(NAME, "Test: amounts by customer", columns, rows, ("customer",), params.period)


def by_owner(actor: User, params: Params) -> Report:
    columns = (Column("user", "text"), Column("bucket", "text"), Column("orders", "int"))
    rows = [{"user": "wang", "bucket": "2026-11", "orders": 3}]
    return Report("zz-test-by-owner", "Test: orders by owner", columns, rows, ("user",))


def by_month(actor: User, params: Params) -> Report:
    columns = (Column("bucket", "text"), Column("orders", "int"))
    rows = [{"bucket": "2026-10", "orders": 1}, {"bucket": "2026-11", "orders": 4}]
    return Report("zz-test-by-month", "Test: orders by month", columns, rows, ("bucket",))


TEST_PRESETS = (
    Preset(NAME, "Test: amounts by customer", "测试:按客户的金额", by_customer,
           options={"top": "how many"}, x="name", y="amount"),
    Preset("zz-test-by-owner", "Test: orders by owner", "测试:按销售员", by_owner, x="user", y="orders"),
    Preset("zz-test-by-month", "Test: orders by month", "测试:按月", by_month, chart="line",
           x="bucket", y="orders"),
)  # fmt: skip


@pytest.fixture
def book(team: Team) -> Iterator[Team]:
    for name in ("华为技术有限公司", "小米科技", "腾讯"):
        customers.add_customer(team.admin, name, now=NOW)
    for preset in TEST_PRESETS:
        presets.register(preset)
    yield team
    for preset in TEST_PRESETS:
        presets._REGISTRY.pop(preset.name, None)


async def open_reports(pilot: Pilot[Any]) -> ReportsScreen:
    await pilot.press("8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    for box in screen.query(Input):
        box.cursor_blink = False
    return screen


async def choose(pilot: Pilot[Any], screen: ReportsScreen, name: str) -> None:
    options = screen.query_one("#report-list", OptionList)
    options.focus()
    options.highlighted = options.get_option_index(f"preset:{name}")
    await pilot.press("enter")
    await settle(pilot)


def test_the_list_shows_the_presets_and_choosing_one_fills_table_and_chart(
    book: Team, db_url: str
) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        options = screen.query_one("#report-list", OptionList)
        seen["listed"] = [options.get_option_at_index(i).id for i in range(options.option_count)]
        await choose(pilot, screen, NAME)
        seen["rows"] = [(r["customer"], r["amount"]) for r in screen.table.rows_shown]
        seen["chart"] = (screen.chart.kind, screen.chart.labels, screen.chart.values)

    drive(db_url, "admin", script)
    assert {f"preset:{p.name}" for p in TEST_PRESETS} <= set(seen["listed"])
    assert "preset:sales-trend" in seen["listed"]  # the real ones too
    assert seen["rows"] == [("C000001", Decimal("300.00")), ("C000002", Decimal("200.00"))]
    assert seen["chart"] == ("bar", ["华为技术有限公司", "小米科技"], [[300.0, 200.0]])


def test_a_new_period_and_a_comparison_rerun_the_report(book: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        await choose(pilot, screen, NAME)
        runs = screen.loads
        await pilot.press("p")
        await type_text(pilot, "2026-Q3")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.report is not None and screen.report.period is not None
        seen["period"] = (screen.loads - runs, screen.report.period.label)
        seen["amounts"] = [r["amount"] for r in screen.table.rows_shown]
        screen.query_one("#compare").value = "previous"  # type: ignore[attr-defined]
        await settle(pilot)
        seen["compare"] = screen.report.compare.label if screen.report.compare else None
        seen["series"] = len(screen.chart.values)

    drive(db_url, "admin", script)
    assert seen["period"] == (1, "2026-Q3")
    assert seen["amounts"] == [Decimal("300.00"), Decimal("400.00")]
    assert seen["compare"] == "2026-Q2"
    assert seen["series"] == 2  # the period's and the compared one's


def test_a_presets_own_options_go_through_the_bar(book: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        await choose(pilot, screen, NAME)
        box = screen.query_one("#options", Input)
        seen["hint"] = box.placeholder
        box.focus()
        await type_text(pilot, "--top 1")
        await pilot.press("enter")
        await settle(pilot)
        seen["rows"] = [r["customer"] for r in screen.table.rows_shown]
        box.value = "--colour red"
        await pilot.press("enter")
        await settle(pilot)

    app = drive(db_url, "admin", script)
    assert seen["hint"] == "Options: --top"
    assert seen["rows"] == ["C000001"]
    assert "takes no option 'colour'" in app.messages[-1]


def test_a_bad_period_shows_an_error_line(book: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        await choose(pilot, screen, NAME)
        await pilot.press("p")
        await type_text(pilot, "2026-Q9")
        await pilot.press("enter")
        await settle(pilot)
        seen["line"] = str(screen.query_one(MessageLine).render())
        seen["rows"] = len(screen.table.rows_shown)  # the last good run stays

    app = drive(db_url, "admin", script)
    assert "invalid period '2026-q9'" in seen["line"].lower()
    assert "invalid period" in app.messages[-1]
    assert seen["rows"] == 2


def test_enter_on_a_customers_row_opens_that_customer(book: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        await choose(pilot, screen, NAME)
        screen.table.focus()
        await pilot.press("down", "enter")  # C000002
        await settle(pilot)
        center = app.screen
        seen["screen"] = type(center).__name__
        assert isinstance(center, CenterScreen)
        seen["grid"] = [c.code for c in center.grid.customers]
        seen["current"] = center.current().code if center.current() else None

    app = drive(db_url, "admin", script)
    assert seen == {"screen": "CenterScreen", "grid": ["C000002"], "current": "C000002"}
    assert app.messages[-1] == "Customer C000002"


def test_an_owners_row_filters_the_center_and_a_month_opens_nothing(
    book: Team, db_url: str
) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        await choose(pilot, screen, "zz-test-by-month")
        seen["line chart"] = (screen.chart.kind, screen.chart.labels)
        screen.table.focus()
        await pilot.press("enter")
        await settle(pilot)
        seen["stayed"] = app.screen is screen
        seen["message"] = app.messages[-1]
        await choose(pilot, screen, "zz-test-by-owner")
        screen.table.focus()
        await pilot.press("enter")
        await settle(pilot)
        center = app.screen
        assert isinstance(center, CenterScreen)
        seen["where"] = center.query_state.flt.where

    drive(db_url, "admin", script)
    assert seen["line chart"] == ("line", ["2026-10", "2026-11"])
    assert seen["stayed"]
    assert seen["message"].startswith("Nothing to open for bucket 2026-10")
    assert seen["where"] == ("owner = wang",)


def test_a_real_preset_runs_on_the_screen(book: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        await choose(pilot, screen, "sales-trend")
        assert screen.report is not None
        seen["report"] = screen.report.name
        seen["columns"] = screen.table.keys

    app = drive(db_url, "admin", script)
    assert seen["report"] == "sales-trend"
    assert "amount" in seen["columns"]
    assert not [m for m in app.messages if "rror" in m or "invalid" in m]


def test_a_saved_summary_is_listed_and_runs(book: Team, db_url: str) -> None:
    saved.save_summary(book.admin, "by-status", Definition("customers", ("status",), ("count",)))
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_reports(pilot)
        options = screen.query_one("#report-list", OptionList)
        options.focus()
        options.highlighted = options.get_option_index("saved:by-status")
        await pilot.press("enter")
        await settle(pilot)
        seen["rows"] = list(screen.table.rows_shown)
        seen["chart"] = (screen.chart.labels, screen.chart.values)

    drive(db_url, "admin", script)
    assert seen["rows"] == [{"status": "potential", "count": 3}]
    assert seen["chart"] == (["potential"], [[3.0]])  # its first group and first figure


def test_the_tui_starts_without_plotext(tmp_path: Path) -> None:
    """`crm tui` loads plotext only once the reports screen (or a home chart) is drawn."""
    code = f"""
import asyncio, json, sys
from crm_cli.store import domains
from crm_cli.tui.app import make_app
url = "sqlite:///{tmp_path / "crm.db"}"
domains.open_store(url)
app = make_app(url, "admin")
seen = []
async def main():
    async with app.run_test() as pilot:
        await pilot.pause(0.5)
        seen.append("plotext" in sys.modules or "textual_plotext" in sys.modules)
        await pilot.press("8")
        await pilot.pause(0.5)
        seen.append("textual_plotext" in sys.modules)
asyncio.run(main())
print(json.dumps(seen))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [False, True]
