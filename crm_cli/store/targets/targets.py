"""Setting and deleting targets (TGT-1): one target per person or department, period and
metric; setting one again changes its amount. Who may: see `lookup`.

Deleting is for good (not a trash): a target is a plan, not a record of business done,
and the operation log keeps what it was, who set it and who removed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import parse_money
from crm_cli.store.targets import lookup
from crm_cli.store.targets import models as tm
from crm_cli.store.targets.periods import Period, parse_period
from crm_cli.store.targets.records import MONEY, Target, check_metric, value

ENTITY = "target"


def parse_amount(metric: str, text: str | Decimal | int) -> Decimal:
    """A target's amount: money for orders and receipts, a whole number for the counts;
    above zero either way (`delete` removes a target).

    Raises:
        InvalidInput: not a number, not whole for a count, zero or below, out of range.
    """
    shown = str(text).strip()
    what = "target amount" if metric in MONEY else f"target ({metric.replace('_', ' ')})"
    amount = parse_money(shown, what)
    if metric not in MONEY and amount != amount.to_integral_value():
        raise InvalidInput(
            "invalid {what} {shown!r}: a count is a whole number", what=what, shown=shown
        )
    if amount <= 0:
        raise InvalidInput(
            "invalid {what} {shown!r}: a target is above zero", what=what, shown=shown
        )
    return amount


def _record(row: tm.SalesTarget) -> Target:
    ids = [i for i in (row.user_id, row.setter_id) if i is not None]
    query: Any = m.User.select(m.User.id, m.User.login).where(m.User.id.in_(ids)).tuples()
    logins: dict[int | None, str] = dict(query)
    period = Period(row.period, row.starts_on, row.ends_on)
    return Target(
        id=row.id, user=logins.get(row.user_id), department=row.department, period=period.label,
        kind=row.period, starts_on=row.starts_on, ends_on=row.ends_on, metric=row.metric,
        amount=value(row.metric, row.amount), setter=logins.get(row.setter_id), set_at=row.set_at,
    )  # fmt: skip


def _find(who: lookup.Subject, period: Period, metric: str) -> tm.SalesTarget | None:
    T = tm.SalesTarget
    return T.get_or_none(
        (T.subject == who.key) & (T.period == period.kind) & (T.starts_on == period.starts_on)
        & (T.metric == metric)
    )  # fmt: skip


def _shown(metric: str, amount: Decimal) -> str:
    """An amount as the log keeps it: money with cents, a count as a whole number."""
    return str(value(metric, amount))


def _about(who: lookup.Subject, period: Period, metric: str) -> dict[str, str]:
    return {"subject": who.label, "period": period.label, "metric": metric}


def _set_one(
    actor: User, who: lookup.Subject, when: Period, what: str, amount: Decimal, now: dt.datetime
) -> Target:
    row = _find(who, when, what)
    if row is not None and row.amount == amount:
        return _record(row)  # the same amount again: nothing to write or log
    if row is None:
        row = tm.SalesTarget(
            subject=who.key, user=who.user_id, department=who.department, period=when.kind,
            starts_on=when.starts_on, ends_on=when.ends_on, metric=what,
        )  # fmt: skip
        changes: dict[str, Any] = {**_about(who, when, what), "amount": _shown(what, amount)}
    else:
        amounts = [_shown(what, row.amount), _shown(what, amount)]
        changes = {**_about(who, when, what), "amount": amounts}
    row.amount, row.setter_id, row.set_at = amount, actor.id, now
    row.save()
    oplog.write(actor, ENTITY, row.id, None, "set", changes, now)
    return _record(row)


@writing
def set_targets(
    actor: User,
    *,
    user: str | None = None,
    department: str | None = None,
    period: str,
    amounts: Mapping[str, str | Decimal | int],
    now: dt.datetime | None = None,
) -> list[Target]:
    """Set a person's or a department's targets for a period, one per metric given in
    ``amounts`` (a new target, or a new amount), all or none; an amount a target has
    already changes nothing.

    Raises:
        InvalidInput: a malformed period, unknown metric, bad amount, no metric, a
            deactivated user. NotFound: no such user or department.
        PermissionDenied: not the actor's to set.
    """
    now = now_or(now)
    when = parse_period(period)
    if not amounts:
        raise InvalidInput("give at least one metric and its target")
    wanted: dict[str, Decimal] = {}
    for metric, amount in amounts.items():
        what = check_metric(metric)
        wanted[what] = parse_amount(what, amount)
    who = lookup.subject(user, department)
    lookup.require_set(actor, who)
    if who.user_id is not None and not m.User.get_by_id(who.user_id).active:
        raise InvalidInput("user {name!r} is deactivated", name=who.name)
    return [_set_one(actor, who, when, what, amount, now) for what, amount in wanted.items()]


def set_target(
    actor: User,
    *,
    user: str | None = None,
    department: str | None = None,
    period: str,
    metric: str,
    amount: str | Decimal | int,
    now: dt.datetime | None = None,
) -> Target:
    """``set_targets`` for one metric."""
    found = set_targets(
        actor, user=user, department=department, period=period, amounts={metric: amount}, now=now
    )
    return found[0]


@writing
def delete_target(
    actor: User,
    *,
    user: str | None = None,
    department: str | None = None,
    period: str,
    metric: str,
    now: dt.datetime | None = None,
) -> Target:
    """Remove a target for good; the log keeps what it was.

    Raises:
        NotFound: no such user, department or target. PermissionDenied: not the actor's.
    """
    now = now_or(now)
    when, what = parse_period(period), check_metric(metric)
    who = lookup.subject(user, department)
    lookup.require_set(actor, who)
    row = _find(who, when, what)
    if row is None:
        raise NotFound(
            "no {what} target for {label} in {period}",
            what=what,
            label=who.label,
            period=when.label,
        )
    gone = _record(row)
    changes = {
        **_about(who, when, what),
        "amount": [_shown(what, row.amount), None],
        "set_by": gone.setter,
    }
    row.delete_instance()
    oplog.write(actor, ENTITY, gone.id, None, "delete", changes, now)
    return gone
