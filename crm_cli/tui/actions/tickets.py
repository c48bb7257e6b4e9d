"""Service tickets from the customer center (issue 13, point 5): add one to the highlighted
customer, and on the Services tab assign, start, resolve, close, reopen, give feedback on,
edit and delete the chosen ticket.

Every step is the CLI's store call (`service.tickets`). The steps that ask for values run
that call from their dialog (`ticket_forms.StoreDialog`), so a refusal stays in the dialog
beside its field; start and close ask nothing and a refusal is a notification.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers.records import Customer
from crm_cli.store.service import tickets
from crm_cli.store.service.records import Ticket
from crm_cli.tui.actions.flows import done, needs_customer, start
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.form import filled
from crm_cli.tui.dialogs.ticket_forms import (
    AssignDialog,
    FeedbackDialog,
    ReopenDialog,
    ResolveDialog,
    StoreDialog,
    TicketDialog,
)
from crm_cli.tui.ports import Crm, CustomerPane

Row = Mapping[str, Any]


async def _types(app: Crm) -> list[str]:
    """The team's ticket types (the `service.types` setting)."""
    from crm_cli.store.core.settings import get_setting
    from crm_cli.store.service.settings import DEFAULT_TYPES, TYPES

    return str(await app.attempt(get_setting, app.user, TYPES) or DEFAULT_TYPES).split(",")


async def _ask(screen: CustomerPane, dialog: StoreDialog, said: Callable[[Ticket], str]) -> None:
    """Show ``dialog`` (which saves), then say what happened and refresh the tabs."""
    saved = await screen.crm.push_screen_wait(dialog)
    if saved is not None:
        done(screen, said(saved))


@needs_customer
async def add_ticket(screen: CustomerPane, app: Crm, c: Customer) -> None:
    types = await _types(app)

    def save(values: dict[str, str]) -> Ticket:
        more = filled(values, ("priority", "contact", "due_at"))
        return tickets.add_ticket(
            app.user, c.code, type=values["type"], description=values["description"],
            values=more, now=app.now,
        )  # fmt: skip

    dialog = TicketDialog(save, f"New service ticket for {c.code} {c.name}", types,
                          {"type": types[0], "priority": "normal"})  # fmt: skip
    await _ask(screen, dialog, lambda t: f"Added ticket {t.code} ({t.type}) for {c.code}")


def _ticket_values(ticket: Ticket) -> dict[str, str]:
    """A ticket's editable fields as the text the dialog starts with."""
    return {
        "type": ticket.type,
        "priority": ticket.priority,
        "description": ticket.description,
        "contact": ticket.contact or "",
        "due_at": f"{ticket.due_at:%Y-%m-%d %H:%M}" if ticket.due_at else "",
        "next_service": ticket.next_service.isoformat() if ticket.next_service else "",
    }


async def _edit(screen: CustomerPane, code: str) -> None:
    from crm_cli.store.service import views

    app = screen.crm
    ticket = await app.attempt(views.get_ticket, app.user, code, now=app.now)
    if ticket is None:
        return
    before = _ticket_values(ticket)

    def save(values: dict[str, str]) -> Ticket:
        # Only what the user changed: an old due time left as it was is not refused as past.
        changes = {k: v for k, v in values.items() if v != before[k]}
        if not changes:
            raise InvalidInput("nothing changed")
        return tickets.edit_ticket(app.user, code, changes, now=app.now)

    dialog = TicketDialog(save, f"Edit ticket {code}", await _types(app), before, edit=True)
    await _ask(screen, dialog, lambda t: f"Saved ticket {t.code}")


async def _assign(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = AssignDialog(
        lambda v: tickets.assign_ticket(app.user, code, v["user"], now=app.now),
        f"Assign ticket {code}",
    )
    await _ask(screen, dialog, lambda t: f"Ticket {t.code} assigned to {t.assignee}")


async def _resolve(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = ResolveDialog(
        lambda v: tickets.resolve_ticket(
            app.user, code, resolution=v["resolution"], next_service=v["next_service"] or None,
            now=app.now),
        f"Resolve ticket {code}",
    )  # fmt: skip
    await _ask(screen, dialog, _resolved)


def _resolved(t: Ticket) -> str:
    later = f", next service {t.next_service}" if t.next_service else ""
    return f"Ticket {t.code} is resolved{later}"


async def _reopen(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = ReopenDialog(
        lambda v: tickets.reopen_ticket(app.user, code, reason=v["reason"], now=app.now),
        f"Reopen ticket {code}",
    )
    await _ask(screen, dialog, lambda t: f"Ticket {t.code} is open again ({_shown(t)})")


async def _feedback(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = FeedbackDialog(
        lambda v: tickets.give_feedback(
            app.user, code, satisfaction=v["satisfaction"], note=v["note"], now=app.now),
        f"Customer feedback on ticket {code}",
    )  # fmt: skip
    await _ask(screen, dialog, lambda t: f"Feedback {t.satisfaction}/5 on ticket {t.code}")


def _shown(t: Ticket) -> str:
    return t.status.replace("_", " ")


async def _start(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    ticket = await app.attempt(tickets.start_ticket, app.user, code, now=app.now)
    if ticket is not None:
        done(screen, f"Ticket {code} is {_shown(ticket)}")


async def _close(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    ticket = await app.attempt(tickets.close_ticket, app.user, code, now=app.now)
    if ticket is not None:
        done(screen, f"Ticket {code} is {_shown(ticket)}")


async def _delete(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    if not await app.push_screen_wait(ConfirmDialog(f"Delete ticket {code}?", yes="Delete")):
        return
    if await app.attempt(tickets.delete_ticket, app.user, code, now=app.now) is not None:
        done(screen, f"Deleted ticket {code}")


STEPS = {
    "edit": _edit,
    "delete": _delete,
    "assign": _assign,
    "start": _start,
    "resolve": _resolve,
    "close": _close,
    "reopen": _reopen,
    "feedback": _feedback,
}


def ticket_step(screen: CustomerPane, verb: str, row: Row | None) -> None:
    """Run ``verb`` on the chosen row of the Services tab."""
    if verb not in STEPS:
        screen.crm.report(f"{verb.capitalize()} does not apply to service tickets", error=True)
    elif row is None:
        screen.crm.report("No service ticket to work on", error=True)
    else:
        start(screen, STEPS[verb](screen, str(row["code"])))
