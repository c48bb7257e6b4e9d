"""Expenses (EXP-1): the verbs of an expense's life, each one transaction that writes the
operation log (on the customer, when the expense names one).

draft → submitted → approved (locked for good) or rejected (edited, then submitted again).
Only the owner adds, edits and submits their expenses; the owner or an admin deletes one
that is not approved. Whoever is above the owner in the hierarchy, or an admin, decides on
a submitted expense; nobody approves or rejects their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crm_cli.store.core import hooks, oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, Locked, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.expenses import fields
from crm_cli.store.expenses import models as xm
from crm_cli.store.expenses.lookup import find
from crm_cli.store.expenses.records import CHANGEABLE, Expense, record, snapshot

ENTITY = "expense"
MAX_REASON = 300


def _log(
    actor: User, row: xm.Expense, action: str, changes: dict[str, Any], now: dt.datetime
) -> None:
    oplog.write(actor, ENTITY, row.id, row.customer_id, action, changes, now)


def _save(actor: User, row: xm.Expense, before: dict[str, Any], action: str,
          now: dt.datetime, extra: Mapping[str, Any] | None = None) -> Expense:  # fmt: skip
    changed: dict[str, Any] = {**oplog.diff(before, snapshot(row)), **(extra or {})}
    if not changed:
        raise InvalidInput("nothing to change on expense {code}", code=row.code)
    row.updated_at = now
    row.save()
    _log(actor, row, action, changed, now)
    return record(row)


def _require_changeable(row: xm.Expense, what: str) -> None:
    if row.status == "approved":
        raise Locked(
            "expense {code} is approved and locked; it cannot be {what}", code=row.code, what=what
        )
    if row.status not in CHANGEABLE:
        raise Locked(
            "expense {code} is submitted and waits for approval; it cannot be {what}",
            code=row.code,
            what=what,
        )


def _own(actor: User, ref: str, what: str) -> xm.Expense:
    row = find(actor, ref)
    if row.owner_id != actor.id:
        raise PermissionDenied(
            "you may not {what} expense {code}: only its owner may", what=what, code=row.code
        )
    return row


@writing
def add_expense(
    actor: User,
    *,
    amount: str | Decimal,
    category: str,
    spent_on: str | dt.date | None = None,
    values: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Expense:
    """Record a draft expense of the actor's, spent on ``spent_on`` (default today);
    ``values``: more ``fields.EDITABLE`` (customer, opportunity, campaign, note).

    Raises:
        InvalidInput: an amount not above 0 or with more than two decimals, an unknown
            category, a day still to come. NotFound: a customer or opportunity the actor
            may not see, or no such campaign.
    """
    now = now_or(now)
    row = xm.Expense(owner=actor.id, created_at=now, updated_at=now)
    given = {"amount": amount, "category": category, "spent_on": spent_on or now.date(),
             **(values or {})}  # fmt: skip
    fields.apply(row, actor, given, now.date())
    row.code = next_code("expense", "code.expense_prefix")
    row.save(force_insert=True)
    _log(actor, row, "add", oplog.nonempty({"code": row.code, **snapshot(row)}), now)
    return record(row)


@writing
def edit_expense(
    actor: User, ref: str, changes: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Expense:
    """Change one's own draft or rejected expense (``fields.EDITABLE``).

    Raises:
        Locked: the expense is submitted or approved. PermissionDenied: not the owner.
    """
    now = now_or(now)
    if not changes:
        raise InvalidInput(
            "nothing to change: give at least one of {editable}",
            editable=", ".join(fields.EDITABLE),
        )
    row = _own(actor, ref, "change")
    _require_changeable(row, "changed")
    before = snapshot(row)
    fields.apply(row, actor, changes, now.date())
    return _save(actor, row, before, "edit", now)


@writing
def submit_expense(actor: User, ref: str, *, now: dt.datetime | None = None) -> Expense:
    """Hand one's own draft or rejected expense in for approval."""
    now = now_or(now)
    row = _own(actor, ref, "submit")
    if row.status == "submitted":
        raise InvalidInput("expense {code} is already submitted", code=row.code)
    _require_changeable(row, "submitted again")
    before = snapshot(row)
    row.status, row.submitted_at, row.reject_reason = "submitted", now, ""
    return _save(actor, row, before, "submit", now)


def may_approve_expense(actor: User, row: xm.Expense) -> bool:
    """Whether ``actor`` may decide on the expense (its status aside): an admin or anyone
    above its owner in the hierarchy, never its owner."""
    if row.owner_id == actor.id:
        return False
    return actor.is_admin or row.owner_id in subordinate_ids(actor.id)


def _decidable(actor: User, ref: str, what: str) -> xm.Expense:
    row = find(actor, ref)
    if row.owner_id == actor.id:
        raise PermissionDenied(
            "you may not {what} your own expense {code}", what=what, code=row.code
        )
    if not may_approve_expense(actor, row):
        raise PermissionDenied(
            "you may not {what} expense {code}: you are not above its owner",
            what=what,
            code=row.code,
        )
    if row.status != "submitted":
        hint = "; it must be submitted first" if row.status in CHANGEABLE else ""
        raise InvalidInput(
            "expense {code} is {status}, not submitted{hint}",
            code=row.code,
            status=row.status,
            hint=hint,
        )
    return row


@writing
def approve_expense(actor: User, ref: str, *, now: dt.datetime | None = None) -> Expense:
    """Approve a submitted expense; it is locked from then on.

    Raises:
        PermissionDenied: one's own expense, or the actor is neither above the owner nor
            an admin. InvalidInput: the expense is not submitted.
    """
    now = now_or(now)
    row = _decidable(actor, ref, "approve")
    before = snapshot(row)
    old = record(row) if hooks.wanted("approve") else None
    row.status, row.decided_by_id, row.decided_at = "approved", actor.id, now
    approved = _save(actor, row, before, "approve", now)
    if old is not None:  # `approve` is for orders and expenses alike: see the record's keys
        hooks.fire("approve", actor, now, old, approved)
    return approved


@writing
def reject_expense(
    actor: User, ref: str, reason: str, *, now: dt.datetime | None = None
) -> Expense:
    """Send a submitted expense back to its owner with the reason (required)."""
    now = now_or(now)
    why = reason.strip()
    if not why:
        raise InvalidInput("give the reason for rejecting the expense")
    if len(why) > MAX_REASON:
        raise InvalidInput(
            "the reason is too long: at most {max_reason} characters", max_reason=MAX_REASON
        )
    row = _decidable(actor, ref, "reject")
    before = snapshot(row)
    row.status, row.decided_by_id, row.decided_at = "rejected", actor.id, now
    row.reject_reason = why
    return _save(actor, row, before, "reject", now, {"reason": why})


@writing
def delete_expense(actor: User, ref: str, *, now: dt.datetime | None = None) -> Expense:
    """Soft-delete an expense that is not approved: its owner, or an admin."""
    now = now_or(now)
    row = find(actor, ref)
    if row.owner_id != actor.id and not actor.is_admin:
        raise PermissionDenied(
            "you may not delete expense {code}: only its owner may", code=row.code
        )
    if row.status == "approved":
        raise Locked("expense {code} is approved and locked; it cannot be deleted", code=row.code)
    row.deleted_at = row.updated_at = now
    row.save()
    _log(actor, row, "delete", {"code": row.code}, now)
    return record(row)
