"""Moves in the public pool (POOL-2, POOL-3): into the pool and out, claim, assign,
release and extend.

Each customer is its own transaction, so `pool claim A B C` reports per customer what
happened and one lost race does not undo the others. A claim is one conditional
UPDATE (`… WHERE holder IS NULL`): of two users claiming at once, exactly one changes
the row; the other sees no row changed and is told who won.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from crm_cli.store.core import hooks, oplog
from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import backend, writing
from crm_cli.store.core.errors import (
    N_,
    ClaimLost,
    Conflict,
    CrmError,
    InvalidInput,
    LimitReached,
    PermissionDenied,
    Phrase,
)
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import owners
from crm_cli.store.customers.customers import to_record
from crm_cli.store.customers.records import Customer
from crm_cli.store.pool import models as pm
from crm_cli.store.pool.common import (
    PC,
    MoveOutcome,
    log,
    login,
    pool_customer,
    set_owner,
    taken,
)
from crm_cli.store.pool.entry import add_one, remove_one
from crm_cli.store.pool.settings import PoolSettings, require_enabled, require_role, role_of

MAX_EXTEND_DAYS = 3650  # ten years: beyond that protection is ownership
DONE_UNTIL = {"claim": N_("claimed until {until}"), "assign": N_("assigned until {until}")}


def _lock_holder(user_id: int) -> None:
    """Serialize one user's claims so their limit holds (SQLite's write lock already does)."""
    if backend() != "sqlite":
        list(m.User.select(m.User.id).where(m.User.id == user_id).for_update())


def _check_limits(user_id: int, conf: PoolSettings, today: dt.date, pool: Any) -> None:
    held = PC.select().where(PC.holder == user_id).count()
    if held >= conf.limit:
        raise LimitReached(
            "{user_id} already holds {held} pool customers (limit {limit})",
            user_id=login(user_id),
            held=held,
            limit=conf.limit,
        )
    if conf.daily_claims:
        start = dt.datetime.combine(today, dt.time())
        claims = (
            pm.PoolLog.select()
            .where(
                (pm.PoolLog.actor == user_id)
                & (pm.PoolLog.action == "claim")
                & (pm.PoolLog.at >= start)
            )
            .count()
        )
        if claims >= conf.daily_claims:
            raise LimitReached(
                "{daily_claims} claims a day is the limit; try tomorrow",
                daily_claims=conf.daily_claims,
            )
    if conf.cooldown_days and pool.last_holder_id == user_id and pool.left_holder_on:
        free_on = pool.left_holder_on + dt.timedelta(days=conf.cooldown_days)
        if today < free_on:
            raise Conflict(
                "you held it until {left_holder_on}; you may claim it again on {free_on}",
                left_holder_on=pool.left_holder_on,
                free_on=free_on,
            )


def _take(
    conf: PoolSettings,
    actor: User,
    row: cm.Customer,
    pool: Any,
    user_id: int,
    action: str,
    now: dt.datetime,
) -> MoveOutcome:
    """Give an unassigned pool customer to ``user_id``, race-free."""
    today = now.date()
    if pool.holder_id == user_id:
        raise Conflict("{code} is already held by {user_id}", code=row.code, user_id=login(user_id))
    _lock_holder(user_id)
    _check_limits(user_id, conf, today, pool)
    old = _before("claim", row)
    until = today + dt.timedelta(days=conf.protect_days)
    # The pool row first, race-free: a second claimer waits on it, then finds it taken.
    # Team mode's pool rule holds until the owner changes (an unowned pool customer).
    changed = (
        PC.update(
            holder=user_id, assigned_on=today, protect_until=until, achieved=False, achieved_on=None
        )
        .where((PC.id == pool.id) & PC.holder.is_null())
        .execute()
    )
    if not changed:
        raise taken(row)
    try:
        set_owner(actor, row, user_id, now, f"pool {action}")
    except PermissionDenied:
        # The server's hand-over found the customer changed meanwhile (given an owner
        # outside the pool): out of the open pool, a race lost as above.
        raise taken(row) from None
    log(actor, pool, action, now, to_owner=user_id, protect_from=today, protect_until=until)
    _after("claim", actor, row, now, old)  # an assignment too: the customer left the pool
    done = Phrase(DONE_UNTIL[action], until=until)
    return MoveOutcome(row.code, row.name, action, True, login(user_id), until, done)


@writing
def _claim(actor: User, ref: str, now: dt.datetime) -> MoveOutcome:
    conf = require_enabled()
    require_role(actor, "member", "claim pool customers")
    row, pool = pool_customer(actor, ref, now.date())
    if pool is None:
        raise InvalidInput("{code} is not in the pool", code=row.code)
    if pool.holder_id is not None and pool.holder_id != actor.id:
        raise taken(row)
    return _take(conf, actor, row, pool, actor.id, "claim", now)


@writing
def _assign(actor: User, ref: str, to: str, now: dt.datetime) -> MoveOutcome:
    conf = require_enabled()
    require_role(actor, "admin", "assign pool customers")
    target = active_user_row(to)
    row, pool = pool_customer(actor, ref, now.date())
    if pool is None:
        raise InvalidInput("{code} is not in the pool", code=row.code)
    if pool.holder_id is not None and pool.holder_id != target.id:
        raise ClaimLost(
            "{code} is held by {holder_id}; release it first",
            code=row.code,
            holder_id=login(pool.holder_id),
        )
    return _take(conf, actor, row, pool, target.id, "assign", now)


def _let_go(actor: User | None, row: cm.Customer, pool: Any, action: str, now: dt.datetime) -> None:
    """Back to the unassigned pool; the holder is remembered for the cooldown."""
    holder = pool.holder_id
    old = _before("return", row)
    PC.update(
        previous_owner=holder, last_holder=holder, left_holder_on=now.date(),
        holder=None, assigned_on=None, protect_until=None, achieved=False, achieved_on=None,
    ).where(PC.id == pool.id).execute()  # fmt: skip
    cm.Customer.update(owner=None, updated_at=now).where(cm.Customer.id == row.id).execute()
    owners.follow([row.id])
    before = {"owner": [login(holder), None]}
    oplog.write(actor, "customer", row.id, row.id, f"pool {action}", before, now)
    log(
        actor,
        pool,
        action,
        now,
        from_owner=holder,
        protect_from=pool.assigned_on,
        protect_until=pool.protect_until,
    )
    _after("return", actor, row, now, old)


def _before(event: str, row: cm.Customer) -> Customer | None:
    """The customer as it was, built only when a hook of ``event`` will read it."""
    return to_record(row) if hooks.wanted(event) else None


def _after(
    event: str, actor: User | None, row: cm.Customer, now: dt.datetime, old: Customer | None
) -> None:
    # Read again: the moves change the row by UPDATE statements, not through ``row``.
    if old is not None and actor is not None:
        hooks.fire(event, actor, now, old, to_record(cm.Customer.get_by_id(row.id)))


@writing
def _release(actor: User, ref: str, now: dt.datetime) -> MoveOutcome:
    require_enabled()
    row, pool = pool_customer(actor, ref, now.date())
    if pool is None:
        raise InvalidInput("{code} is not in the pool", code=row.code)
    if pool.holder_id is None:
        raise InvalidInput("{code} is not held by anyone", code=row.code)
    if pool.holder_id != actor.id and role_of(actor) != "admin":
        raise PermissionDenied(
            "{code} is held by {holder_id}; only they or a pool admin may release it",
            code=row.code,
            holder_id=login(pool.holder_id),
        )
    _let_go(actor, row, pool, "release", now)
    return MoveOutcome(row.code, row.name, "release", True, None, None, Phrase("back in the pool"))


@writing
def _extend(actor: User, ref: str, days: int, now: dt.datetime) -> MoveOutcome:
    require_enabled()
    require_role(actor, "admin", "extend protection")
    row, pool = pool_customer(actor, ref, now.date())
    if pool is None or pool.holder_id is None or pool.protect_until is None:
        raise InvalidInput("{code} is not a held pool customer under protection", code=row.code)
    until = pool.protect_until + dt.timedelta(days=days)
    PC.update(protect_until=until).where(PC.id == pool.id).execute()
    log(actor, pool, "extend", now, from_owner=pool.holder_id, to_owner=pool.holder_id,
         protect_from=pool.protect_until, protect_until=until, rule=f"+{days} days")  # fmt: skip
    done = Phrase("protected until {until}", until=until)
    return MoveOutcome(row.code, row.name, "extend", True, login(pool.holder_id), until, done)


def _each(
    refs: Sequence[str], move: Callable[[str], MoveOutcome], action: str
) -> list[MoveOutcome]:
    if not refs:
        raise InvalidInput("give at least one customer")
    outcomes = []
    for ref in dict.fromkeys(r.strip() for r in refs):
        try:
            outcomes.append(move(ref))
        except CrmError as exc:
            why = Phrase.reading(str(exc), exc.template, exc.params)
            outcomes.append(MoveOutcome(ref, "", action, False, None, None, why, exc.exit_code))
    return outcomes


def claim(actor: User, refs: Sequence[str], *, now: dt.datetime | None = None) -> list[MoveOutcome]:
    """Claim unassigned pool customers (members, up to their limit)."""
    at = now_or(now)
    return _each(refs, lambda ref: _claim(actor, ref, at), "claim")


def assign(
    actor: User, refs: Sequence[str], to: str, *, now: dt.datetime | None = None
) -> list[MoveOutcome]:
    """Assign pool customers to a user (pool admins)."""
    at = now_or(now)
    return _each(refs, lambda ref: _assign(actor, ref, to, at), "assign")


def release(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[MoveOutcome]:
    """Give held pool customers back to the pool (their holder or a pool admin)."""
    at = now_or(now)
    return _each(refs, lambda ref: _release(actor, ref, at), "release")


def extend(
    actor: User, refs: Sequence[str], days: int, *, now: dt.datetime | None = None
) -> list[MoveOutcome]:
    """Extend protection by a positive whole number of days (pool admins)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTEND_DAYS:
        raise InvalidInput(
            "invalid --days {days!r}: a whole number from 1 to {max_extend_days}",
            days=days,
            max_extend_days=MAX_EXTEND_DAYS,
        )
    at = now_or(now)
    return _each(refs, lambda ref: _extend(actor, ref, days, at), "extend")


def add(actor: User, refs: Sequence[str], *, now: dt.datetime | None = None) -> list[MoveOutcome]:
    """Move customers into the pool, unassigned (pool admins)."""
    at = now_or(now)
    return _each(refs, lambda ref: add_one(actor, ref, at), "add")


def remove(
    actor: User, refs: Sequence[str], *, now: dt.datetime | None = None
) -> list[MoveOutcome]:
    """Take customers out of the pool, back to normal (pool admins)."""
    at = now_or(now)
    return _each(refs, lambda ref: remove_one(actor, ref, at), "remove")
