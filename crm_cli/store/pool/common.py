"""What the pool moves share: the outcome record, finding a pool customer, the logs."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.db import db_proxy, info
from crm_cli.store.core.errors import ClaimLost, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import owners
from crm_cli.store.customers.customers import find_row
from crm_cli.store.pool import models as pm
from crm_cli.store.pool.settings import role_of

PC = pm.PoolCustomer


class MoveOutcome(NamedTuple):
    """What one pool move did to one customer; ``error`` is its exit code when refused."""

    customer: str
    name: str
    action: str
    done: bool
    holder: str | None
    protect_until: dt.date | None
    message: str
    error: int = 0

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def login(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    row = m.User.get_or_none(m.User.id == user_id)
    return row.login if row is not None else None


def pool_customer(actor: User, ref: str, today: dt.date) -> tuple[cm.Customer, Any]:
    """The customer and its pool row (None when not in the pool).

    Pool members may name any pool customer, held or not: the pool is shared, and a
    claim that lost must say who won.
    """
    try:
        row = find_row(actor, ref, today)
    except NotFound:
        if role_of(actor) is None:
            raise
        text = ref.strip()
        cond = (cm.Customer.code == text.upper()) | (cm.Customer.name == text)
        row = (
            cm.Customer.select()
            .join(PC, on=(PC.customer == cm.Customer.id))
            .where(cond & cm.Customer.deleted_at.is_null())
            .first()
        )
        if row is None:
            _hidden_taken(text)
            raise
    pool = PC.get_or_none(PC.customer == row.id)
    if pool is None:  # team mode: taken (and hidden) between the two reads
        _hidden_taken(row.code)
    return row, pool


def _hidden_taken(ref: str) -> None:
    """In team mode the server hides a pool customer someone else took (a claim that lost
    its race): ask it, through crm_pool_taken, only how that customer left the pool."""
    if info().team_group is None:
        return
    found = db_proxy.obj.execute_sql("SELECT code, action FROM crm_pool_taken(%s)", (ref,))
    for code, action in found.fetchall():
        raise _lost(code, action)


def taken(row: cm.Customer) -> ClaimLost:
    """Why an unassigned customer was not there to take: how it left the pool, never whom
    it went to (the reader may not see that customer any more)."""
    last = (pm.PoolLog.select(pm.PoolLog.action).order_by(pm.PoolLog.id.desc()).where(
        (pm.PoolLog.customer_id == row.id) & pm.PoolLog.action.in_(["claim", "assign"])
    ).scalar())  # fmt: skip
    return _lost(row.code, last)


def _lost(code: str, action: str | None) -> ClaimLost:
    if action == "assign":
        return ClaimLost("{code} is no longer unassigned: it was assigned by a pool admin first",
                         code=code)  # fmt: skip
    return ClaimLost("{code} is no longer unassigned: it was claimed by someone else first",
                     code=code)  # fmt: skip


def log(actor: User | None, pool: Any, action: str, now: dt.datetime, **fields: Any) -> None:
    pm.PoolLog.create(
        at=now, customer_id=pool.customer_id, action=action,
        actor=actor.id if actor else None, **fields,
    )  # fmt: skip


def set_owner(
    actor: User, row: cm.Customer, owner_id: int | None, now: dt.datetime, why: str
) -> None:
    """The customer's owner follows its holder; the change is in the operation log."""
    before = login(row.owner_id)
    owners.hand_over(row, owner_id, now)
    oplog.write(actor, "customer", row.id, row.id, why, {"owner": [before, login(owner_id)]}, now)
