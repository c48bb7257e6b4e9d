"""What the customer center's keys do: a dialog, then the same store call as the CLI.

Each flow runs as a worker of the screen (dialogs are awaited with `push_screen_wait`);
store errors become notifications through `Crm.attempt`, so nothing crashes the app.
"""

from __future__ import annotations

from typing import Any

from crm_cli.store.customers.records import Customer
from crm_cli.tui.actions.flows import done, needs_customer, start, with_duplicates
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.ports import Crm, CustomerPane


async def _add_customer(screen: CustomerPane) -> None:
    from crm_cli.store.customers import customers
    from crm_cli.tui.dialogs.customer_form import CustomerDialog

    app = screen.crm
    form = await app.push_screen_wait(CustomerDialog())
    if form is None:
        return
    added = await with_duplicates(
        app, form.name,
        lambda allow: customers.add_customer(
            app.user, form.name, form.fields, allow_duplicate=allow, now=app.now),
    )  # fmt: skip
    if added is not None:
        done(screen, f"Added {added.code} {added.name}", grid=True)


def add_customer(screen: CustomerPane) -> None:
    """Add a customer (the duplicate warning is a choice)."""
    start(screen, _add_customer(screen))


@needs_customer
async def edit_customer(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import customers
    from crm_cli.tui.dialogs.customer_form import KEYS, CustomerDialog

    values = {"name": c.name, **{k: str(getattr(c, k) or "") for k in KEYS}}
    form = await app.push_screen_wait(CustomerDialog(values, title=f"Edit {c.code}"))
    if form is None:
        return
    changes = dict(form.fields, **({"name": form.name} if form.name != c.name else {}))
    if not changes:
        app.report("Nothing changed")
        return
    saved = await with_duplicates(
        app, form.name,
        lambda allow: customers.edit_customer(
            app.user, c.code, changes, allow_duplicate=allow, now=app.now),
    )  # fmt: skip
    if saved is not None:
        done(screen, f"Saved {saved.code} {saved.name}", grid=True)


@needs_customer
async def add_contact(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import contacts
    from crm_cli.tui.dialogs.contact_form import ContactDialog

    form = await app.push_screen_wait(ContactDialog())
    if form is None:
        return
    added = await with_duplicates(
        app, form.name,
        lambda allow: contacts.add_contact(
            app.user, c.code, form.name, form.fields, allow_duplicate=allow, now=app.now),
    )  # fmt: skip
    if added is not None:
        done(screen, f"Added contact {added.code} {added.name} to {c.code}")


@needs_customer
async def log_contact(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.activity import activities
    from crm_cli.tui.dialogs.activity_form import ActivityDialog

    form = await app.push_screen_wait(ActivityDialog())
    if form is None:
        return
    saved = await app.attempt(
        activities.log_contact, app.user, c.code, form.fields,
        contact=form.contact, set_status=form.set_status, now=app.now,
    )  # fmt: skip
    if saved is not None:
        nxt = f", next contact {saved.next_date}" if saved.next_date else ""
        done(screen, f"Logged a {saved.method} with {c.code}{nxt}", grid=True)


@needs_customer
async def add_opportunity(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import opportunities
    from crm_cli.tui.dialogs.opportunity_form import OpportunityDialog

    form = await app.push_screen_wait(OpportunityDialog())
    if form is None:
        return
    saved = await app.attempt(
        opportunities.add_opportunity, app.user, c.code, amount=form.amount,
        probability=form.probability, product=form.product, stage=form.stage,
        close=form.close, now=app.now,
    )  # fmt: skip
    if saved is not None:
        done(screen, f"Added opportunity {saved.code} ({saved.amount:,.2f})")


@needs_customer
async def add_quote(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import quotes
    from crm_cli.tui.dialogs.quote_form import QuoteDialog

    form = await app.push_screen_wait(QuoteDialog())
    if form is None:
        return
    saved = await app.attempt(quotes.add_quote, app.user, c.code, form.lines, form.fields,
                             now=app.now)  # fmt: skip
    if saved is not None:
        done(screen, f"Added quote {saved.code} for {c.code}")


@needs_customer
async def order_from_quote(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import orders
    from crm_cli.tui.dialogs.order_form import OrderDialog

    form = await app.push_screen_wait(OrderDialog({"quote": screen.latest("quotes")}))
    if form is None:
        return
    saved = await app.attempt(
        orders.add_order, app.user, c.code, from_quote=form.quote, signed=form.signed,
        due=form.due, installments=form.installments, now=app.now,
    )  # fmt: skip
    if saved is not None:
        done(screen, f"Order {saved.order.code} made from {form.quote}")


@needs_customer
async def pay(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import payments
    from crm_cli.tui.dialogs.payment_form import PaymentDialog

    form = await app.push_screen_wait(PaymentDialog({"order": screen.latest("orders")}))
    if form is None:
        return
    saved = await app.attempt(
        payments.record_payment, app.user, form.order, form.amount,
        installment=form.installment, date=form.date, method=form.method, now=app.now,
    )  # fmt: skip
    if saved:
        total = sum(r.amount for r in saved)
        done(screen, f"Recorded {total:,.2f} on {form.order}", grid=True)


async def _edit_contact(screen: CustomerPane, row: dict[str, Any]) -> None:
    from crm_cli.store.customers import contacts
    from crm_cli.tui.dialogs.contact_form import ContactDialog

    app = screen.crm
    keys = [f.key for f in ContactDialog.FIELDS]
    before = {k: str(row.get(k) or "") for k in keys}
    form = await app.push_screen_wait(ContactDialog(before, heading=f"Edit {row['code']}"))
    if form is None:
        return
    after = {"name": form.name, **{k: form.fields.get(k, "") for k in keys[1:]}}
    changes = {k: v for k, v in after.items() if v != before[k]}
    if not changes:
        app.report("Nothing changed")
        return
    saved = await with_duplicates(
        app, form.name,
        lambda allow: contacts.edit_contact(
            app.user, str(row["code"]), changes, allow_duplicate=allow, now=app.now),
    )  # fmt: skip
    if saved is not None:
        done(screen, f"Saved contact {saved.code} {saved.name}")


def edit_contact(screen: CustomerPane, row: dict[str, Any]) -> None:
    """Edit the contact chosen (Enter) on the Contacts tab."""
    start(screen, _edit_contact(screen, row))


async def _order_step(screen: CustomerPane, app: Crm, verb: str) -> None:
    from crm_cli.store.sales import order_flow

    code = screen.latest("orders")
    if not code:
        app.report("This customer has no order", error=True)
        return
    if not await app.push_screen_wait(ConfirmDialog(f"{verb.capitalize()} order {code}?")):
        return
    step = order_flow.submit_order if verb == "submit" else order_flow.approve_order
    view = await app.attempt(step, app.user, code, now=app.now)
    if view is not None:
        done(screen, f"Order {code} is {view.order.status}")


@needs_customer
async def submit_order(screen: CustomerPane, app: Crm, c: Customer) -> None:
    await _order_step(screen, app, "submit")


@needs_customer
async def approve_order(screen: CustomerPane, app: Crm, c: Customer) -> None:
    await _order_step(screen, app, "approve")
