"""`crm pool reclaim` (POOL-5): held pool customers go back to the unassigned pool.

A customer returns when its protection ended without the goal (the seed's rule), or
when a configured return rule matches: N days held without a contact record, without
a new opportunity, or without an order, with day counts per customer level. Achieved
(won) and audited (locked) customers never return.

Set-based and state-based: one INSERT … SELECT writes the pool log for everything due,
and two UPDATEs driven by that run's log rows move the customers, all in one
transaction. A rerun finds nothing due; a killed run leaves nothing behind; two runs
at once queue on the `pool_reclaim` sequence row and the second finds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import backend, reading, writing
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.maintenance import after_bulk_write
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import owners
from crm_cli.store.pool import models as pm
from crm_cli.store.pool.settings import PoolSettings, current, require_role
from crm_cli.store.sales import models as sm

PC = pm.PoolCustomer
C = cm.Customer
# (setting, what is counted, its table, its date column, extra condition)
RULES: tuple[tuple[str, str, Any, Any, Any], ...] = (
    ("no_contact_days", "no contact record", am.Activity, am.Activity.started_at,
     am.Activity.deleted_at.is_null()),
    ("no_opportunity_days", "no new opportunity", sm.Opportunity, sm.Opportunity.created_at,
     sm.Opportunity.deleted_at.is_null()),
    ("no_deal_days", "no order", sm.SalesOrder, sm.SalesOrder.created_at,
     sm.SalesOrder.deleted_at.is_null() & (sm.SalesOrder.status != "cancelled")),
)  # fmt: skip


class Returned(NamedTuple):
    """A customer the reclaim returned (or would return), and why."""

    customer: str
    name: str
    holder: str | None
    rule: str
    assigned_on: dt.date | None
    protect_until: dt.date | None
    days_over: int | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class ReclaimResult(NamedTuple):
    enabled: bool
    as_of: dt.date
    dry_run: bool
    run: int | None
    total: int
    returned: list[Returned]

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["returned"] = [r.to_dict() for r in self.returned]
        return data


def parse_level_days(text: str) -> list[tuple[str | None, int]]:
    """``"30"`` or ``"A:60,B:45,*:30"`` as (level or None for the rest, days)."""
    found: list[tuple[str | None, int]] = []
    for part in filter(None, text.replace(" ", "").split(",")):
        level, _, days = part.rpartition(":")
        found.append((None if level in ("", "*") else level, int(days)))
    return found


def _held() -> Any:
    return PC.holder.is_null(False) & (PC.achieved == False) & (C.audited == False)  # noqa: E712


def _rule_conditions(conf: PoolSettings, as_of: dt.date) -> list[tuple[str, Any, int | None]]:
    """(label, condition, days) for every active rule, the protection rule first."""
    rules: list[tuple[str, Any, int | None]] = [
        ("protection ended", PC.protect_until < as_of, None)
    ]
    for key, what, table, column, live in RULES:
        levels = parse_level_days(getattr(conf, key))
        named = [level for level, _ in levels if level is not None]
        for level, days in levels:
            cutoff = as_of - dt.timedelta(days=days)
            since = dt.datetime.combine(cutoff, dt.time())
            recent = table.select(pw.SQL("1")).where(
                live & (table.customer == C.id) & (column >= since)
            )
            in_level: Any = (
                (C.level == level) if level is not None else C.level.not_in(named or [""])
            )
            if level is None and not named:
                in_level = pw.SQL("1 = 1")
            cond = in_level & (PC.assigned_on <= cutoff) & ~fn_exists(recent)
            label = f"{what} for {days} days" + (f" (level {level})" if level else "")
            rules.append((label, cond, days))
    return rules


def fn_exists(query: Any) -> Any:
    return pw.fn.EXISTS(query)


def _due(conf: PoolSettings, as_of: dt.date) -> tuple[Any, Any]:
    """The condition for "returns now" and the CASE naming the first rule that matched."""
    rules = _rule_conditions(conf, as_of)
    anyrule = rules[0][1]
    for _, cond, _ in rules[1:]:
        anyrule |= cond
    label = pw.Case(None, [(cond, text) for text, cond, _ in rules], "")
    return _held() & anyrule, label


def _require_reclaimer(actor: User, what: str) -> None:
    # A run returns everybody's customers: pool admins (system admins are) and cron as one.
    require_role(actor, "admin", what)


@writing
def reclaim(
    actor: User,
    *,
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
    details: bool = False,
) -> ReclaimResult:
    """Return everything due as of ``as_of`` (by default today); see the module docstring.

    Args:
        details: also list the returned customers (for -v and JSON output).

    Raises:
        PermissionDenied: the actor is not a pool admin.
        InvalidInput: ``as_of`` is after today: only a dry run (``preview``) looks ahead.
    """
    now = now_or(now)
    as_of = as_of or now.date()
    _require_reclaimer(actor, "run the pool reclaim")
    if as_of > now.date():
        raise InvalidInput(
            "invalid --as-of {as_of}: a reclaim cannot run ahead of today ({value}); "
            "--dry-run shows what it would return then",
            as_of=as_of,
            value=now.date(),
        )
    conf = current(roles=False)
    if not conf.enabled:
        return ReclaimResult(False, as_of, False, None, 0, [])
    # Taking the run number locks the row: a concurrent run waits here, then finds nothing.
    m.Sequence.update(value=m.Sequence.value + 1).where(m.Sequence.name == "pool_reclaim").execute()
    run = m.Sequence.get(m.Sequence.name == "pool_reclaim").value
    due, label = _due(conf, as_of)
    L = pm.PoolLog
    picked = PC.select(
        pw.Value(now, converter=False), PC.customer, pw.Value("reclaim"), pw.Value(actor.id),
        PC.holder, PC.assigned_on, PC.protect_until, label, pw.Value(run),
    ).join(C, on=(PC.customer == C.id)).where(due)  # fmt: skip
    fields = [L.at, L.customer_id, L.action, L.actor, L.from_owner, L.protect_from,
              L.protect_until, L.rule, L.run]  # fmt: skip
    L.insert_from(picked, fields).execute()
    this_run = L.select(L.customer_id).where(L.run == run)
    returned = _listing(run, as_of) if details else []
    C.update(owner=None, updated_at=now).where(C.id.in_(this_run)).execute()
    owners.follow(this_run)
    _release(PC.customer.in_(this_run), as_of)
    m.OpLog.insert_from(
        L.select(
            pw.Value(now, converter=False), pw.Value(actor.id), L.customer_id, L.customer_id,
            pw.Value("customer"), pw.Value("pool reclaim"),
            pw.Value('{"owner": "returned to the pool"}'),
        ).where(L.run == run),
        [m.OpLog.at, m.OpLog.actor, m.OpLog.entity_id, m.OpLog.customer_id, m.OpLog.entity,
         m.OpLog.action, m.OpLog.changes],
    ).execute()  # fmt: skip
    count = L.select().where(L.run == run).count()
    after_bulk_write((C, PC, L, m.OpLog), 4 * count)  # a row in each per customer moved
    return ReclaimResult(True, as_of, False, run, count, returned)


def _release(moved: Any, as_of: dt.date) -> None:
    """The pool rows of ``moved`` lose their holder, kept as the last one: one statement
    (a second pass took a tenth of a 100 k reclaim), but two on MySQL, which assigns SET
    columns left to right and would clear the holder before copying it."""
    kept = {"previous_owner": PC.holder, "last_holder": PC.holder, "left_holder_on": as_of}
    cleared = {"holder": None, "assigned_on": None, "protect_until": None}
    if backend() == "mysql":
        PC.update(**kept).where(moved).execute()
        PC.update(**cleared).where(moved).execute()
    else:
        PC.update(**kept, **cleared).where(moved).execute()


def _listing(run: int, as_of: dt.date) -> list[Returned]:
    """The customers this run logged, with the rule and the days over."""
    L = pm.PoolLog
    rows: Any = (
        L.select(C.id, C.code, C.name, m.User.login, L.rule, L.protect_from, L.protect_until)
        .join(C, on=(L.customer_id == C.id))
        .switch(L)
        .join(m.User, pw.JOIN.LEFT_OUTER, on=(L.from_owner == m.User.id))
        .where(L.run == run)
        .order_by(C.code)
        .tuples()
    )
    return _explained(list(rows), as_of)


def _explained(rows: list[tuple[Any, ...]], as_of: dt.date) -> list[Returned]:
    """Rows of (id, code, name, holder, rule, assigned_on, protect_until) as Returned."""
    last = {what: _last_event(table, column, live, rows) for _, what, table, column, live in RULES}
    found = []
    for cid, code, name, login, rule, start, until in rows:
        found.append(
            Returned(code, name, login, rule, _as_date(start), _as_date(until),
                     _days_over(rule, cid, start, until, as_of, last))
        )  # fmt: skip
    return found


def _last_event(table: Any, column: Any, live: Any, rows: list[tuple[Any, ...]]) -> dict[int, Any]:
    """The latest date of this kind of record per listed customer (for --explain only)."""
    ids = [row[0] for row in rows]
    latest: dict[int, Any] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        query = (
            table.select(table.customer, pw.fn.MAX(column))
            .where(live & table.customer.in_(part))
            .group_by(table.customer)
            .tuples()
        )
        latest.update(dict(query))
    return latest


def _days_over(
    rule: str, cid: int, start: Any, until: Any, as_of: dt.date, last: dict[str, dict[int, Any]]
) -> int | None:
    if rule == "protection ended" and until is not None:
        return (as_of - _as_date(until)).days
    what, _, rest = rule.partition(" for ")
    if not rest or start is None:
        return None
    quiet_since = _as_date(start)
    if cid in last.get(what, {}):
        quiet_since = max(quiet_since, _as_date(last[what][cid]))
    return (as_of - quiet_since).days - int(rest.split()[0])


def _as_date(value: Any) -> Any:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


@reading
def preview(
    actor: User, *, as_of: dt.date | None = None, now: dt.datetime | None = None
) -> ReclaimResult:
    """What a reclaim would return, with the rule and the days over (``--dry-run``); any
    ``as_of``, the future included.

    Raises:
        PermissionDenied: the actor is not a pool admin (it lists everybody's customers).
    """
    now = now_or(now)
    as_of = as_of or now.date()
    _require_reclaimer(actor, "preview the pool reclaim")
    conf = current(roles=False)
    if not conf.enabled:
        return ReclaimResult(False, as_of, True, None, 0, [])
    due, label = _due(conf, as_of)
    rows: Any = (
        PC.select(C.id, C.code, C.name, m.User.login, label, PC.assigned_on, PC.protect_until)
        .join(C, on=(PC.customer == C.id))
        .switch(PC)
        .join(m.User, pw.JOIN.LEFT_OUTER, on=(PC.holder == m.User.id))
        .where(due)
        .order_by(C.code)
        .tuples()
    )
    found = _explained(list(rows), as_of)
    return ReclaimResult(True, as_of, True, None, len(found), found)
