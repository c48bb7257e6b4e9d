"""What the customer center's keys do: a dialog that makes the same store call as the CLI.

Each flow runs as a worker of the screen (dialogs are awaited with `push_screen_wait`). A
form saves through its dialog (``save``), so a refusal shows beside the field it is about
with what was typed kept; the other store errors become notifications (`Crm.attempt`).
"""

from __future__ import annotations

from typing import Any

from crm_cli import i18n
from crm_cli.i18n import N_, _, tr
from crm_cli.store.customers.records import Customer
from crm_cli.tui.actions.flows import UNCHANGED, done, needs_customer, start
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.ports import Crm, CustomerPane


async def _add_customer(screen: CustomerPane) -> None:
    from crm_cli.store.customers import customers
    from crm_cli.tui.dialogs.customer_form import CustomerDialog, CustomerForm

    app = screen.crm

    def save(form: CustomerForm, allow: bool = False) -> Customer:
        return customers.add_customer(
            app.user, form.name, form.fields, allow_duplicate=allow, now=app.now
        )

    added = await app.push_screen_wait(CustomerDialog(save=save))
    if added is not None:
        done(screen, tr("Added {code} {name}", code=added.code, name=added.name), grid=True)


def add_customer(screen: CustomerPane) -> None:
    """Add a customer (the duplicate warning is a choice)."""
    start(screen, _add_customer(screen))


