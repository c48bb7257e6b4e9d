"""The expenses and campaigns screen (issue 14, point 6): `7` opens it; the expenses one may
see, approved and rejected from there by the owner's manager (never by the owner), and the
campaigns with what they brought in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crm_cli.store.campaigns import campaigns
from crm_cli.store.expenses import expenses
from crm_cli.store.expenses import models as xm
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.screens.spending import SpendingScreen
from crm_cli.tui.widgets.common import RecordTable
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle
from tests.tui.test_tab_edits import type_into


@pytest.fixture
def claims(team: Team) -> Team:
    """li's fair CP000001 with wang's submitted booth fee EX000001 and taxi EX000002."""
    campaigns.add_campaign(team.li, "秋季展会", values={"starts_on": "2026-10-01", "responses": "4"},
                           now=NOW)  # fmt: skip
    for amount, category, fair in (("300.00", "marketing", "CP000001"), ("42.50", "transport", "")):
        code = expenses.add_expense(team.wang, amount=amount, category=category,
                                    values={"campaign": fair}, now=NOW).code  # fmt: skip
        expenses.submit_expense(team.wang, code, now=NOW)
    return team


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def open_spending(pilot: Pilot[Any]) -> SpendingScreen:
    await press(pilot, "7")
    screen = pilot.app.screen
    assert isinstance(screen, SpendingScreen)
    for box in screen.query(Input):
        box.cursor_blink = False
    return screen


def rows(screen: SpendingScreen, which: str) -> list[Any]:
    return list(screen.query_one(f"#{which}", RecordTable).rows_shown)


def status(code: str) -> str:
    return str(xm.Expense.get(xm.Expense.code == code).status)


def test_a_manager_approves_and_rejects_and_sees_the_campaigns_figures(
    claims: Team, db_url: str
) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_spending(pilot)
        seen["listed"] = [(r["code"], r["status"]) for r in rows(screen, "expenses")]
        await press(pilot, "X")  # the first row: EX000002, the latest
        assert isinstance(app.screen, NameDialog)
        await type_into(pilot, {"value": "缺少发票"})
        await press(pilot, "enter", "down", "a")
        seen["after"] = [(r["code"], r["status"]) for r in rows(screen, "expenses")]
        await press(pilot, "right")  # the Campaigns tab
        seen["board"] = [(r["code"], r["actual_cost"], r["cost_per_response"])
                         for r in rows(screen, "campaigns")]  # fmt: skip

    drive(db_url, "li", script)
    assert seen["listed"] == [("EX000002", "submitted"), ("EX000001", "submitted")]
    assert seen["after"] == [("EX000002", "rejected"), ("EX000001", "approved")]
    assert (status("EX000002"), status("EX000001")) == ("rejected", "approved")
    assert seen["board"] == [("CP000001", Decimal("300.00"), Decimal("75.00"))]


def test_the_owner_may_not_approve_and_sees_no_figures(claims: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_spending(pilot)
        await press(pilot, "a")
        seen["board"] = [(r["code"], r["actual_cost"]) for r in rows(screen, "campaigns")]

    app = drive(db_url, "wang", script)
    assert status("EX000002") == "submitted"
    assert app.messages[-1] == "you may not approve your own expense EX000002"
    assert seen["board"] == [("CP000001", None)]
