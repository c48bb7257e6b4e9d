"""Contact records (ACT-1, ACT-2): log, edit, delete and list them.

Every change recomputes the customer's derived fields (CUS-3) in the same transaction,
from the newest live record: its date is the last contact, its summary the latest
progress, and its next date the next contact while its next step is still "remind".
A newer record without a next date therefore clears the plan: the newest word counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from crm_cli.store.activity import models as am
from crm_cli.store.activity import record_terms
from crm_cli.store.activity.fields import COLUMNS, Activity, apply, find_contact, settle
from crm_cli.store.core import hooks, oplog
from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live, require_unlocked, status_names
from crm_cli.store.customers.fields import status_id

__all__ = [
    "Activity",
    "contact_history",
    "delete_activity",
    "edit_activity",
    "get_activity",
    "log_contact",
    "refresh_derived",
]


def to_record(
    row: am.Activity,
    customer: cm.Customer,
    contact: cm.Contact | None,
    logins: Mapping[int, str],
    statuses: Mapping[int, str],
) -> Activity:
    values = {key: getattr(row, column) for key, column in COLUMNS.items()}
    return Activity(
        id=row.id,
        customer=customer.code,
        customer_name=customer.name,
        contact=contact.code if contact else None,
        contact_name=contact.name if contact else None,
        user=logins.get(row.user_id or 0),
        new_status=statuses.get(row.new_status_id or 0),
        created_at=row.created_at,
        updated_at=row.updated_at,
        **values,
    )


def _logins() -> dict[int, str]:
    return {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}


def _one(row: am.Activity, customer: cm.Customer) -> Activity:
    contact = cm.Contact.get_or_none(cm.Contact.id == row.contact_id) if row.contact_id else None
    return to_record(row, customer, contact, _logins(), status_names())


def _snapshot(row: am.Activity) -> dict[str, Any]:
    data = {key: getattr(row, column) for key, column in COLUMNS.items()}
    data["contact"] = row.contact_id
    return data


def refresh_derived(customer_id: int) -> None:
    """Set last contact, next contact and latest progress from the newest live record."""
    A = am.Activity
    newest = (
        A.select(A.started_at, A.summary, A.next_date, A.next_status)
        .where((A.customer == customer_id) & A.deleted_at.is_null())
        .order_by(A.started_at.desc(), A.id.desc())
        .first()
    )
    values: dict[Any, Any] = {
        cm.Customer.last_contact: newest.started_at.date() if newest else None,
        cm.Customer.next_contact: (
            newest.next_date if newest and newest.next_status == "remind" else None
        ),
        cm.Customer.latest_progress: newest.summary if newest else "",
    }
    # Derived columns only: the search index and updated_at stay as they are.
    cm.Customer.update(values).where(cm.Customer.id == customer_id).execute()


def _change_status(actor: User, customer: cm.Customer, name: str, now: dt.datetime) -> int:
    """Move the customer to status ``name`` as `customer edit` would; its id."""
    new_id = status_id(name)
    require_unlocked(customer)
    if customer.status_id != new_id:
        names = status_names()
        change = {"status": [names.get(customer.status_id or 0), names[new_id]]}
        cm.Customer.update(status=new_id, updated_at=now).where(
            cm.Customer.id == customer.id
        ).execute()
        oplog.write(actor, "customer", customer.id, customer.id, "edit", change, now)
    return new_id


@writing
def log_contact(
    actor: User,
    customer_ref: str,
    fields: Mapping[str, Any],
    *,
    contact: str | None = None,
    set_status: str | None = None,
    now: dt.datetime | None = None,
) -> Activity:
    """Log a contact record (联系记录) and update the customer's derived fields.

    ``fields`` holds the input keys of ``fields.COLUMNS`` as text (``summary``
    is required; ``started_at`` defaults to ``now``).

    Raises:
        InvalidInput: a bad field, or a failed result without a reason. NotFound: the
        customer or contact. PermissionDenied: the actor may not edit the customer.
        Locked: ``set_status`` on an audited customer.
    """
    now = now_or(now)
    customer = find_row(actor, customer_ref, now.date())
    require_live(customer)
    access.require_edit(actor, customer, now.date(), "log contacts with")
    if not str(fields.get("summary") or "").strip():
        raise InvalidInput("the summary (what happened) must not be empty: give --summary")
    row = am.Activity(
        customer=customer.id, user=actor.id, started_at=now, created_at=now, updated_at=now
    )
    apply(row, fields, now)
    settle(row, fields, now)
    person = find_contact(customer, contact) if contact else None
    row.contact_id = person.id if person else None
    if set_status is not None:
        row.new_status_id = _change_status(actor, customer, set_status, now)
    row.save(force_insert=True)
    changes = oplog.nonempty(_snapshot(row))
    oplog.write(actor, "activity", row.id, customer.id, "add", changes, now)
    refresh_derived(customer.id)
    # The author is the actor, and a status is named only when one was set: no table of
    # names to read (two round trips of nine, on a server).
    statuses = status_names() if row.new_status_id else {}
    record = to_record(row, customer, person, {actor.id: actor.login}, statuses)
    hooks.fire("log", actor, now, None, record)
    return record


def _find(actor: User, ref: str, today: dt.date) -> tuple[am.Activity, cm.Customer]:
    text = str(ref).strip().lstrip("#")
    number = as_id(text, "contact record")
    if number is None:
        raise InvalidInput("invalid contact record reference {ref!r}: give its number", ref=ref)
    A = am.Activity
    query = (
        A.select(A, cm.Customer)
        .join(cm.Customer, on=(A.customer == cm.Customer.id))
        .where((A.id == number) & A.deleted_at.is_null() & cm.Customer.deleted_at.is_null())
    )
    row = access.restrict(query, actor, today).first()
    if row is None:
        raise NotFound("no contact record {text}", text=text)
    return row, row.customer


def _require_author(actor: User, row: am.Activity, customer: cm.Customer, today: dt.date) -> None:
    """The author, or who manages the customer, may change a record; others only read it."""
    access.require_edit(actor, customer, today, "change contact records of")
    if row.user_id != actor.id and not access.can_manage(actor, customer):
        raise PermissionDenied(
            "contact record {id} is someone else's; only they or a manager may change it", id=row.id
        )


@reading
def get_activity(actor: User, ref: str, *, now: dt.datetime | None = None) -> Activity:
    row, customer = _find(actor, ref, now_or(now).date())
    return _one(row, customer)


@writing
def edit_activity(
    actor: User, ref: str, changes: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Activity:
    """Change fields of a contact record; the customer's derived fields follow.

    ``changes`` as in ``log_contact``, plus ``contact`` (a name or code, "" to clear).
    """
    now = now_or(now)
    row, customer = _find(actor, ref, now.date())
    _require_author(actor, row, customer, now.date())
    if not changes:
        raise InvalidInput("nothing to change: give at least one field")
    before = _snapshot(row)
    values = dict(changes)
    if "contact" in values:
        text = str(values.pop("contact") or "").strip()
        row.contact_id = find_contact(customer, text).id if text else None
    apply(row, values, now)
    settle(row, values, now)
    changed = oplog.diff(before, _snapshot(row))
    if changed:
        row.updated_at = now
        row.save()
        oplog.write(actor, "activity", row.id, customer.id, "edit", changed, now)
        refresh_derived(customer.id)
    return _one(row, customer)


@writing
def delete_activity(actor: User, ref: str, *, now: dt.datetime | None = None) -> Activity:
    """Delete a contact record (softly); the customer's derived fields are recomputed."""
    now = now_or(now)
    row, customer = _find(actor, ref, now.date())
    _require_author(actor, row, customer, now.date())
    row.deleted_at = row.updated_at = now
    row.save()
    summary = {"summary": row.summary, "started_at": row.started_at}
    oplog.write(actor, "activity", row.id, customer.id, "delete", summary, now)
    refresh_derived(customer.id)
    return _one(row, customer)


