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

from crm_cli import i18n
from crm_cli.i18n import N_, _, tr
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

    heading = tr("New service ticket for {code} {name}", code=c.code, name=c.name)
    dialog = TicketDialog(save, heading, types, {"type": types[0], "priority": "normal"})
    await _ask(screen, dialog, lambda t: tr("Added ticket {ticket} ({type}) for {code}",
                                            ticket=t.code, type=t.type, code=c.code))  # fmt: skip


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

    heading = tr("Edit ticket {code}", code=code)
    dialog = TicketDialog(save, heading, await _types(app), before, edit=True)
    await _ask(screen, dialog, lambda t: tr("Saved ticket {code}", code=t.code))


async def _assign(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = AssignDialog(
        lambda v: tickets.assign_ticket(app.user, code, v["user"], now=app.now),
        tr("Assign ticket {code}", code=code),
    )
    await _ask(screen, dialog, lambda t: tr("Ticket {code} assigned to {user}", code=t.code,
                                            user=t.assignee))  # fmt: skip


async def _resolve(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = ResolveDialog(
        lambda v: tickets.resolve_ticket(
            app.user, code, resolution=v["resolution"], next_service=v["next_service"] or None,
            now=app.now),
        tr("Resolve ticket {code}", code=code),
    )  # fmt: skip
    await _ask(screen, dialog, _resolved)


def _resolved(t: Ticket) -> str:
    later = tr(", next service {day}", day=t.next_service) if t.next_service else ""
    return tr("Ticket {code} is resolved", code=t.code) + later


async def _reopen(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = ReopenDialog(
        lambda v: tickets.reopen_ticket(app.user, code, reason=v["reason"], now=app.now),
        tr("Reopen ticket {code}", code=code),
    )
    await _ask(screen, dialog, lambda t: tr("Ticket {code} is open again ({status})",
                                            code=t.code, status=_shown(t)))  # fmt: skip


async def _feedback(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    dialog = FeedbackDialog(
        lambda v: tickets.give_feedback(
            app.user, code, satisfaction=v["satisfaction"], note=v["note"], now=app.now),
        tr("Customer feedback on ticket {code}", code=code),
    )  # fmt: skip
    await _ask(screen, dialog, lambda t: tr("Feedback {score}/5 on ticket {code}",
                                            score=t.satisfaction, code=t.code))  # fmt: skip


def _shown(t: Ticket) -> str:
    """A ticket's status for people: the CLI's Chinese word, or in English with spaces."""
    shown = i18n.pgettext("value", t.status)
    return shown.replace("_", " ")


async def _start(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    ticket = await app.attempt(tickets.start_ticket, app.user, code, now=app.now)
    if ticket is not None:
        done(screen, tr("Ticket {code} is {status}", code=code, status=_shown(ticket)))


async def _close(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    ticket = await app.attempt(tickets.close_ticket, app.user, code, now=app.now)
    if ticket is not None:
        done(screen, tr("Ticket {code} is {status}", code=code, status=_shown(ticket)))


async def _delete(screen: CustomerPane, code: str) -> None:
    app = screen.crm
    question = tr("Delete ticket {code}?", code=code)
    if not await app.push_screen_wait(ConfirmDialog(question, yes=N_("Delete"))):
        return
    if await app.attempt(tickets.delete_ticket, app.user, code, now=app.now) is not None:
        done(screen, tr("Deleted ticket {code}", code=code))


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


# The other keys of the detail tabs, as a refusal on the Services tab names them.
STEP_NAMES = {"win": N_("Win"), "lose": N_("Lose")}


def ticket_step(screen: CustomerPane, verb: str, row: Row | None) -> None:
    """Run ``verb`` on the chosen row of the Services tab."""
    if verb not in STEPS:
        screen.crm.report(tr("{step} does not apply to service tickets", step=_(STEP_NAMES.get(
            verb, verb.capitalize()))), error=True)  # fmt: skip
    elif row is None:
        screen.crm.report(_("No service ticket to work on"), error=True)
    else:
        start(screen, STEPS[verb](screen, str(row["code"])))
