"""The list of targets, each with its attainment as of a day, newest period first.

A team has a few targets per person and period, so the list sorts in SQL without an index
of its own and cuts the page there; attainment is measured a page batch at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import peewee as pw

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.targets import lookup, target_terms
from crm_cli.store.targets import models as tm
from crm_cli.store.targets.attainment import of_targets
from crm_cli.store.targets.periods import parse_period
from crm_cli.store.targets.records import METRICS, Attainment, check_metric


@streaming
def iter_targets(
    actor: User,
    *,
    user: str | None = None,
    department: str | None = None,
    period: str | None = None,
    metric: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Attainment]:
    """Targets the actor may read, with attainment as of ``now``: newest period first, then
    departments before people, then by metric. Filters: a person (login), a department,
    a period (2026-12, 2026-Q4, 2026), a metric; ``terms``: query-language terms (SH-1,
    ``target_terms``).

    Raises:
        InvalidInput: a malformed period or unknown metric. NotFound: no such user or
            department. PermissionDenied: a user or department the actor may not read.
    """
    as_of = now_or(now).date()
    T = tm.SalesTarget
    query = T.select()
    if period:
        when = parse_period(period)
        query = query.where((T.period == when.kind) & (T.starts_on == when.starts_on))
    if metric:
        query = query.where(T.metric == check_metric(metric))
    for name, given in (("user", user), ("department", department)):
        if given is not None:
            who = lookup.subject(given, None) if name == "user" else lookup.subject(None, given)
            lookup.require_read(actor, who)
            query = query.where(T.subject == who.key)
    for cond in target_terms.conditions(terms, actor, as_of):
        query = query.where(cond)
    seen = lookup.reach(actor)
    if seen.users is not None and seen.departments is not None:
        query = query.where(T.user.in_(list(seen.users)) | T.department.in_(list(seen.departments)))
    metrics = pw.Case(T.metric, [(name, n) for n, name in enumerate(METRICS)], len(METRICS))
    query = query.order_by(
        T.starts_on.desc(), T.period, T.user.is_null(False), T.subject, metrics, T.id
    )
    for chunk in chunks(page.apply(query)):
        yield from of_targets(chunk, as_of)