@needs_customer
async def edit_customer(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import customers
    from crm_cli.tui.dialogs.customer_form import KEYS, CustomerDialog, CustomerForm

    def save(form: CustomerForm, allow: bool = False) -> Any:
        changes = dict(form.fields, **({"name": form.name} if form.name != c.name else {}))
        if not changes:
            return UNCHANGED
        return customers.edit_customer(
            app.user, c.code, changes, allow_duplicate=allow, now=app.now
        )

    values = {"name": c.name, **{k: str(getattr(c, k) or "") for k in KEYS}}
    title = tr("Edit {code}", code=c.code)
    saved = await app.push_screen_wait(CustomerDialog(values, title=title, save=save))
    if saved is UNCHANGED:
        app.report(_("Nothing changed"))
    elif saved is not None:
        done(screen, tr("Saved {code} {name}", code=saved.code, name=saved.name), grid=True)


@needs_customer
async def add_contact(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import contacts
    from crm_cli.tui.dialogs.contact_form import ContactDialog, ContactForm

    def save(form: ContactForm, allow: bool = False) -> Any:
        return contacts.add_contact(
            app.user, c.code, form.name, form.fields, allow_duplicate=allow, now=app.now
        )

    heading = tr("Add contact to {code} {name}", code=c.code, name=c.name)
    added = await app.push_screen_wait(ContactDialog(heading=heading, save=save))
    if added is not None:
        done(screen, tr("Added contact {contact} {name} to {code}", contact=added.code,
                        name=added.name, code=c.code))  # fmt: skip


@needs_customer
async def log_contact(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.activity import activities
    from crm_cli.tui.dialogs.activity_form import ActivityDialog, ActivityForm

    def save(form: ActivityForm) -> Any:
        return activities.log_contact(
            app.user, c.code, form.fields, contact=form.contact, set_status=form.set_status,
            now=app.now,
        )  # fmt: skip

    heading = tr("Log contact with {code} {name}", code=c.code, name=c.name)
    saved = await app.push_screen_wait(ActivityDialog(heading=heading, save=save))
    if saved is not None:
        nxt = tr(", next contact {day}", day=saved.next_date) if saved.next_date else ""
        method = i18n.pgettext("value", saved.method)
        done(screen, tr("Logged a {method} with {code}", method=method, code=c.code) + nxt,
             grid=True)  # fmt: skip


@needs_customer
async def add_opportunity(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import opportunities
    from crm_cli.tui.dialogs.opportunity_form import OpportunityDialog, OpportunityForm

    def save(form: OpportunityForm) -> Any:
        return opportunities.add_opportunity(
            app.user, c.code, amount=form.amount, probability=form.probability,
            product=form.product, stage=form.stage, close=form.close, now=app.now,
        )  # fmt: skip

    heading = tr("Add opportunity for {code} {name}", code=c.code, name=c.name)
    saved = await app.push_screen_wait(OpportunityDialog(heading=heading, save=save))
    if saved is not None:
        done(screen, tr("Added opportunity {code} ({amount})", code=saved.code,
                        amount=f"{saved.amount:,.2f}"))  # fmt: skip


@needs_customer
async def add_quote(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import quotes
    from crm_cli.tui.dialogs.quote_form import QuoteDialog, QuoteForm

    def save(form: QuoteForm) -> Any:
        return quotes.add_quote(app.user, c.code, form.lines, form.fields, now=app.now)

    heading = tr("New quote for {code} {name}", code=c.code, name=c.name)
    saved = await app.push_screen_wait(QuoteDialog(heading=heading, save=save))
    if saved is not None:
        done(screen, tr("Added quote {quote} for {code}", quote=saved.code, code=c.code))


@needs_customer
async def order_from_quote(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import orders
    from crm_cli.tui.dialogs.order_form import OrderDialog, OrderForm

    def save(form: OrderForm) -> Any:
        made = orders.add_order(
            app.user, c.code, from_quote=form.quote, signed=form.signed, due=form.due,
            installments=form.installments, now=app.now,
        )  # fmt: skip
        return form.quote, made.order.code

    dialog = OrderDialog({"quote": screen.latest("quotes")}, save=save)
    saved = await app.push_screen_wait(dialog)
    if saved is not None:
        quote, order = saved
        done(screen, tr("Order {order} made from {quote}", order=order, quote=quote))


@needs_customer
async def pay(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.sales import payments
    from crm_cli.tui.dialogs.payment_form import PaymentDialog, PaymentForm

    def save(form: PaymentForm) -> Any:
        receipts = payments.record_payment(
            app.user, form.order, form.amount, installment=form.installment, date=form.date,
            method=form.method, now=app.now,
        )  # fmt: skip
        return form.order, sum(r.amount for r in receipts)

    dialog = PaymentDialog({"order": screen.latest("orders")}, save=save)
    saved = await app.push_screen_wait(dialog)
    if saved is not None:
        order, total = saved
        done(screen, tr("Recorded {amount} on {order}", amount=f"{total:,.2f}", order=order),
             grid=True)  # fmt: skip


async def _edit_contact(screen: CustomerPane, row: dict[str, Any]) -> None:
    from crm_cli.store.customers import contacts
    from crm_cli.tui.dialogs.contact_form import ContactDialog, ContactForm

    app = screen.crm
    keys = [f.key for f in ContactDialog.FIELDS]
    before = {k: str(row.get(k) or "") for k in keys}

    def save(form: ContactForm, allow: bool = False) -> Any:
        after = {"name": form.name, **{k: form.fields.get(k, "") for k in keys[1:]}}
        changes = {k: v for k, v in after.items() if v != before[k]}
        if not changes:
            return UNCHANGED
        return contacts.edit_contact(
            app.user, str(row["code"]), changes, allow_duplicate=allow, now=app.now
        )

    dialog = ContactDialog(before, heading=tr("Edit {code}", code=row["code"]), save=save)
    saved = await app.push_screen_wait(dialog)
    if saved is UNCHANGED:
        app.report(_("Nothing changed"))
    elif saved is not None:
        done(screen, tr("Saved contact {code} {name}", code=saved.code, name=saved.name))


def edit_contact(screen: CustomerPane, row: dict[str, Any]) -> None:
    """Edit the contact chosen (Enter) on the Contacts tab."""
    start(screen, _edit_contact(screen, row))


QUESTIONS = {"submit": N_("Submit order {code}?"), "approve": N_("Approve order {code}?")}


async def _order_step(screen: CustomerPane, app: Crm, verb: str) -> None:
    from crm_cli.store.sales import order_flow

    code = screen.latest("orders")
    if not code:
        app.report(_("This customer has no order"), error=True)
        return
    if not await app.push_screen_wait(ConfirmDialog(tr(QUESTIONS[verb], code=code))):
        return
    step = order_flow.submit_order if verb == "submit" else order_flow.approve_order
    view = await app.attempt(step, app.user, code, now=app.now)
    if view is not None:
        status = i18n.pgettext("value", view.order.status)
        done(screen, tr("Order {code} is {status}", code=code, status=status))


@needs_customer
async def submit_order(screen: CustomerPane, app: Crm, c: Customer) -> None:
    await _order_step(screen, app, "submit")


@needs_customer
async def approve_order(screen: CustomerPane, app: Crm, c: Customer) -> None:
    await _order_step(screen, app, "approve")
