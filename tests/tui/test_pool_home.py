"""The pool screen (claim, release, a claim lost to someone faster, admin keys) and home."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from crm_cli.store.activity import activities
from crm_cli.store.customers import customers
from crm_cli.store.pool import configure
from crm_cli.store.pool import moves as pool_moves
from crm_cli.tui.app import CrmApp
from crm_cli.tui.screens.pool import PoolScreen
from crm_cli.tui.widgets.common import RecordTable
from crm_cli.tui.widgets.digest import DigestList
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle


@pytest.fixture
def pooled(team: Team) -> Team:
    """wang and zhao pool members, li pool admin; chen's P1 and P2 in the pool."""
    configure.update_pool_settings(
        team.admin, {"enabled": "yes", "protect_days": "30", "limit": "5"},
        members=("wang", "zhao"), admins=("li",),
    )  # fmt: skip
    for name in ("甲方一号", "乙方二号"):
        customers.add_customer(team.chen, name, now=NOW)
    assert all(o.done for o in pool_moves.add(team.admin, ["C000001", "C000002"], now=NOW))
    return team


def owner(team: Team, code: str) -> str | None:
    return customers.get_customer(team.admin, code, now=NOW).owner


async def open_pool(pilot: Pilot[Any]) -> PoolScreen:
    await pilot.press("3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PoolScreen)
    return screen


def test_claim_asks_first_and_then_holds(pooled: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_pool(pilot)
        rows = screen.query_one("#list-unassigned", RecordTable).rows_shown
        assert [r["code"] for r in rows] == ["C000001", "C000002"]
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("n")  # not yet
        await settle(pilot)
        assert owner(pooled, "C000001") is None
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("y")

    drive(db_url, "wang", script)
    assert owner(pooled, "C000001") == "wang"


def test_a_claim_lost_to_another_user_shows_a_message(pooled: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_pool(pilot)
        await pilot.press("k")
        await settle(pilot)
        # zhao is faster, between wang's list and wang's confirmation
        await app.store(pool_moves.claim, pooled.zhao, ["C000001"], now=NOW)
        await pilot.press("y")

    app = drive(db_url, "wang", script)
    assert owner(pooled, "C000001") == "zhao"
    assert "claimed by someone else" in app.messages[-1] and "zhao" not in app.messages[-1]


def test_release_gives_it_back(pooled: Team, db_url: str) -> None:
    pool_moves.claim(pooled.wang, ["C000002"], now=NOW)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_pool(pilot)
        screen.query_one("TabbedContent").active = "pool-mine"  # type: ignore[attr-defined]
        await settle(pilot)
        assert [r["code"] for r in screen.table().rows_shown] == ["C000002"]
        assert screen.table().rows_shown[0]["days_left"] == 30
        await pilot.press("r")  # refresh on the home, reverse on the center: nothing here
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("y")

    drive(db_url, "wang", script)
    assert owner(pooled, "C000002") is None


@pytest.mark.parametrize(("login", "shown"), [("wang", False), ("li", True)])
def test_only_pool_admins_get_assign_and_extend(
    pooled: Team, db_url: str, login: str, shown: bool
) -> None:
    seen: dict[str, bool] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_pool(pilot)
        keys = {b.binding.action for b in app.active_bindings.values()}
        seen["assign"] = "assign" in keys and app.screen.check_action("assign", ()) is True
        if shown:
            await pilot.press("A")
            await settle(pilot)
            app.screen.query_one("#f-user").value = "zhao"  # type: ignore[attr-defined]
            await pilot.press("enter")

    drive(db_url, login, script)
    assert seen["assign"] is shown
    assert owner(pooled, "C000001") == ("zhao" if shown else None)


def test_home_shows_the_digest_pipeline_and_owed(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "杭州新星科技", now=NOW)
    activities.log_contact(
        team.wang, added.code, {"summary": "首次拜访", "next_date": "2026-11-03"}, now=NOW
    )
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("1")
        await settle(pilot)
        digest = app.screen.query_one("#digest", DigestList).rows()
        seen["digest"] = [(r["customer"], r["due"]) for r in digest]
        seen["pipeline"] = str(app.screen.query_one("#pipeline", Static).content)

    drive(db_url, "wang", script)
    assert (added.code, dt.date(2026, 11, 3)) in seen["digest"]
    assert seen["pipeline"].startswith("0 open opportunities")


def test_home_lists_tickets_and_todays_events_as_their_own_kinds(team: Team, db_url: str) -> None:
    """Issue 13 point 2: the digest kinds of tickets and the calendar are on the TUI home."""
    from crm_cli.store.schedule import events
    from crm_cli.store.service import tickets

    added = customers.add_customer(team.wang, "杭州新星科技", now=NOW)
    tickets.add_ticket(team.wang, added.code, type="repair", description="空调不制冷",
                       values={"due_at": f"{NOW.date()} 17:00"}, assignee="wang", now=NOW)  # fmt: skip
    events.add_event(team.wang, "拜访新星", values={"at": f"{NOW.date()} 15:00"}, now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("1")
        await settle(pilot)
        seen["kinds"] = {r["kind"] for r in app.screen.query_one("#digest", DigestList).rows()}

    drive(db_url, "wang", script)
    assert {"service_due", "schedule"} <= seen["kinds"]


def test_an_admin_chooses_what_a_role_sees_at_home(team: Team, db_url: str) -> None:
    from crm_cli.store.core import settings

    settings.set_setting(team.admin, "home.sales", "digest, owed")
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("1")
        await settle(pilot)
        for part in ("digest", "pipeline", "owed", "pool"):
            seen[part] = app.screen.query_one(f"#{part}").display

    drive(db_url, "wang", script)
    assert seen == {"digest": True, "pipeline": False, "owed": True, "pool": False}
    assert settings.get_setting(team.admin, "home.sales") == "digest,owed"


def test_a_claimed_customer_is_in_the_grid_on_the_way_back(pooled: Team, db_url: str) -> None:
    from crm_cli.tui.screens.center import CenterScreen

    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        center = app.screen
        assert isinstance(center, CenterScreen)
        seen["before"] = {c.code: c.owner for c in center.grid.customers}
        await open_pool(pilot)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.screen is center
        seen["after"] = {c.code: c.owner for c in center.grid.customers}

    drive(db_url, "wang", script)
    # wang saw C000001 in the pool (nobody's); back in the grid it is his.
    assert seen["before"]["C000001"] is None and seen["after"]["C000001"] == "wang"


def test_the_to_do_list_is_grouped_by_kind_and_enter_opens_the_customer(
    team: Team, db_url: str
) -> None:
    from crm_cli.store.activity import reminders

    first = customers.add_customer(team.wang, "杭州新星科技", now=NOW)
    later = customers.add_customer(team.wang, "宁波海港物流", now=NOW)
    for added, day in ((later, "2026-11-05"), (first, "2026-10-30")):
        activities.log_contact(team.wang, added.code, {"summary": "拜访", "next_date": day},
                               now=NOW - dt.timedelta(days=9))  # fmt: skip
    reminders.add_reminder(team.wang, "整理回款计划", dt.datetime(2026, 11, 3, 10), now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("1")
        await settle(pilot)
        todo = app.screen.query_one("#digest", DigestList)
        seen["groups"] = [(t.id, [r["customer"] for r in t.rows_shown]) for t in todo.tables()]
        seen["title"] = str(todo.query_one("#title-next_contact", Label).content)
        await pilot.press("enter")  # the focused first item: the most urgent next contact
        await settle(pilot)
        seen["opened"] = app.screen.current().code  # type: ignore[attr-defined]

    drive(db_url, "wang", script)
    assert seen["groups"] == [
        ("todo-next_contact", [first.code, later.code]),
        ("todo-reminder", [None]),
    ]
    assert seen["title"] == "Next contacts (2)"
    assert seen["opened"] == first.code


def test_a_disabled_pool_says_so_and_takes_no_claim(team: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await open_pool(pilot)
        note = screen.query_one("#pool-note", Static)
        seen["note"] = (note.display, str(note.content))
        seen["claim"] = screen.check_action("claim", ())

    app = drive(db_url, "wang", script)
    assert seen["note"][0] and "off for this team" in seen["note"][1]
    assert seen["claim"] is False and app.messages == []
