"""Service tickets (SRV-1): the verbs of a ticket's life, each one transaction that writes
the operation log on the customer.

unprocessed → assigned → in progress → resolved → closed; a resolved or closed ticket is
reopened with a reason. Who may do what: see `lookup`. Refusals of the flow (resolving a
closed ticket, feedback before a resolution) are invalid input: nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live
from crm_cli.store.service import fields
from crm_cli.store.service import models as vm
from crm_cli.store.service.lookup import workable, writable
from crm_cli.store.service.records import OPEN, Ticket, record, snapshot

ENTITY = "ticket"


def _save(
    actor: User, row: vm.Ticket, customer: cm.Customer, before: dict[str, Any], action: str,
    now: dt.datetime, extra: Mapping[str, Any] | None = None,
) -> Ticket:  # fmt: skip
    if row.next_service is not None and row.next_service != before.get("next_service"):
        row.next_service_by_id = actor.id  # whoever plans the next service is reminded of it
    changed: dict[str, Any] = {**oplog.diff(before, snapshot(row)), **(extra or {})}
    if not changed:
        raise InvalidInput("nothing to change on ticket {code}", code=row.code)
    row.updated_at = now
    row.save()
    oplog.write(actor, ENTITY, row.id, customer.id, action, changed, now)
    return record(row, customer)


def _settle_due_services(actor: User, customer: cm.Customer, now: dt.datetime) -> None:
    """A new ticket is the service the customer's earlier tickets planned for up to today:
    their next service dates are done (later ones stay planned)."""
    T = vm.Ticket
    due = (T.customer == customer.id) & (T.next_service <= now.date()) & T.deleted_at.is_null()
    for row in T.select(T.id, T.code, T.next_service).where(due):
        changes = {"next_service": [oplog.plain(row.next_service), None]}
        oplog.write(actor, ENTITY, row.id, customer.id, "served", changes, now)
    T.update(next_service=None, next_service_by=None).where(due).execute()


@writing
def add_ticket(
    actor: User,
    customer_ref: str,
    *,
    type: str,
    description: str,
    values: Mapping[str, Any] | None = None,
    assignee: str | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Open a ticket for a customer the actor may change; ``values``: more ``fields.EDITABLE``
    (contact, product, order_line, priority, due_at, next_service). With ``assignee`` it
    starts assigned.

    Raises:
        NotFound: the customer (also one the actor may not see), contact, product or
            order line.
        InvalidInput: an unknown type or priority, empty description, a past date, a
            deactivated assignee. PermissionDenied: the actor may not change the customer.
    """
    now = now_or(now)
    customer = find_row(actor, customer_ref, now.date())
    require_live(customer)
    access.require_edit(actor, customer, now.date(), "add service tickets to")
    row = vm.Ticket(customer=customer.id, created_by=actor.id, created_at=now, updated_at=now)
    fields.apply(row, customer, {"type": type, "description": description, **(values or {})}, now)
    given = active_user_row(assignee) if assignee is not None else None
    if given is not None:
        row.assignee_id, row.status, row.assigned_at = given.id, "assigned", now
    _settle_due_services(actor, customer, now)
    if row.next_service is not None:
        row.next_service_by_id = actor.id
    row.code = next_code("ticket", "code.ticket_prefix")
    row.save(force_insert=True)
    changes = {"code": row.code, **snapshot(row), "assignee": given.login if given else None}
    oplog.write(actor, ENTITY, row.id, customer.id, "add", oplog.nonempty(changes), now)
    return record(row, customer)


