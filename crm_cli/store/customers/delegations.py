"""Temporary delegation (USR-5): a colleague works a customer until an end date.

Access is computed from the end date at query time, so an expired delegation
stops granting anything by itself: no job has to run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live
from crm_cli.store.customers.records import Delegation


def delegations_of(row: cm.Customer, today: dt.date) -> list[Delegation]:
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}
    query = (
        cm.Delegation.select()
        .where((cm.Delegation.customer == row.id) & cm.Delegation.revoked_at.is_null())
        .order_by(cm.Delegation.until.desc())
    )
    return [
        Delegation(row.code, logins.get(d.delegate_id or 0, "?"), d.until, d.until >= today)
        for d in query
    ]


@writing
def delegate_customers(
    actor: User,
    refs: Sequence[str],
    to: str,
    until: dt.date,
    *,
    now: dt.datetime | None = None,
) -> list[Delegation]:
    """Let ``to`` see and work these customers until ``until`` (inclusive)."""
    now = now_or(now)
    if until < now.date():
        raise InvalidInput("the delegation end {until} is in the past", until=until.isoformat())
    target = active_user_row(to)
    if not refs:
        raise InvalidInput("give at least one customer")
    result = []
    for ref in refs:
        row = find_row(actor, ref, now.date())
        require_live(row)
        access.require_edit(actor, row, now.date(), "delegate")
        if row.owner_id == target.id:
            raise InvalidInput(
                "{login} already owns customer {code}", login=target.login, code=row.code
            )
        _revoke(row.id, target.id, now)
        cm.Delegation.create(
            customer=row.id, delegate=target.id, granted_by=actor.id, until=until, created_at=now
        )
        change = {"delegate": target.login, "until": until}
        oplog.write(actor, "customer", row.id, row.id, "delegate", change, now)
        result.append(Delegation(row.code, target.login, until, True))
    return result


def _delegates(customer_id: int, delegate_id: int | None) -> list[str]:
    """Who holds a live delegation of the customer (``delegate_id`` only, if given)."""
    D = cm.Delegation
    cond = (D.customer == customer_id) & D.revoked_at.is_null()
    if delegate_id is not None:
        cond &= D.delegate == delegate_id
    query = m.User.select(m.User.login).join(D, on=(D.delegate == m.User.id)).where(cond)
    return sorted({row.login for row in query})


def _revoke(customer_id: int, delegate_id: int | None, now: dt.datetime) -> int:
    cond = (cm.Delegation.customer == customer_id) & cm.Delegation.revoked_at.is_null()
    if delegate_id is not None:
        cond &= cm.Delegation.delegate == delegate_id
    return int(cm.Delegation.update(revoked_at=now).where(cond).execute())


@writing
def undelegate_customers(
    actor: User,
    refs: Sequence[str],
    *,
    user: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Revoke delegations of these customers (to ``user`` only, if given)."""
    now = now_or(now)
    target = active_user_row(user).id if user else None
    if not refs:
        raise InvalidInput("give at least one customer")
    revoked = 0
    for ref in refs:
        row = find_row(actor, ref, now.date())
        access.require_edit(actor, row, now.date(), "undelegate")
        ended = _delegates(row.id, target)
        count = _revoke(row.id, target, now)
        if count:
            change = {"delegate": ended, "until": now.date()}
            oplog.write(actor, "customer", row.id, row.id, "undelegate", change, now)
        revoked += count
    return revoked
