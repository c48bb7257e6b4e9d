"""The manager's and admin's home (issue 14, points 5 and 6): the approval inbox with its
keys, the team's pipeline and target attainment; a salesperson's home stays as it was."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crm_cli.store.expenses import models as xm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities
from crm_cli.store.targets import targets
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.widgets.common import RecordTable
from crm_cli.tui.widgets.digest import DigestList
from tests.conftest import Team
from tests.store.approval_desk import build
from tests.tui.helpers import NOW, drive, settle, type_text


@pytest.fixture
def desk(team: Team) -> Team:
    build(team)
    targets.set_targets(team.li, user="wang", period="2026-11", amounts={"orders": "10000"},
                        now=NOW)  # fmt: skip
    for customer, amount in (("C000001", "1000"), ("C000002", "400"), ("C000003", "9000")):
        opportunities.add_opportunity(team.admin, customer, amount=amount, probability=50,
                                      force=True, now=NOW)  # fmt: skip
    return team


async def home(pilot: Pilot[Any]) -> Any:
    await pilot.press("1")
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    return pilot.app.screen


def shown(screen: Any, part: str) -> list[Any]:
    return list(screen.query_one(f"#{part}", RecordTable).rows_shown)


def status(code: str) -> str:
    return str(sm.SalesOrder.get(sm.SalesOrder.code == code).status)


def test_a_managers_home_shows_the_inbox_the_team_and_its_targets(desk: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await home(pilot)
        seen["inbox"] = [(r["kind"], r["code"]) for r in shown(screen, "approvals")]
        seen["team"] = [(r["user"], r["open"]) for r in shown(screen, "team")]
        seen["targets"] = [(r["user"], r["metric"]) for r in shown(screen, "attainment")]
        seen["digest kinds"] = {r["kind"] for r in screen.query_one(DigestList).rows()}
        seen["parts"] = {p: screen.query_one(f"#{p}").display for p in ("owed", "pool")}
        seen["keys"] = [screen.check_action(a, ()) for a in ("approve", "reject")]

    drive(db_url, "li", script)
    assert seen["inbox"] == [
        ("quote", "Q000001"), ("expense", "EX000001"), ("order", "SO000001"),
        ("order", "SO000003"),
    ]  # fmt: skip
    assert seen["team"] == [("wang", 1), ("zhao", 1)]  # not chen: not li's
    assert ("wang", "orders") in seen["targets"]
    assert "approval" not in seen["digest kinds"]  # listed once, in the inbox
    assert seen["parts"] == {"owed": False, "pool": False}
    assert seen["keys"] == [True, True]


def test_approving_through_the_key_changes_the_order(desk: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await home(pilot)
        for _ in range(2):  # to SO000001, the third row
            await pilot.press("down")
        await pilot.press("a")
        await settle(pilot)
        seen["dialog"] = isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        seen["inbox"] = [r["code"] for r in shown(screen, "approvals")]

    app = drive(db_url, "li", script)
    assert seen["dialog"]
    assert status("SO000001") == "approved"
    assert seen["inbox"] == ["Q000001", "EX000001", "SO000003"]
    assert app.messages[-1] == "Approved: order SO000001"


def test_rejecting_asks_for_a_reason(desk: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await home(pilot)
        await pilot.press("down")  # EX000001
        await pilot.press("X")
        await settle(pilot)
        seen["dialog"] = isinstance(app.screen, NameDialog)
        await pilot.press("enter")  # no reason: the dialog stays open
        await settle(pilot)
        seen["still asking"] = isinstance(app.screen, NameDialog)
        await type_text(pilot, "没有发票")
        await pilot.press("enter")

    drive(db_url, "li", script)
    assert seen == {"dialog": True, "still asking": True}
    row = xm.Expense.get(xm.Expense.code == "EX000001")
    assert (row.status, row.reject_reason) == ("rejected", "没有发票")


def test_a_quote_is_not_rejected_and_escape_changes_nothing(desk: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await home(pilot)
        await pilot.press("X")  # Q000001, the first row
        await settle(pilot)
        await pilot.press("down", "down", "a")
        await settle(pilot)
        await pilot.press("escape")

    app = drive(db_url, "li", script)
    assert "Quote Q000001 cannot be rejected" in app.messages[0]
    assert not sm.Quote.get(sm.Quote.code == "Q000001").audited
    assert status("SO000001") == "submitted"


def test_the_admins_home_is_no_longer_empty(desk: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await home(pilot)
        seen["inbox"] = len(shown(screen, "approvals"))
        seen["title"] = str(screen.query_one("#approvals-title").content)
        seen["team"] = [r["user"] for r in shown(screen, "team")]

    drive(db_url, "admin", script)
    assert seen == {
        "inbox": 6, "title": "Waiting for my approval (6)", "team": ["chen", "wang", "zhao"],
    }  # fmt: skip


def test_a_salespersons_home_has_no_inbox_and_no_keys_for_it(desk: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await home(pilot)
        seen["parts"] = {
            p: screen.query_one(f"#{p}").display for p in ("approvals", "team", "attainment")
        }
        seen["keys"] = [screen.check_action(a, ()) for a in ("approve", "reject")]
        await pilot.press("a")
        await settle(pilot)
        seen["dialog"] = isinstance(app.screen, ConfirmDialog)

    drive(db_url, "wang", script)
    assert seen == {
        "parts": {"approvals": False, "team": False, "attainment": False},
        "keys": [False, False],
        "dialog": False,
    }
    assert xm.Expense.get(xm.Expense.code == "EX000001").status == "submitted"
