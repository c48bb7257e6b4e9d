"""Manual reminders (`crm remind`, part of ACT-3): a note to oneself, or from a manager to
someone on their team, due at a moment and shown by `crm today` until it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.activity import reminder_terms
from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.listing import ALL, Page, merged, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row
from crm_cli.store.core.users import to_record as user_record
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live

MAX_TEXT = 500


class Reminder(NamedTuple):
    id: int
    due_at: dt.datetime
    text: str
    user: str
    customer: str | None
    customer_name: str | None
    done: bool
    done_at: dt.datetime | None
    created_by: str | None
    created_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def _record(row: am.Reminder, logins: dict[int, str], customer: cm.Customer | None) -> Reminder:
    return Reminder(
        id=row.id,
        due_at=row.due_at,
        text=row.text,
        user=logins.get(row.user_id, ""),
        customer=customer.code if customer else None,
        customer_name=customer.name if customer else None,
        done=row.done_at is not None,
        done_at=row.done_at,
        created_by=logins.get(row.created_by_id or 0),
        created_at=row.created_at,
    )


def _logins() -> dict[int, str]:
    return {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}


def _target(actor: User, login: str | None) -> User:
    """Whom the reminder is for: the actor, or someone the actor manages."""
    if login is None or login.strip() in ("", actor.login):
        return actor
    row = active_user_row(login)
    if not actor.is_admin and row.id not in access.managed_owner_ids(actor):
        raise PermissionDenied(
            "you may add reminders only for yourself or your team, not {login!r}", login=row.login
        )
    return user_record(row)


@writing
def add_reminder(
    actor: User,
    text: str,
    due_at: dt.datetime,
    *,
    customer: str | None = None,
    for_user: str | None = None,
    now: dt.datetime | None = None,
) -> Reminder:
    """Add a reminder for the actor, or (managers, admins) for someone on their team.

    Raises:
        InvalidInput: empty or long text, a day in the past. PermissionDenied: not your
        team. NotFound: the customer (it must be visible to both people).
    """
    now = now_or(now)
    text = text.strip()
    if not text:
        raise InvalidInput("the reminder text must not be empty")
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            "the reminder text is too long: at most {max_text} characters", max_text=MAX_TEXT
        )
    if due_at.date() < now.date():
        raise InvalidInput("the reminder date {value} is in the past", value=due_at.date())
    target = _target(actor, for_user)
    row_customer = find_row(actor, customer, now.date()) if customer else None
    if row_customer is not None:
        require_live(row_customer)
        if not access.can_see(target, row_customer, now.date()):
            raise InvalidInput(
                "{login} cannot see customer {code}", login=target.login, code=row_customer.code
            )
    row = am.Reminder.create(
        user=target.id, customer=row_customer.id if row_customer else None, text=text,
        due_at=due_at.replace(microsecond=0), created_by=actor.id, created_at=now,
    )  # fmt: skip
    changes = {"text": text, "due_at": row.due_at, "user": target.login}
    oplog.write(actor, "reminder", row.id, row.customer_id, "add", changes, now)
    return _record(row, _logins(), row_customer)


@streaming
def iter_reminders(
    actor: User,
    *,
    include_done: bool = False,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Reminder]:
    """The actor's reminders, and those the actor set for others, soonest first; ``terms``
    (SH-1, ``reminder_terms``) narrow them."""
    R = am.Reminder
    query = R.select(R, cm.Customer).join(
        cm.Customer, pw.JOIN.LEFT_OUTER, on=(R.customer == cm.Customer.id)
    )
    query = query.where(R.deleted_at.is_null())
    if not include_done:
        query = query.where(R.done_at.is_null())
    for cond in reminder_terms.conditions(terms, actor, now_or(now).date()):
        query = query.where(cond)
    mine = query.where(R.user == actor.id)
    for_others = query.where((R.created_by == actor.id) & (R.user != actor.id))
    logins = _logins()
    sources = [q.order_by(R.due_at, R.id) for q in (mine, for_others)]
    for r in merged(sources, lambda r: (r.due_at, r.id), page):
        yield _record(r, logins, r.customer if r.customer_id else None)


@reading
def list_reminders(
    actor: User, *, include_done: bool = False, now: dt.datetime | None = None
) -> list[Reminder]:
    """``iter_reminders`` as a list."""
    return list(iter_reminders(actor, include_done=include_done, now=now))


@writing
def complete_reminder(actor: User, ref: str, *, now: dt.datetime | None = None) -> Reminder:
    """Mark a reminder done: its owner or whoever set it.

    Raises:
        NotFound: no such reminder of yours. InvalidInput: it is done already.
    """
    now = now_or(now)
    text = str(ref).strip().lstrip("#")
    number = as_id(text, "reminder")
    if number is None:
        raise InvalidInput("invalid reminder reference {ref!r}: give its number", ref=ref)
    R = am.Reminder
    row = R.get_or_none(
        (R.id == number)
        & ((R.user == actor.id) | (R.created_by == actor.id))
        & R.deleted_at.is_null()
    )
    if row is None:
        raise NotFound("no reminder {text}", text=text)
    if row.done_at is not None:
        raise InvalidInput(
            "reminder {id} is done already ({done_at:%Y-%m-%d %H:%M})",
            id=row.id,
            done_at=row.done_at,
        )
    row.done_at = now
    row.save()
    oplog.write(actor, "reminder", row.id, row.customer_id, "done", {"text": row.text}, now)
    customer = (
        cm.Customer.get_or_none(cm.Customer.id == row.customer_id) if row.customer_id else None
    )
    return _record(row, _logins(), customer)