@writing
def edit_ticket(
    actor: User, ref: str, changes: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Ticket:
    """Change a ticket's fields (``fields.EDITABLE``); '' clears an optional one."""
    now = now_or(now)
    if not changes:
        raise InvalidInput(
            "nothing to change: give at least one of {editable}",
            editable=", ".join(fields.EDITABLE),
        )
    row, customer = writable(actor, ref, now.date(), "change")
    before = snapshot(row)
    fields.apply(row, customer, changes, now)
    return _save(actor, row, customer, before, "edit", now)


def _require(row: vm.Ticket, statuses: tuple[str, ...], what: str) -> None:
    if row.status not in statuses:
        shown = row.status.replace("_", " ")
        hint = "; reopen it first" if row.status in ("resolved", "closed") else ""
        raise InvalidInput(
            "cannot {what} ticket {code}: it is {shown}{hint}",
            what=what,
            code=row.code,
            shown=shown,
            hint=hint,
        )


@writing
def assign_ticket(actor: User, ref: str, to: str, *, now: dt.datetime | None = None) -> Ticket:
    """Give an open ticket to an active user; a ticket in progress goes back to assigned.

    Raises:
        InvalidInput: the user is deactivated, or the ticket is resolved or closed.
        NotFound: no such user.
    """
    now = now_or(now)
    row, customer = writable(actor, ref, now.date(), "assign")
    _require(row, OPEN, "assign")
    user = active_user_row(to)
    if row.assignee_id == user.id:
        raise InvalidInput(
            "ticket {code} is already assigned to {login}", code=row.code, login=user.login
        )
    earlier = m.User.get_or_none(m.User.id == row.assignee_id) if row.assignee_id else None
    before = snapshot(row)
    row.assignee_id, row.status, row.assigned_at, row.started_at = user.id, "assigned", now, None
    # The log names people by login, not by id.
    who = {"assignee": [earlier.login if earlier else None, user.login]}
    return _save(actor, row, customer, before, "assign", now, who)


@writing
def start_ticket(actor: User, ref: str, *, now: dt.datetime | None = None) -> Ticket:
    """Begin work on an assigned ticket (its assignee, or whoever may change it)."""
    now = now_or(now)
    row, customer = workable(actor, ref, now.date(), "start")
    _require(row, ("assigned",), "start")
    before = snapshot(row)
    row.status, row.started_at = "in_progress", now
    return _save(actor, row, customer, before, "start", now)


@writing
def resolve_ticket(
    actor: User,
    ref: str,
    *,
    resolution: str,
    next_service: str | dt.date | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Record how an assigned or in-progress ticket was resolved, and maybe the next
    service date (its assignee, or whoever may change it)."""
    now = now_or(now)
    solved = fields.text(resolution, "resolution", required=True)
    row, customer = workable(actor, ref, now.date(), "resolve")
    _require(row, ("assigned", "in_progress"), "resolve")
    before = snapshot(row)
    row.status, row.resolution, row.resolved_at = "resolved", solved, now
    if next_service is not None:
        row.next_service = fields.next_service(next_service, now.date())
    return _save(actor, row, customer, before, "resolve", now)


@writing
def close_ticket(actor: User, ref: str, *, now: dt.datetime | None = None) -> Ticket:
    """Close a resolved ticket: the customer's side is done."""
    now = now_or(now)
    row, customer = writable(actor, ref, now.date(), "close")
    _require(row, ("resolved",), "close")
    before = snapshot(row)
    row.status, row.closed_at = "closed", now
    return _save(actor, row, customer, before, "close", now)


@writing
def reopen_ticket(actor: User, ref: str, *, reason: str, now: dt.datetime | None = None) -> Ticket:
    """Open a resolved or closed ticket again, with the reason: back to its assignee."""
    now = now_or(now)
    why = fields.text(reason, "reason for reopening", required=True)
    row, customer = writable(actor, ref, now.date(), "reopen")
    if row.status not in ("resolved", "closed"):
        raise InvalidInput(
            "ticket {code} is not resolved or closed; nothing to reopen", code=row.code
        )
    before = snapshot(row)
    row.status = "assigned" if row.assignee_id else "unprocessed"
    row.started_at = row.resolved_at = row.closed_at = None
    return _save(actor, row, customer, before, "reopen", now, {"reason": why})


@writing
def give_feedback(
    actor: User,
    ref: str,
    *,
    satisfaction: int | str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Ticket:
    """Record the customer's satisfaction (1–5) and comment on a resolved or closed ticket."""
    now = now_or(now)
    score = fields.satisfaction(satisfaction)
    comment = fields.text(note, "feedback note")
    row, customer = writable(actor, ref, now.date(), "record feedback on")
    if row.status not in ("resolved", "closed"):
        shown = row.status.replace("_", " ")
        raise InvalidInput(
            "ticket {code} is {shown}: feedback comes once it is resolved",
            code=row.code,
            shown=shown,
        )
    before = snapshot(row)
    row.satisfaction, row.feedback = score, comment
    return _save(actor, row, customer, before, "feedback", now)


@writing
def delete_ticket(actor: User, ref: str, *, now: dt.datetime | None = None) -> Ticket:
    """Soft-delete a ticket; the customer's log keeps who and when."""
    now = now_or(now)
    row, customer = writable(actor, ref, now.date(), "delete")
    row.deleted_at = row.updated_at = now
    row.save()
    oplog.write(actor, ENTITY, row.id, customer.id, "delete", {"code": row.code}, now)
    return record(row, customer)
