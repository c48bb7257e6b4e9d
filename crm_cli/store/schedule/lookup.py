"""Finding an event and who may do what with it.

Its owner, its invitees, the owner's managers (up the hierarchy) and admins see an event;
the owner, those managers and admins change it; only an invitee answers an invitation.
An event one may not see is "not found"; one seen but not changeable, "denied".
"""

from __future__ import annotations

from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers.access import managed_owner_ids
from crm_cli.store.schedule import models as sc

E, Inv = sc.ScheduleEvent, sc.ScheduleInvite


def invite_of(row: sc.ScheduleEvent, user_id: int) -> sc.ScheduleInvite | None:
    return Inv.get_or_none((Inv.event == row.id) & (Inv.user == user_id))


def manages(actor: User, owner_id: int) -> bool:
    """The actor is the owner, an admin, or a manager above the owner."""
    return actor.is_admin or owner_id in managed_owner_ids(actor)


def find(actor: User, ref: str) -> sc.ScheduleEvent:
    """The event named by code or numeric id, if ``actor`` may see it."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty event reference")
    cond = E.code == text.upper()
    if (number := as_id(text, "event")) is not None:
        cond |= E.id == number
    row = E.get_or_none(cond)
    if row is None or not (manages(actor, row.owner_id) or invite_of(row, actor.id)):
        raise NotFound("no event {text!r}", text=text)
    return row


def writable(actor: User, ref: str, what: str) -> sc.ScheduleEvent:
    """An event the actor may change: their own, or as the owner's manager or an admin."""
    row = find(actor, ref)
    if not manages(actor, row.owner_id):
        raise PermissionDenied(
            "you may not {what} event {code}: it is not yours", what=what, code=row.code
        )
    if row.cancelled_at is not None:
        raise InvalidInput("event {code} is cancelled", code=row.code)
    return row
