"""Attainment (TGT-1): targets against what was done, as of a day.

``actual`` counts from the period's first day up to the day asked about (or the period's
end); ``percent`` is of the target; ``pipeline`` (orders only) is the weighted open
pipeline closing in the period; ``gap`` is what is left, never below 0. A department's
actual is the sum over everyone whose user record names it, and its people's rows come
beneath it. What counts as what: see `actuals`.

Figures are measured once per period and metric for a whole batch of targets: one
grouped query each, whatever the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.targets import lookup
from crm_cli.store.targets import models as tm
from crm_cli.store.targets.actuals import ZERO, actuals, pipelines
from crm_cli.store.targets.periods import Period, parse_period, period_for
from crm_cli.store.targets.records import METRICS, Attainment, attained, value

Key = tuple[Period, str]


class People:
    """Every user by id (a team's user table is small): names and departments."""

    def __init__(self) -> None:
        U = m.User
        query = U.select(U.id, U.login, U.display, U.department).order_by(U.login)
        self.by_id = {row.id: row for row in query}

    def of(self, department: str) -> list[int]:
        return [uid for uid, row in self.by_id.items() if row.department == department]

    def name(self, uid: int) -> str:
        row = self.by_id[uid]
        return str(row.display or row.login)


class Tally:
    """Figures of many targets, measured in one query per period and metric."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self.wanted: dict[Key, set[int]] = {}
        self.done: dict[Key, dict[int, Decimal]] = {}
        self.piped: dict[Period, dict[int, Decimal]] = {}

    def want(self, period: Period, metric: str, owners: Iterable[int]) -> None:
        self.wanted.setdefault((period, metric), set()).update(owners)

    def measure(self) -> None:
        for (period, metric), owners in self.wanted.items():
            last = period.until(self.as_of)
            found = actuals(metric, owners, period.starts_on, last) if last else {}
            self.done[(period, metric)] = found
            if metric == "orders":
                self.piped[period] = pipelines(owners, period.starts_on, period.ends_on)

    def actual(self, period: Period, metric: str, owners: Iterable[int]) -> Decimal:
        found = self.done[(period, metric)]
        return value(metric, sum((found.get(o, ZERO) for o in owners), ZERO))

    def pipeline(self, period: Period, metric: str, owners: Iterable[int]) -> Decimal | None:
        if metric != "orders":
            return None
        found = self.piped[period]
        return sum((found.get(o, ZERO) for o in owners), ZERO).quantize(Decimal("0.01"))


def _period(row: tm.SalesTarget) -> Period:
    return Period(row.period, row.starts_on, row.ends_on)


def _owners(row: tm.SalesTarget, people: People) -> list[int]:
    return [row.user_id] if row.user_id is not None else people.of(row.department)


def _build(
    scope: str, row: tm.SalesTarget | None, uid: int | None, department: str, period: Period,
    metric: str, tally: Tally, people: People,
) -> Attainment:  # fmt: skip
    owners = [uid] if uid is not None else people.of(department)
    target = value(metric, row.amount) if row is not None else None
    actual = tally.actual(period, metric, owners)
    percent, gap = attained(metric, target, actual)
    return Attainment(
        scope=scope, target_id=row.id if row is not None else None,
        user=people.by_id[uid].login if uid is not None else None,
        name=people.name(uid) if uid is not None else department, department=department,
        period=period.label, starts_on=period.starts_on, ends_on=period.ends_on, metric=metric,
        as_of=tally.as_of, target=target, actual=actual, percent=percent,
        pipeline=tally.pipeline(period, metric, owners), gap=gap,
    )  # fmt: skip


def of_targets(rows: Sequence[tm.SalesTarget], as_of: dt.date) -> list[Attainment]:
    """The attainment of each target row, in their order."""
    people, tally = People(), Tally(as_of)
    for row in rows:
        tally.want(_period(row), row.metric, _owners(row, people))
    tally.measure()
    return [
        _build("user" if row.user_id is not None else "department", row, row.user_id,
               row.department, _period(row), row.metric, tally, people)
        for row in rows
    ]  # fmt: skip


def _targets_of(keys: list[str], period: Period) -> dict[tuple[str, str], tm.SalesTarget]:
    """The targets of these subjects in ``period``, by (subject, metric)."""
    T = tm.SalesTarget
    query = T.select().where(
        T.subject.in_(keys) & (T.period == period.kind) & (T.starts_on == period.starts_on)
    )
    return {(row.subject, row.metric): row for row in query}


def _member_rows(
    actor: User, department: str, period: Period, tally: Tally, people: People
) -> list[Attainment]:
    seen = lookup.reach(actor).users
    # The department's figure counts everyone; their own rows show only to who reads them.
    shown = [uid for uid in people.of(department) if seen is None or uid in seen]
    own = _targets_of([f"user:{uid}" for uid in shown], period)
    return [
        _build("member", own.get((f"user:{uid}", metric)), uid, department, period, metric,
               tally, people)
        for uid in shown
        for metric in METRICS
    ]  # fmt: skip


@reading
def subject_attainment(
    actor: User,
    *,
    user: str | None = None,
    department: str | None = None,
    period: str,
    now: dt.datetime | None = None,
) -> list[Attainment]:
    """Every metric of one person or department in ``period`` as of ``now``, with or
    without a target; a department's people follow its rows (those the actor may read).

    Raises:
        InvalidInput: a malformed period, both or neither of user and department.
        NotFound: no such user or department. PermissionDenied: not the actor's to read.
    """
    as_of = now_or(now).date()
    when = parse_period(period)
    who = lookup.subject(user, department)
    lookup.require_read(actor, who)
    people, tally = People(), Tally(as_of)
    owners = [who.user_id] if who.user_id is not None else people.of(who.department)
    for metric in METRICS:
        tally.want(when, metric, owners)
    tally.measure()
    own = _targets_of([who.key], when)
    scope = "user" if who.user_id is not None else "department"
    rows = [
        _build(scope, own.get((who.key, metric)), who.user_id, who.department, when, metric,
               tally, people)
        for metric in METRICS
    ]  # fmt: skip
    if who.user_id is None:
        rows += _member_rows(actor, who.department, when, tally, people)
    return rows


@reading
def team_attainment(
    actor: User, *, now: dt.datetime | None = None, period: str | None = None
) -> list[Attainment]:
    """The targets of the actor and everyone they manage (admins: everyone's), with their
    departments', for the period containing ``now``: ``period`` is its kind (month,
    quarter, year; default month) or a period's name (2026-Q4). Departments first, then
    people by login, metrics in their usual order.

    Raises:
        InvalidInput: a period that is no kind and no period's name.
    """
    today = now_or(now).date()
    when = period_for(period, today)
    seen = lookup.reach(actor)
    T = tm.SalesTarget
    query = T.select().where((T.period == when.kind) & (T.starts_on == when.starts_on))
    if seen.users is not None:
        assert seen.departments is not None
        query = query.where(T.user.in_(list(seen.users)) | T.department.in_(list(seen.departments)))
    order = {metric: n for n, metric in enumerate(METRICS)}
    logins: dict[int | None, str] = {
        row.id: row.login for row in m.User.select(m.User.id, m.User.login)
    }
    rows = sorted(
        query,
        key=lambda r: (r.user_id is not None, r.department, logins.get(r.user_id, ""),
                       order.get(r.metric, 9)),
    )  # fmt: skip
    return of_targets(rows, today)
