"""Edit, delete, win, lose and cancel from the detail tabs (issue 5, point 3): each through
keys, each checked through the store; a refused change stays in its dialog (a refused delete
is a message) and changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from crm_cli.store.activity import activities
from crm_cli.store.customers import customers
from crm_cli.store.customers.records import Customer
from crm_cli.store.sales import opportunities, order_flow, orders, products, quotes
from crm_cli.tui.app import CrmApp
from crm_cli.tui.widgets.detail import DetailTabs
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle, type_text

Script = Callable[[Pilot[Any], CrmApp], Awaitable[None]]


def acme(team: Team) -> Customer:
    products.add_product(team.admin, "PC", "Desktop PC", {"price": "1000.00"}, now=NOW)
    return customers.add_customer(team.wang, "Acme Trading", now=NOW)


async def open_tab(pilot: Pilot[Any], tab: str) -> None:
    """Step to ``tab`` with `]` and put the focus on its table."""
    tabs = pilot.app.screen.query_one(DetailTabs)
    while tabs.active != f"tab-{tab}":
        await pilot.press("right_square_bracket")
    tabs.table(tab).focus()
    await settle(pilot)


async def type_into(pilot: Pilot[Any], values: dict[str, str]) -> None:
    for field, text in values.items():
        box = pilot.app.screen.query_one(f"#f-{field}", Input)
        box.value = ""
        box.focus()
        await type_text(pilot, text)


def edit(
    tab: str, key: str, values: dict[str, str], *, seen: dict[str, Any] | None = None
) -> Script:
    """Open ``tab``, press ``key`` on its first row, change ``values`` and save with Enter."""

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_tab(pilot, tab)
        await pilot.press(key)
        await settle(pilot)
        if seen is not None:
            seen["form"] = {b.id: b.value for b in app.screen.query(Input)}
        await type_into(pilot, values)
        await pilot.press("enter")
        await settle(pilot)
        # A refusal stays in the dialog, beside its field or under the form: kept as a
        # message here, so that a test reads it where it reads the others.
        for shown in app.screen.query(".error"):
            if shown.display:
                app.messages.append(f"in the dialog: {shown.content}")  # type: ignore[attr-defined]

    return script


def answer(tab: str, key: str, *replies: str) -> Script:
    """Open ``tab``, press ``key`` on its first row, then answer the dialog."""

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_tab(pilot, tab)
        await pilot.press(key)
        await settle(pilot)
        for reply in replies:
            if reply.startswith("="):
                await type_text(pilot, reply[1:])
            else:
                await pilot.press(reply)
        await settle(pilot)

    return script


# -- contact records -----------------------------------------------------------------
def test_enter_on_a_record_edits_it(team: Team, db_url: str) -> None:
    customer = acme(team)
    call = activities.log_contact(team.wang, customer.code, {"summary": "初次电话"}, now=NOW)
    seen: dict[str, Any] = {}

    app = drive(db_url, "wang", edit("records", "enter", {"summary": "电话沟通报价",
                                                          "next_date": "+3d"}, seen=seen))  # fmt: skip
    assert seen["form"]["f-summary"] == "初次电话"  # pre-filled from the record
    after = activities.get_activity(team.admin, str(call.id), now=NOW)
    assert (after.summary, str(after.next_date)) == ("电话沟通报价", "2026-11-05")
    assert app.messages[-1] == f"Saved contact record {call.id}"
    assert customers.get_customer(team.admin, customer.code, now=NOW).next_contact is not None


def test_someone_elses_record_is_refused_and_unchanged(team: Team, db_url: str) -> None:
    customer = acme(team)
    call = activities.log_contact(team.li, customer.code, {"summary": "经理拜访"}, now=NOW)

    app = drive(db_url, "wang", edit("records", "e", {"summary": "改掉"}))
    assert "someone else's" in app.messages[-1]
    assert activities.get_activity(team.admin, str(call.id), now=NOW).summary == "经理拜访"


def test_a_bad_value_stays_in_the_dialog(team: Team, db_url: str) -> None:
    customer = acme(team)
    call = activities.log_contact(team.wang, customer.code, {"summary": "初次电话"}, now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await edit("records", "e", {"next_date": "someday"})(pilot, app)
        seen["error"] = str(app.screen.query_one("#e-next_date").content)  # type: ignore[attr-defined]
        await pilot.press("escape")

    drive(db_url, "wang", script)
    assert "someday" in seen["error"]
    assert activities.get_activity(team.admin, str(call.id), now=NOW).next_date is None


def test_delete_a_record_only_when_confirmed(team: Team, db_url: str) -> None:
    customer = acme(team)
    call = activities.log_contact(team.wang, customer.code, {"summary": "初次电话"}, now=NOW)

    drive(db_url, "wang", answer("records", "delete", "n"))
    assert len(activities.contact_history(team.admin, customer.code, now=NOW)) == 1
    app = drive(db_url, "wang", answer("records", "delete", "y"))
    assert activities.contact_history(team.admin, customer.code, now=NOW) == []
    assert app.messages[-1] == f"Deleted contact record {call.id}"


# -- deals ------------------------------------------------------------------------------
def deal(team: Team) -> Any:
    customer = acme(team)
    return opportunities.add_opportunity(
        team.wang, customer.code, amount="50000", probability=60, product="ERP", now=NOW
    )


def test_edit_a_deal(team: Team, db_url: str) -> None:
    opp = deal(team)
    seen: dict[str, Any] = {}

    drive(db_url, "wang", edit("opportunities", "e", {"amount": "80000", "stage": "谈判"},
                               seen=seen))  # fmt: skip
    assert (seen["form"]["f-amount"], seen["form"]["f-product"]) == ("50000", "ERP")
    after = opportunities.get_opportunity(team.admin, opp.code, now=NOW)
    assert (after.amount, after.stage, after.probability) == (Decimal("80000.00"), "谈判", 60)


def test_win_and_a_closed_deal_refuses_edits(team: Team, db_url: str) -> None:
    opp = deal(team)

    drive(db_url, "wang", answer("opportunities", "W", "y"))
    assert opportunities.get_opportunity(team.admin, opp.code, now=NOW).status == "won"
    app = drive(db_url, "wang", edit("opportunities", "e", {"amount": "1"}))
    assert "won" in app.messages[-1]
    after = opportunities.get_opportunity(team.admin, opp.code, now=NOW)
    assert after.amount == Decimal("50000.00")


def test_lose_needs_a_reason(team: Team, db_url: str) -> None:
    opp = deal(team)

    drive(db_url, "wang", answer("opportunities", "L", "enter", "escape"))  # empty: refused
    assert opportunities.get_opportunity(team.admin, opp.code, now=NOW).status == "open"
    drive(db_url, "wang", answer("opportunities", "L", "=价格太高", "enter"))
    after = opportunities.get_opportunity(team.admin, opp.code, now=NOW)
    assert (after.status, after.reason) == ("lost", "价格太高")


def test_delete_a_deal(team: Team, db_url: str) -> None:
    opp = deal(team)

    drive(db_url, "wang", answer("opportunities", "delete", "y"))
    assert opportunities.list_opportunities(team.admin, customer=opp.customer, now=NOW) == []


# -- quotes -----------------------------------------------------------------------------
def quote(team: Team) -> Any:
    customer = acme(team)
    return quotes.add_quote(team.wang, customer.code, ["PC:2"], {"subject": "两台"}, now=NOW)


def test_edit_a_quotes_lines_and_subject(team: Team, db_url: str) -> None:
    q = quote(team)
    seen: dict[str, Any] = {}

    drive(db_url, "wang", edit("quotes", "enter", {"lines": "PC:3", "subject": "三台"},
                               seen=seen))  # fmt: skip
    assert seen["form"]["f-lines"] == "PC:2:1000"
    after = quotes.get_quote(team.admin, q.code, now=NOW)
    assert (after.subject, after.total) == ("三台", Decimal("3000.00"))


def test_an_audited_quote_is_refused_and_unchanged(team: Team, db_url: str) -> None:
    q = quote(team)
    quotes.audit_quote(team.li, q.code, now=NOW)

    app = drive(db_url, "wang", edit("quotes", "e", {"subject": "改掉"}))
    assert "audited" in app.messages[-1]
    app = drive(db_url, "wang", answer("quotes", "delete", "y"))
    assert "audited" in app.messages[-1]
    after = quotes.get_quote(team.admin, q.code, now=NOW)
    assert (after.subject, after.deleted) == ("两台", False)


def test_delete_a_quote(team: Team, db_url: str) -> None:
    q = quote(team)

    drive(db_url, "wang", answer("quotes", "delete", "y"))
    assert quotes.get_quote(team.admin, q.code, now=NOW).deleted


# -- orders -----------------------------------------------------------------------------
def order(team: Team) -> Any:
    customer = acme(team)
    return orders.add_order(team.wang, customer.code, lines=["PC:1"], now=NOW).order


def test_edit_a_draft_order(team: Team, db_url: str) -> None:
    o = order(team)

    drive(db_url, "wang", edit("orders", "e", {"subject": "一台电脑", "lines": "PC:2"}))
    after = orders.get_order(team.admin, o.code, now=NOW).order
    assert (after.subject, after.total) == ("一台电脑", Decimal("2000.00"))


def test_an_approved_order_is_refused_and_unchanged(team: Team, db_url: str) -> None:
    o = order(team)
    order_flow.submit_order(team.wang, o.code, now=NOW)
    order_flow.approve_order(team.li, o.code, now=NOW)

    app = drive(db_url, "wang", edit("orders", "enter", {"subject": "改掉"}))
    assert "approved" in app.messages[-1]
    after = orders.get_order(team.admin, o.code, now=NOW).order
    assert (after.subject, after.total, after.status) == (o.subject, o.total, "approved")


def test_cancel_an_order_with_a_reason(team: Team, db_url: str) -> None:
    o = order(team)

    drive(db_url, "wang", answer("orders", "delete", "escape"))
    assert orders.get_order(team.admin, o.code, now=NOW).order.status == "draft"
    app = drive(db_url, "wang", answer("orders", "delete", "=客户取消", "enter"))
    after = orders.get_order(team.admin, o.code, now=NOW).order
    assert (after.status, after.cancel_reason) == ("cancelled", "客户取消")
    assert app.messages[-1] == f"Cancelled order {o.code}"


def test_nothing_changed_and_escape_save_nothing(team: Team, db_url: str) -> None:
    opp = deal(team)

    app = drive(db_url, "wang", edit("opportunities", "e", {}))
    assert app.messages[-1] == "Nothing changed"
    drive(db_url, "wang", answer("opportunities", "e", "escape"))
    after = opportunities.get_opportunity(team.admin, opp.code, now=NOW)
    assert after.amount == Decimal("50000.00")


def test_footer_lists_the_row_keys_while_a_tab_has_focus(team: Team, db_url: str) -> None:
    deal(team)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await open_tab(pilot, "opportunities")
        seen["keys"] = {b.binding.description for b in app.active_bindings.values()}

    drive(db_url, "wang", script)
    assert {"Edit row", "Delete/cancel row", "Win deal", "Lose deal"} <= seen["keys"]
