"""Edit, delete, win and lose the rows of the detail tabs (records, deals, quotes, orders).

Each flow asks with a dialog that makes the same store call as the CLI; only the fields the
user changed are sent. An edit refused (locked, audited, closed, someone else's) stays in
its dialog beside the field, as typed; the other refusals become notifications.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from crm_cli.i18n import N_, _, tr
from crm_cli.tui.actions.flows import UNCHANGED, done, start
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.ports import CustomerPane

Row = Mapping[str, Any]
# tab -> (what the messages call a row, the key that names it to the store)
KINDS = {
    "records": (N_("contact record"), "id"),
    "opportunities": (N_("opportunity"), "code"),
    "quotes": (N_("quote"), "code"),
    "orders": (N_("order"), "code"),
}


# An opportunity's statuses (not among the CLI's translated values: a customer status may
# be called "lost" too).
STATUSES = {"open": N_("open"), "won": N_("won"), "lost": N_("lost")}


def _changed(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in after.items() if v != before.get(k, "")}


async def _ask(
    screen: CustomerPane, dialog_type: Any, values: Row, heading: str,
    call: Callable[[dict[str, str]], Any],
) -> bool:  # fmt: skip
    """Open an edit dialog that saves the changed fields with ``call(changes)`` (on the store
    thread, so a refusal stays beside its field); True when something was saved."""
    dialog: Any = None

    def save(form: dict[str, str]) -> Any:
        changes = _changed(dialog.initial, form)
        if not changes:
            return UNCHANGED
        call(changes)
        return True

    dialog = dialog_type(values, heading, save=save)
    saved = await screen.crm.push_screen_wait(dialog)
    if saved is UNCHANGED:
        screen.crm.report(_("Nothing changed"))
    return saved is True


async def _edit_record(screen: CustomerPane, row: Row) -> None:
    from crm_cli.store.activity import activities
    from crm_cli.tui.dialogs.tab_forms import ActivityEditDialog

    app, ref = screen.crm, str(row["id"])

    def call(changes: dict[str, str]) -> Any:
        return activities.edit_activity(app.user, ref, changes, now=app.now)

    heading = tr("Edit contact record {ref}", ref=ref)
    if await _ask(screen, ActivityEditDialog, row, heading, call):
        done(screen, tr("Saved contact record {ref}", ref=ref), grid=True)


async def _edit_opportunity(screen: CustomerPane, row: Row) -> None:
    from crm_cli.store.sales import opportunities
    from crm_cli.tui.dialogs.tab_forms import OpportunityEditDialog

    app, code = screen.crm, str(row["code"])

    def call(changes: dict[str, str]) -> Any:
        return opportunities.edit_opportunity(app.user, code, changes, now=app.now)

    heading = tr("Edit opportunity {code}", code=code)
    if await _ask(screen, OpportunityEditDialog, row, heading, call):
        done(screen, tr("Saved opportunity {code}", code=code))


async def _edit_quote(screen: CustomerPane, row: Row) -> None:
    from crm_cli.store.sales import quotes
    from crm_cli.tui.dialogs.tab_forms import QuoteEditDialog, spec_of, split_lines

    app, code = screen.crm, str(row["code"])
    quote = await app.attempt(quotes.get_quote, app.user, code, now=app.now)
    if quote is None:
        return
    values = {**quote._asdict(), "lines": "  ".join(spec_of(x) for x in quote.lines or ())}

    def call(changes: dict[str, str]) -> Any:
        specs = split_lines(changes.pop("lines")) if "lines" in changes else None
        return quotes.edit_quote(app.user, code, changes, specs, now=app.now)

    if await _ask(screen, QuoteEditDialog, values, tr("Edit quote {code}", code=code), call):
        done(screen, tr("Saved quote {code}", code=code))


async def _edit_order(screen: CustomerPane, row: Row) -> None:
    from crm_cli.store.sales import orders
    from crm_cli.tui.dialogs.tab_forms import OrderEditDialog, spec_of, split_lines

    app, code = screen.crm, str(row["code"])
    view = await app.attempt(orders.get_order, app.user, code, now=app.now)
    if view is None:
        return
    values = {**view.order._asdict(), "lines": "  ".join(spec_of(x) for x in view.lines)}

    def call(changes: dict[str, Any]) -> Any:
        lines = split_lines(changes.pop("lines")) if "lines" in changes else ()
        return orders.edit_order(app.user, code, lines=lines, **changes, now=app.now)

    if await _ask(screen, OrderEditDialog, values, tr("Edit order {code}", code=code), call):
        done(screen, tr("Saved order {code}", code=code), grid=True)


EDITS = {
    "records": _edit_record,
    "opportunities": _edit_opportunity,
    "quotes": _edit_quote,
    "orders": _edit_order,
}


def _chosen(screen: CustomerPane, tab: str, row: Row | None) -> bool:
    if tab not in KINDS:
        screen.crm.report(_("Rows of this tab are not edited here"), error=True)
        return False
    if row is None:
        screen.crm.report(tr("No {what} to work on", what=_(KINDS[tab][0])), error=True)
        return False
    return True


def edit_row(screen: CustomerPane, tab: str, row: Row | None) -> None:
    """Edit the chosen row of a detail tab (Enter or e)."""
    if _chosen(screen, tab, row):
        start(screen, EDITS[tab](screen, dict(row or {})))


async def _delete(screen: CustomerPane, tab: str, row: Row) -> None:
    from crm_cli.store.activity import activities
    from crm_cli.store.sales import opportunities, quotes

    app = screen.crm
    what, key = _(KINDS[tab][0]), KINDS[tab][1]
    ref = str(row[key])
    question = tr("Delete {what} {ref}?", what=what, ref=ref)
    if not await app.push_screen_wait(ConfirmDialog(question, yes=N_("Delete"))):
        return
    calls = {
        "records": activities.delete_activity,
        "opportunities": opportunities.delete_opportunity,
        "quotes": quotes.delete_quote,
    }
    if await app.attempt(calls[tab], app.user, ref, now=app.now) is not None:
        done(screen, tr("Deleted {what} {ref}", what=what, ref=ref), grid=tab == "records")


async def _cancel_order(screen: CustomerPane, row: Row) -> None:
    from crm_cli.store.sales import order_flow

    app, code = screen.crm, str(row["code"])

    def save(reason: str) -> Any:  # in the dialog: a refusal keeps it open, the reason kept
        return order_flow.cancel_order(app.user, code, reason, now=app.now)

    dialog = NameDialog(tr("Cancel order {code}", code=code), N_("Reason"), save=save)
    if await app.push_screen_wait(dialog) is not None:
        done(screen, tr("Cancelled order {code}", code=code), grid=True)


def delete_row(screen: CustomerPane, tab: str, row: Row | None) -> None:
    """Delete the chosen row after a confirmation; an order is cancelled with a reason."""
    if not _chosen(screen, tab, row):
        return
    flow = _cancel_order(screen, row or {}) if tab == "orders" else _delete(screen, tab, row or {})
    start(screen, flow)


async def _close_deal(screen: CustomerPane, code: str, won: bool) -> None:
    from crm_cli.store.sales import opportunities

    app = screen.crm
    if won:
        question = tr("Mark opportunity {code} as won?", code=code)
        if not await app.push_screen_wait(ConfirmDialog(question)):
            return
        closed = await app.attempt(opportunities.win_opportunity, app.user, code, now=app.now)
    else:

        def save(reason: str) -> Any:
            return opportunities.lose_opportunity(app.user, code, reason=reason, now=app.now)

        dialog = NameDialog(tr("Lose opportunity {code}", code=code), N_("Reason"), save=save)
        closed = await app.push_screen_wait(dialog)
    if closed is not None:
        status = _(STATUSES.get(closed.status, closed.status))
        done(screen, tr("Opportunity {code} is {status}", code=code, status=status))


def row_step(screen: CustomerPane, verb: str, tab: str, row: Row | None) -> None:
    """What a detail tab's key asks of its row: edit, delete, win, lose, a ticket's step."""
    from crm_cli.tui.actions import customers, tickets

    if tab == "services":
        tickets.ticket_step(screen, verb, row)
    elif verb == "edit" and tab == "contacts" and row is not None:
        customers.edit_contact(screen, dict(row))
    elif verb == "edit":
        edit_row(screen, tab, row)
    elif verb == "delete":
        delete_row(screen, tab, row)
    else:
        close_deal(screen, tab, row, won=verb == "win")


def close_deal(screen: CustomerPane, tab: str, row: Row | None, *, won: bool) -> None:
    """Win (after a confirmation) or lose (with a reason) the chosen opportunity."""
    if tab != "opportunities":
        screen.crm.report(_("Win and lose work on the Deals tab"), error=True)
    elif _chosen(screen, tab, row):
        start(screen, _close_deal(screen, str((row or {})["code"]), won))
