"""The day's sales work from the customer center: log a call with its next date, a quote,
the order made from it, a payment — each checked through the store afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from crm_cli.store.activity import activities
from crm_cli.store.core import settings
from crm_cli.store.customers import customers
from crm_cli.store.customers.records import Customer
from crm_cli.store.sales import opportunities, order_flow, order_lists, orders, products, quotes
from crm_cli.tui.app import CrmApp
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle, type_text


def acme(team: Team) -> Customer:
    """wang's customer; this team lets owners record their receipts (payment.recorders)."""
    settings.set_setting(team.admin, "payment.recorders", "manager,admin,owner")
    products.add_product(team.admin, "PC", "Desktop PC", {"price": "1000.00"}, now=NOW)
    return customers.add_customer(team.wang, "Acme Trading", now=NOW)


async def fill(pilot: Pilot[Any], key: str, values: dict[str, str]) -> None:
    """Open a dialog with ``key``, type each field, submit with Enter."""
    await pilot.press(key)
    await settle(pilot)
    for field, text in values.items():
        box = pilot.app.screen.query_one(f"#f-{field}", Input)
        box.value = ""
        box.focus()
        await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def test_log_a_call_with_the_next_contact_date(team: Team, db_url: str) -> None:
    customer = acme(team)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await fill(pilot, "l", {"summary": "电话沟通报价", "method": "phone",
                                "next_date": "+3d"})  # fmt: skip

    app = drive(db_url, "wang", script)
    [call] = activities.contact_history(team.admin, customer.code, now=NOW)
    assert (call.summary, call.method, call.next_date) == (
        "电话沟通报价", "phone", NOW.date() + dt.timedelta(days=3))  # fmt: skip
    after = customers.get_customer(team.admin, customer.code, now=NOW)
    assert after.next_contact == NOW.date() + dt.timedelta(days=3)
    assert "next contact 2026-11-05" in app.messages[-1]


def test_a_bad_date_stays_in_the_dialog_and_logs_nothing(team: Team, db_url: str) -> None:
    customer = acme(team)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await fill(pilot, "l", {"summary": "x", "next_date": "someday"})
        seen["error"] = str(app.screen.query_one("#e-next_date").content)  # type: ignore[attr-defined]
        await pilot.press("escape")

    drive(db_url, "wang", script)
    assert "someday" in seen["error"]
    assert activities.contact_history(team.admin, customer.code, now=NOW) == []


def order_step(key: str) -> Any:
    """Press ``key`` (an order step) and confirm it."""

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press(key)
        await settle(pilot)
        await pilot.press("y")

    return script


def test_quote_then_order_from_it_then_pay(team: Team, db_url: str) -> None:
    customer = acme(team)

    async def quote_and_order(pilot: Pilot[Any], app: CrmApp) -> None:
        await fill(pilot, "w", {"lines": "PC:2", "subject": "两台电脑"})
        await fill(pilot, "b", {"installments": "2"})  # the quote is filled in

    drive(db_url, "wang", quote_and_order)
    [quote] = quotes.list_quotes(team.admin, customer=customer.code, now=NOW)
    assert (quote.subject, quote.total) == ("两台电脑", Decimal("2000.00"))
    [order] = order_lists.list_orders(team.admin, customer=customer.code, now=NOW)
    assert (order.total, order.status) == (Decimal("2000.00"), "draft")

    drive(db_url, "wang", order_step("S"))
    drive(db_url, "li", order_step("V"))
    [order] = order_lists.list_orders(team.admin, customer=customer.code, now=NOW)
    assert order.status == "approved"

    async def pay(pilot: Pilot[Any], app: CrmApp) -> None:
        await fill(pilot, "m", {"amount": "1500"})  # the order is filled in

    app = drive(db_url, "wang", pay)
    assert app.messages[-1] == f"Recorded 1,500.00 on {order.code}"
    after = customers.get_customer(team.admin, customer.code, now=NOW)
    assert (after.total_received, after.balance_owed) == (Decimal("1500.00"), Decimal("500.00"))


def test_paying_more_than_owed_stays_beside_the_amount_and_changes_nothing(
    team: Team, db_url: str
) -> None:
    customer = acme(team)
    view = orders.add_order(team.wang, customer.code, lines=["PC:1"], now=NOW)
    order_flow.submit_order(team.wang, view.order.code, now=NOW)
    order_flow.approve_order(team.li, view.order.code, now=NOW)

    seen: dict[str, Any] = {}

    async def pay(pilot: Pilot[Any], app: CrmApp) -> None:
        await fill(pilot, "m", {"amount": "99999"})
        seen["error"] = str(app.screen.query_one("#e-amount", Static).content)
        seen["typed"] = app.screen.query_one("#f-amount", Input).value

    app = drive(db_url, "wang", pay)
    assert app.is_running is False and app.return_code in (None, 0)
    assert "99" in seen["error"] or "owed" in seen["error"]
    assert seen["typed"] == "99999"
    after = customers.get_customer(team.admin, customer.code, now=NOW)
    assert after.total_received == Decimal("0.00")


def test_add_an_opportunity(team: Team, db_url: str) -> None:
    customer = acme(team)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await fill(pilot, "n", {"amount": "50000", "probability": "60", "product": "ERP"})

    drive(db_url, "wang", script)
    [deal] = opportunities.list_opportunities(team.admin, customer=customer.code, now=NOW)
    assert (deal.amount, deal.probability, deal.product) == (Decimal("50000.00"), 60, "ERP")
