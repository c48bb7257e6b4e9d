"""Who submitted when (WRK-1): for each person below the actor and each period of a range,
on time, late by n days, missing (its deadline has passed with no submitted report), or
not due yet.

Costs a query per page, not per cell: the page of people is one query, their reports
for the whole range another, through the unique index (author, period, starts_on).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import PermissionDenied
from crm_cli.store.core.listing import ALL, Page, raw_rows
from crm_cli.store.core.records import User
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.periods import Period, between, check_kind, parse_period
from crm_cli.store.workreports.records import Cell, Overview, OverviewRow
from crm_cli.store.workreports.settings import grace_days

# How far back the overview looks when no --from is given: two weeks of days, eight
# weeks, six months.
SPAN = {
    "day": relativedelta(days=13),
    "week": relativedelta(weeks=7),
    "month": relativedelta(months=5),
}


def _people(actor: User, department: str | None, page: Page) -> list[Any]:
    """The page of people the actor oversees: everyone below them (admins: everyone but
    admins, who write no reports), by department and login."""
    U = m.User
    query = U.select(U.id, U.login, U.display, U.department).where(U.active == True)  # noqa: E712
    if actor.is_admin:
        query = query.where(U.role != "admin")
    else:
        below = subordinate_ids(actor.id)
        if not below:
            raise PermissionDenied(
                "no one reports to you: the overview shows the people below you in the hierarchy"
            )
        query = query.where(U.id.in_(sorted(below)))
    if department is not None and department.strip():
        query = query.where(U.department == department.strip())
    return list(page.apply(query.order_by(U.department, U.login, U.id)).namedtuples())


def _submitted(ids: list[int], kind: str, first: Period, last: Period) -> dict[Any, Any]:
    """(author id, period start as ISO text) -> (late days, code) of the submitted reports
    in range. Read as the driver returns them: a year of a department's daily reports is
    ten thousand rows, and converting each date through the model cost more than the query
    (SQLite returns the ISO text, the servers dates, which ``str`` turns into that text)."""
    if not ids:
        return {}
    W = wm.WorkReport
    query: Any = W.select(W.author, W.starts_on, W.late_days, W.code).where(
        W.author.in_(ids) & (W.period == kind) & (W.starts_on >= first.starts_on)
        & (W.starts_on <= last.starts_on) & (W.status == "submitted") & W.deleted_at.is_null()
    )  # fmt: skip
    return {(a, str(s)): (late or 0, code) for a, s, late, code in raw_rows(query)}


def _cell(period: Period, found: Any, today: dt.date, grace: int) -> Cell:
    if found is not None:
        late, code = found
        return Cell(period.label, "late" if late > 0 else "on_time", late, code)
    deadline = period.deadline(grace)
    if today > deadline:
        return Cell(period.label, "missing", (today - deadline).days, None)
    return Cell(period.label, "not_due", 0, None)


@reading
def submission_overview(
    actor: User,
    kind: str,
    *,
    since: str | None = None,
    until: str | None = None,
    department: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
) -> Overview:
    """Each overseen person's report for each period of ``kind`` from ``since`` to
    ``until`` (dates or period labels; by default the recent ones up to today).

    Raises:
        InvalidInput: an unknown kind or date, a reversed or too long range.
        PermissionDenied: nobody is below the actor in the hierarchy.
    """
    kind = check_kind(kind)
    today = now_or(now).date()
    last = parse_period(kind, until, today)
    first = parse_period(kind, since, today) if since else parse_period(
        kind, None, last.ends_on - SPAN[kind]
    )  # fmt: skip
    periods = between(kind, first.starts_on, last.ends_on)
    people = _people(actor, department, page)
    found = _submitted([p.id for p in people], kind, periods[0], periods[-1]) if periods else {}
    grace = grace_days()
    keys = [(each, each.starts_on.isoformat()) for each in periods]
    rows = [
        OverviewRow(
            p.login, p.display or p.login, p.department,
            [_cell(each, found.get((p.id, start)), today, grace) for each, start in keys],
        )
        for p in people
    ]  # fmt: skip
    return Overview(kind, first.starts_on, last.ends_on, today,
                    [p.label for p in periods], rows)  # fmt: skip
