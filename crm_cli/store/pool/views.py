"""What the pool looks like: `pool list`, `pool log`, the goal hook and the holder's
reminder for `crm today`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.listing import ALL, Page, rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.pool import models as pm
from crm_cli.store.pool import pool_terms
from crm_cli.store.pool.settings import PoolItem, PoolLogEntry, current, require_role, role_of

PC = pm.PoolCustomer
C = cm.Customer
WHICH = ("unassigned", "assigned", "mine", "all")


@streaming
def iter_pool(
    actor: User,
    which: str = "all",
    *,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[PoolItem]:
    """Pool customers: members see the unassigned pool, holders their own, pool admins all;
    ``terms`` (SH-1, ``pool_terms``: the customer terms and the pool's) narrow them.

    Protection ending soonest first, then the unprotected ones oldest customer first: two
    walks of the index on (protect_until, customer_id), the second one paged on from
    where the first one ended.
    """
    if which not in WHICH:
        raise InvalidInput(
            "unknown pool list {which!r}; use one of {lists}", which=which, lists=", ".join(WHICH)
        )
    today = now_or(now).date()
    query = _pool_query(actor, which)
    for cond in pool_terms.conditions(terms, actor, today):
        query = query.where(cond)
    protected = query.where(PC.protect_until.is_null(False))
    first = page.apply(protected.order_by(PC.protect_until, PC.customer_id))
    shown = [_item(row, today) for row in first.tuples()]
    yield from shown
    if page.limit is not None and len(shown) >= page.limit:
        return
    skip = max(page.offset - protected.count(), 0) if page.offset and not shown else 0
    rest = Page(None if page.limit is None else page.limit - len(shown), skip)
    unprotected = query.where(PC.protect_until.is_null()).order_by(PC.customer_id)
    for row in rows(rest.apply(unprotected.tuples())):
        yield _item(row, today)


def _pool_query(actor: User, which: str) -> Any:
    role = role_of(actor)
    if role is None and which != "mine":
        raise PermissionDenied("only pool members see the pool; `--mine` lists what you hold")
    Holder, Before = m.User.alias(), m.User.alias()
    query: Any = (
        PC.select(C.code, C.name, C.level, Holder.login, PC.assigned_on, PC.protect_until,
                  PC.achieved, Before.login)
        .join(C, on=(PC.customer == C.id))
        .switch(PC).join(Holder, pw.JOIN.LEFT_OUTER, on=(PC.holder == Holder.id))
        .switch(PC).join(Before, pw.JOIN.LEFT_OUTER, on=(PC.previous_owner == Before.id))
        .where(C.deleted_at.is_null())
    )  # fmt: skip
    if which == "unassigned":
        return query.where(PC.holder.is_null())
    if which == "mine":
        return query.where(PC.holder == actor.id)
    if role == "admin":
        return query if which == "all" else query.where(PC.holder.is_null(False))
    mine = PC.holder == actor.id
    return query.where(mine | PC.holder.is_null()) if which == "all" else query.where(mine)


@reading
def list_pool(
    actor: User, which: str = "all", *, now: dt.datetime | None = None, limit: int | None = None
) -> list[PoolItem]:
    """``iter_pool`` as a list, at most ``limit``."""
    return list(iter_pool(actor, which, page=Page(limit), now=now))


def _item(row: tuple[Any, ...], today: dt.date) -> PoolItem:
    code, name, level, holder, assigned, until, achieved, before = row
    left = (until - today).days if until is not None else None
    goal = "achieved" if achieved else ("open" if holder else "-")
    return PoolItem(code, name, level, holder, assigned, until, left, goal, before)


@reading
def pool_log(
    actor: User,
    ref: str | None = None,
    *,
    since: dt.date | None = None,
    now: dt.datetime | None = None,
    page: Page = Page(200),
) -> list[PoolLogEntry]:
    """The pool log, newest first: one customer's (if the actor may see it), or for pool
    members that of every customer they may see (pool admins: all of it)."""
    today = now_or(now).date()
    L = pm.PoolLog
    Actor, From, To = m.User.alias(), m.User.alias(), m.User.alias()
    query: Any = (
        L.select(L.at, C.code, C.name, L.action, Actor.login, From.login, To.login,
                 L.protect_from, L.protect_until, L.rule)
        .join(C, pw.JOIN.LEFT_OUTER, on=(L.customer_id == C.id))
        .switch(L).join(Actor, pw.JOIN.LEFT_OUTER, on=(L.actor == Actor.id))
        .switch(L).join(From, pw.JOIN.LEFT_OUTER, on=(L.from_owner == From.id))
        .switch(L).join(To, pw.JOIN.LEFT_OUTER, on=(L.to_owner == To.id))
    )  # fmt: skip
    if ref is not None:
        query = query.where(L.customer_id == find_row(actor, ref, today).id)
    else:
        require_role(actor, "member", "read the whole pool log")
        if role_of(actor) != "admin":  # members: no customer, no owner they may not see
            query = query.where(L.customer_id.in_(access.restrict(C.select(C.id), actor, today)))
    if since is not None:
        query = query.where(L.at >= dt.datetime.combine(since, dt.time()))
    found = page.apply(query.order_by(L.at.desc(), L.id.desc())).tuples()
    return [
        PoolLogEntry(at, code or "-", name or "", action, who or "reclaim", frm, to, pf, pu, rule)
        for at, code, name, action, who, frm, to, pf, pu, rule in found
    ]


def protection_ending(user_id: int, today: dt.date, days: int | None = None) -> list[PoolItem]:
    """The user's pool customers whose protection ends within the reminder window."""
    conf = current(roles=False)
    if not conf.enabled:
        return []
    window = conf.remind_days if days is None else days
    span = dt.timedelta(days=window)
    rows: Any = (
        PC.select(C.code, C.name, C.level, pw.Value(""), PC.assigned_on, PC.protect_until,
                  PC.achieved, pw.Value(None))
        .join(C, on=(PC.customer == C.id))
        .where((PC.holder == user_id) & PC.protect_until.between(today, today + span))
        .order_by(PC.protect_until)
        .tuples()
    )  # fmt: skip
    return [_item(row, today) for row in rows]
