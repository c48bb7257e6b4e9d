"""Finding a ticket and who may do what with it (SRV-1, USR-3).

Whoever may see the customer sees its tickets; an assignee also sees the tickets assigned
to them, even for a customer they may not see, and only those. Changing a ticket takes
edit rights on its customer (`customers.access`); its assignee may also start and
resolve it. A ticket one may not see is "not found"; one seen but not changeable, "denied".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.service import models as vm


def seen_by(actor: User, today: dt.date) -> pw.Expression | None:
    """The condition on ``Ticket`` joined to ``Customer`` for what ``actor`` sees; None: all."""
    cond = access.visible(actor, today)
    return None if cond is None else cond | (vm.Ticket.assignee == actor.id)


def live_tickets() -> Any:
    """Tickets with their customer joined in, neither deleted."""
    T, C = vm.Ticket, cm.Customer
    return (
        T.select(T, C)
        .join(C, on=(T.customer == C.id))
        .where(T.deleted_at.is_null() & C.deleted_at.is_null())
    )


def restrict(query: Any, actor: User, today: dt.date) -> Any:
    cond = seen_by(actor, today)
    return query if cond is None else query.where(cond)


def find(actor: User, ref: str, today: dt.date) -> tuple[vm.Ticket, cm.Customer]:
    """The ticket named by code or numeric id, if ``actor`` may see it."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty ticket reference")
    T = vm.Ticket
    cond = T.code == text.upper()
    if (number := as_id(text, "ticket")) is not None:
        cond |= T.id == number
    row = restrict(live_tickets().where(cond), actor, today).first()
    if row is None:
        raise NotFound("no service ticket {text!r}", text=text)
    return row, row.customer


def writable(actor: User, ref: str, today: dt.date, what: str) -> tuple[vm.Ticket, cm.Customer]:
    """A ticket the actor may change: edit rights on its customer."""
    row, customer = find(actor, ref, today)
    if not access.can_edit(actor, customer, today):
        raise PermissionDenied(
            "you may not {what} ticket {code} of customer {customer_code}",
            what=what,
            code=row.code,
            customer_code=customer.code,
        )
    return row, customer


def workable(actor: User, ref: str, today: dt.date, what: str) -> tuple[vm.Ticket, cm.Customer]:
    """A ticket the actor may work on: its assignee, or anyone who may change it."""
    row, customer = find(actor, ref, today)
    if row.assignee_id != actor.id and not access.can_edit(actor, customer, today):
        raise PermissionDenied(
            "you may not {what} ticket {code}: it is not assigned to you", what=what, code=row.code
        )
    return row, customer
