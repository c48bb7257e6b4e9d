"""Service tickets from the customer center (issue 13, point 5): add with T, and on the
Services tab assign, start, resolve, close, reopen, feedback, edit and delete the chosen
ticket. Each is checked through the store; a refused step stays in its dialog, beside the
field it is about, with what was typed kept, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from crm_cli.store.core import users
from crm_cli.store.core.errors import NotFound
from crm_cli.store.customers import customers
from crm_cli.store.customers.records import Customer
from crm_cli.store.service import tickets, views
from crm_cli.store.service.records import Ticket
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.ticket_forms import StoreDialog
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, send_keys_at_once, settle
from tests.tui.test_tab_edits import Script, open_tab, type_into


def acme(team: Team) -> Customer:
    return customers.add_customer(team.wang, "Acme Trading", now=NOW)


def ticket(team: Team, customer: Customer, **steps: str) -> Ticket:
    """A ticket of wang's, taken through ``steps`` (assign=login, resolve=text, close='')."""
    t = tickets.add_ticket(team.wang, customer.code, type="repair", description="空调不制冷",
                           now=NOW)  # fmt: skip
    if "assign" in steps:
        t = tickets.assign_ticket(team.wang, t.code, steps["assign"], now=NOW)
    if "resolve" in steps:
        t = tickets.resolve_ticket(team.wang, t.code, resolution=steps["resolve"], now=NOW)
    if "close" in steps:
        t = tickets.close_ticket(team.wang, t.code, now=NOW)
    return t


def now_of(team: Team, code: str) -> Ticket:
    return views.get_ticket(team.admin, code, now=NOW)


def error_of(app: CrmApp, key: str) -> str:
    shown = app.screen.query_one(f"#e-{key}", Static)
    return str(shown.content) if shown.display else ""


def step(
    key: str, values: dict[str, str] | None = None, *, seen: dict[str, Any] | None = None
) -> Script:
    """Open the Services tab, press ``key`` on the ticket, fill ``values`` and save; with
    ``seen``, record the dialog's errors and inputs, then cancel it."""

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_tab(pilot, "services")
        await pilot.press(key)
        await settle(pilot)
        if values is None:
            return
        await type_into(pilot, values)
        await pilot.press("enter")
        await settle(pilot)
        if seen is not None:
            assert isinstance(app.screen, StoreDialog), "the dialog closed"
            seen["errors"] = {f.key: error_of(app, f.key) for f in app.screen.FIELDS}
            seen["errors"]["form"] = error_of(app, "form")
            seen["typed"] = {b.id: b.value for b in app.screen.query(Input)}
            await pilot.press("escape")

    return script


# -- add -----------------------------------------------------------------------------
def test_t_adds_a_ticket_of_a_team_type(team: Team, db_url: str) -> None:
    customer = acme(team)
    values = {"type": "installation", "priority": "high", "description": "安装新空调",
              "due_at": "2026-11-05 14:00"}  # fmt: skip

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("T")
        await settle(pilot)
        await type_into(pilot, values)
        await pilot.press("enter")
        await settle(pilot)

    app = drive(db_url, "wang", script)
    [added] = views.iter_tickets(team.admin, customer=customer.code, now=NOW)
    assert (added.type, added.priority, added.description) == ("installation", "high", "安装新空调")
    assert (added.status, str(added.due_at)) == ("unprocessed", "2026-11-05 14:00:00")
    assert app.messages[-1] == f"Added ticket {added.code} (installation) for {customer.code}"


def test_a_refused_ticket_keeps_the_dialog_and_what_was_typed(team: Team, db_url: str) -> None:
    customer = acme(team)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("T")
        await settle(pilot)
        await type_into(pilot, {"type": "teleport", "description": "修理"})
        await pilot.press("enter")
        await settle(pilot)
        seen["type"] = error_of(app, "type")
        await type_into(pilot, {"type": "repair", "due_at": "2026-10-01"})
        await pilot.press("enter")
        await settle(pilot)
        seen["due"] = error_of(app, "due_at")
        seen["typed"] = {b.id: b.value for b in app.screen.query(Input)}
        await pilot.press("escape")

    drive(db_url, "wang", script)
    assert "unknown ticket type 'teleport'" in seen["type"]
    assert "in the past" in seen["due"]
    assert (seen["typed"]["f-description"], seen["typed"]["f-type"]) == ("修理", "repair")
    assert list(views.iter_tickets(team.admin, customer=customer.code, now=NOW)) == []


def test_enter_twice_adds_one_ticket(team: Team, db_url: str) -> None:
    customer = acme(team)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("T")
        await settle(pilot)
        await type_into(pilot, {"description": "修理"})
        send_keys_at_once(app, ["enter", "enter"])
        await settle(pilot)

    drive(db_url, "wang", script)
    assert len(list(views.iter_tickets(team.admin, customer=customer.code, now=NOW))) == 1


