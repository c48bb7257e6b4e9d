"""Editing several customers at once, each with its own values (the TSV opened by
``crm customer edit --where``), all or nothing.

Each customer goes through `customers.edit_customer`, the function `crm customer edit`
uses, so validation, access, audit locks, duplicates and the op log are the same as
for one edit; the batch only adds one transaction around them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any, NamedTuple

from crm_cli.store.core import hooks
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import N_, CrmError, InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import (
    edit_customer,
    find_row,
    require_live,
    require_unlocked,
    to_record,
)
from crm_cli.store.customers.names import names_and_logins
from crm_cli.store.customers.query import CustomerFilter, build_query
from crm_cli.store.customers.records import Customer


class Editable(NamedTuple):
    """The matches an actor may change, and how many others matched (audited, not theirs)."""

    customers: list[Customer]
    left_out: int


@reading
def customer_to_edit(actor: User, ref: str, *, now: dt.datetime | None = None) -> Customer:
    """Customer ``ref`` if the actor may change it now: checked before an editor opens,
    so nobody types changes that cannot be saved.

    Raises:
        NotFound, PermissionDenied, Locked (audited), InvalidInput (deleted).
    """
    today = now_or(now).date()
    row = find_row(actor, ref, today, deleted=None)
    require_live(row)
    access.require_edit(actor, row, today)
    require_unlocked(row)
    return to_record(row)


@reading
def customers_to_edit(
    actor: User, flt: CustomerFilter, *, limit: int, now: dt.datetime | None = None
) -> Editable:
    """The live matches of ``flt`` the actor may change, by code; more than ``limit``
    matches is refused (a person reads every row before saving)."""
    today = now_or(now).date()
    if flt.deleted:
        raise InvalidInput("deleted customers cannot be edited; restore them first")
    query = build_query(actor, flt, today)
    count = int(query.count())
    if count > limit:
        raise InvalidInput(
            "{count} customers match; at most {limit} are edited at once", count=count, limit=limit
        )
    rows = list(query.order_by(cm.Customer.code))
    statuses, logins = names_and_logins()
    keep = [
        to_record(row, statuses, logins)
        for row in rows
        if not row.audited and access.can_edit(actor, row, today)
    ]
    return Editable(keep, len(rows) - len(keep))


class RowsRefused(InvalidInput):
    """Some customers of a batch were refused; ``problems`` maps each reference to why."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        listing = "; ".join(f"{ref}: {why}" for ref, why in problems.items())
        template = N_("{count} customer(s) refused, nothing saved: {listing}")
        super().__init__(template, count=len(problems), listing=listing)
        self.problems = dict(problems)


class _Rehearsal(Exception):
    """Leaves the transaction of a dry run, which rolls it back, with its records."""

    def __init__(self, records: list[Customer]) -> None:
        super().__init__("dry run")
        self.records = records


def edit_customers(
    actor: User,
    edits: Mapping[str, Mapping[str, Any]],
    *,
    allow_duplicate: bool = False,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> list[Customer]:
    """Change each customer ``ref`` by its own ``{field: text}``, in one transaction.

    Args:
        edits: customer reference → the changed fields, as `edit_customer` takes them.
        dry_run: validate everything, then roll back: what a face checks before it asks.

    Raises:
        RowsRefused: one or more customers were refused (each says why); nothing saved.
    """
    # A dry run rolls back: no hook may see it (SPEC SH-2), not even a pre-hook.
    try:
        with hooks.suppressed() if dry_run else nullcontext():
            return _edit_all(actor, edits, allow_duplicate, dry_run, now_or(now))
    except _Rehearsal as done:
        return done.records


@writing
def _edit_all(
    actor: User,
    edits: Mapping[str, Mapping[str, Any]],
    allow_duplicate: bool,
    dry_run: bool,
    now: dt.datetime,
) -> list[Customer]:
    records: list[Customer] = []
    problems: dict[str, str] = {}
    for ref, changes in edits.items():
        # Each edit runs in a savepoint of this transaction: a refused one leaves no
        # trace, and the others go on, so the user hears of every problem at once.
        try:
            records.append(
                edit_customer(actor, ref, changes, allow_duplicate=allow_duplicate, now=now)
            )
        except CrmError as exc:
            problems[ref] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if problems:
        raise RowsRefused(problems)
    if dry_run:
        raise _Rehearsal(records)
    return records
