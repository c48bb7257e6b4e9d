"""Into the pool and out of it (POOL-2): pool admins add and remove customers, and
disabling the pool returns them all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import Conflict, InvalidInput, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import owners
from crm_cli.store.customers.customers import find_row
from crm_cli.store.pool.common import PC, MoveOutcome, log, login, pool_customer, set_owner
from crm_cli.store.pool.settings import require_enabled, require_role


@writing
def add_one(actor: User, ref: str, now: dt.datetime) -> MoveOutcome:
    require_enabled()
    require_role(actor, "admin", "move customers into the pool")
    row = find_row(actor, ref, now.date())
    if PC.get_or_none(PC.customer == row.id) is not None:
        raise Conflict("{code} is already in the pool", code=row.code)
    pool = PC.create(customer=row.id, added_at=now, previous_owner=row.owner_id)
    _mark(row, True)
    set_owner(actor, row, None, now, "pool add")
    log(actor, pool, "add", now, from_owner=row.owner_id)
    done = Phrase("in the pool, unassigned")
    return MoveOutcome(row.code, row.name, "add", True, None, None, done)


def _mark(row: cm.Customer, in_pool: bool) -> None:
    """The customer's own mark of it (migration 0017), which the visibility rule reads."""
    cm.Customer.update(in_pool=in_pool).where(cm.Customer.id == row.id).execute()


def _back_to_normal(
    actor: User | None, row: cm.Customer, pool: Any, now: dt.datetime, rule: str
) -> str | None:
    """Out of the pool: a holder keeps it, an unassigned one returns to its previous owner."""
    owner = pool.holder_id if pool.holder_id is not None else pool.previous_owner_id
    PC.delete().where(PC.id == pool.id).execute()
    _mark(row, False)
    if owner != row.owner_id:
        cm.Customer.update(owner=owner, updated_at=now).where(cm.Customer.id == row.id).execute()
        owners.follow([row.id])
    changes = {"owner": [login(row.owner_id), login(owner)], "pool": ["in", "out"]}
    oplog.write(actor, "customer", row.id, row.id, "pool remove", changes, now)
    log(actor, pool, "remove", now, from_owner=row.owner_id, to_owner=owner, rule=rule)
    return login(owner)


@writing
def remove_one(actor: User, ref: str, now: dt.datetime) -> MoveOutcome:
    require_role(actor, "admin", "take customers out of the pool")
    row, pool = pool_customer(actor, ref, now.date())
    if pool is None:
        raise InvalidInput("{code} is not in the pool", code=row.code)
    owner = _back_to_normal(actor, row, pool, now, "")
    done = Phrase("back to normal, owner {owner}", owner=owner or "-")
    return MoveOutcome(row.code, row.name, "remove", True, owner, None, done)


def return_everything(actor: User, now: dt.datetime) -> int:
    """Disabling the pool: every pool customer back to normal (inside that transaction)."""
    rows = list(PC.select(PC, cm.Customer).join(cm.Customer, on=(PC.customer == cm.Customer.id)))
    for pool in rows:
        _back_to_normal(actor, pool.customer, pool, now, "pool disabled")
    return len(rows)