# -- the steps of a ticket -----------------------------------------------------------
def test_a_assigns_the_ticket(team: Team, db_url: str) -> None:
    t = ticket(team, acme(team))
    app = drive(db_url, "wang", step("A", {"user": "zhao"}))
    after = now_of(team, t.code)
    assert (after.status, after.assignee) == ("assigned", "zhao")
    assert app.messages[-1] == f"Ticket {t.code} assigned to zhao"


def test_assigning_to_a_deactivated_user_is_refused_beside_the_field(
    team: Team, db_url: str
) -> None:
    t = ticket(team, acme(team))
    users.deactivate_user(team.admin, "chen")
    seen: dict[str, Any] = {}
    drive(db_url, "wang", step("A", {"user": "chen"}, seen=seen))
    assert "deactivated" in seen["errors"]["user"]
    assert seen["typed"]["f-user"] == "chen"
    assert now_of(team, t.code).status == "unprocessed"


def test_s_starts_and_c_closes(team: Team, db_url: str) -> None:
    customer = acme(team)
    started = ticket(team, customer, assign="wang")
    drive(db_url, "wang", step("S"))
    assert now_of(team, started.code).status == "in_progress"
    done = ticket(team, customer, assign="wang", resolve="换了压缩机")
    tickets.delete_ticket(team.wang, started.code, now=NOW)
    app = drive(db_url, "wang", step("C"))
    assert now_of(team, done.code).status == "closed"
    assert app.messages[-1] == f"Ticket {done.code} is closed"


def test_r_resolves_with_the_next_service_date(team: Team, db_url: str) -> None:
    t = ticket(team, acme(team), assign="wang")
    app = drive(db_url, "wang", step("R", {"resolution": "换了压缩机", "next_service": "+90d"}))
    after = now_of(team, t.code)
    assert (after.status, after.resolution, str(after.next_service)) == (
        "resolved", "换了压缩机", "2027-01-31",
    )  # fmt: skip
    assert app.messages[-1] == f"Ticket {t.code} is resolved, next service 2027-01-31"


def test_resolving_a_closed_ticket_is_refused_in_the_dialog(team: Team, db_url: str) -> None:
    t = ticket(team, acme(team), assign="wang", resolve="修好了", close="")
    seen: dict[str, Any] = {}
    drive(db_url, "wang", step("R", {"resolution": "再修一次"}, seen=seen))
    assert f"cannot resolve ticket {t.code}: it is closed" in seen["errors"]["form"]
    assert seen["typed"]["f-resolution"] == "再修一次"
    assert now_of(team, t.code).resolution == "修好了"


def test_o_reopens_with_a_reason(team: Team, db_url: str) -> None:
    t = ticket(team, acme(team), assign="zhao", resolve="修好了", close="")
    app = drive(db_url, "wang", step("O", {"reason": "又坏了"}))
    assert (now_of(team, t.code).status, now_of(team, t.code).assignee) == ("assigned", "zhao")
    assert app.messages[-1] == f"Ticket {t.code} is open again (assigned)"


def test_f_records_feedback_and_a_score_of_6_is_refused(team: Team, db_url: str) -> None:
    t = ticket(team, acme(team), assign="wang", resolve="修好了")
    seen: dict[str, Any] = {}
    drive(db_url, "wang", step("F", {"satisfaction": "6", "note": "很好"}, seen=seen))
    assert "expected 1 to 5" in seen["errors"]["satisfaction"]
    assert seen["typed"]["f-note"] == "很好"
    assert now_of(team, t.code).satisfaction is None

    app = drive(db_url, "wang", step("F", {"satisfaction": "4", "note": "很好"}))
    after = now_of(team, t.code)
    assert (after.satisfaction, after.feedback) == (4, "很好")
    assert app.messages[-1] == f"Feedback 4/5 on ticket {t.code}"


def test_e_edits_only_what_changed(team: Team, db_url: str) -> None:
    t = ticket(team, acme(team))
    drive(db_url, "wang", step("e", {"priority": "urgent"}))
    after = now_of(team, t.code)
    assert (after.priority, after.description, after.type) == ("urgent", "空调不制冷", "repair")


def delete_answering(reply: str) -> Script:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await step("delete")(pilot, app)
        await pilot.press(reply)

    return script


def test_delete_asks_first(team: Team, db_url: str) -> None:
    t = ticket(team, acme(team))
    drive(db_url, "wang", delete_answering("n"))
    assert now_of(team, t.code).status == "unprocessed"
    app = drive(db_url, "wang", delete_answering("y"))
    with pytest.raises(NotFound):
        now_of(team, t.code)
    assert app.messages[-1] == f"Deleted ticket {t.code}"


def test_ticket_keys_leave_other_tabs_alone(team: Team, db_url: str) -> None:
    """On the Deals tab S is the screen's "submit order", not "start ticket"."""
    t = ticket(team, acme(team), assign="wang")

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_tab(pilot, "opportunities")
        await pilot.press("S")
        await settle(pilot)

    app = drive(db_url, "wang", script)
    assert app.messages[-1] == "This customer has no order"
    assert now_of(team, t.code).status == "assigned"