@streaming
def iter_history(
    actor: User,
    customer_ref: str | None = None,
    *,
    since: dt.date | None = None,
    user: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Activity]:
    """Contact records the actor may see, newest first, read as the caller iterates.

    Args:
        customer_ref: only this customer's records. since: from this day on.
        user: only records logged by this login. page: which of them (index on started_at, id).
        terms: query-language terms (SH-1, ``record_terms``), ANDed with the rest.
    """
    today = now_or(now).date()
    A, C = am.Activity, cm.Customer
    query = (
        A.select(A, C)
        .join(C, on=(A.customer == C.id))
        .where(A.deleted_at.is_null() & C.deleted_at.is_null())
    )
    if customer_ref:
        query = query.where(A.customer == find_row(actor, customer_ref, today).id)
    else:
        query = access.restrict(query, actor, today)
    if since is not None:
        query = query.where(A.started_at >= dt.datetime.combine(since, dt.time()))
    if user:
        query = query.where(A.user == user_row(user).id)
    for cond in record_terms.conditions(terms, actor, today):
        query = query.where(cond)
    query = query.order_by(A.started_at.desc(), A.id.desc())
    logins, statuses = _logins(), status_names()
    for chunk in chunks(page.apply(query)):
        ids = {r.contact_id for r in chunk if r.contact_id}
        found = cm.Contact.select().where(cm.Contact.id.in_(list(ids))) if ids else []
        people = {p.id: p for p in found}
        for r in chunk:
            yield to_record(r, r.customer, people.get(r.contact_id or 0), logins, statuses)


@reading
def contact_history(
    actor: User,
    customer_ref: str | None = None,
    *,
    since: dt.date | None = None,
    user: str | None = None,
    limit: int | None = None,
    now: dt.datetime | None = None,
) -> list[Activity]:
    """``iter_history`` as a list, at most ``limit`` (1 or more)."""
    if limit is not None and limit < 1:
        raise InvalidInput("invalid limit {limit}: expected 1 or more", limit=limit)
    found = iter_history(actor, customer_ref, since=since, user=user, page=Page(limit), now=now)
    return list(found)
