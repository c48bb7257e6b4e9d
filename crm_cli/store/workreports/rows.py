"""Records from rows: a batch of reports looks its writers up in one query, never one per
row; a report's detail adds its figures (frozen, or counted for a draft) and comments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.workreports import figures
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.lookup import period_of
from crm_cli.store.workreports.records import Comment, ReportDetail, WorkReport
from crm_cli.store.workreports.settings import grace_days

People = dict[int, tuple[str, str]]  # user id -> (login, display)


def people(ids: Iterable[int | None]) -> People:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    U = m.User
    query: Any = U.select(U.id, U.login, U.display).where(U.id.in_(wanted)).tuples()
    return {uid: (login, display or login) for uid, login, display in query}


def record(row: wm.WorkReport, names: People | None = None, grace: int | None = None) -> WorkReport:
    """One report; ``names`` and ``grace`` read once by the caller when building many."""
    names = names if names is not None else people([row.author_id])
    login, display = names.get(row.author_id, ("", ""))
    period = period_of(row)
    return WorkReport(
        id=row.id, code=row.code, author=login, author_name=display, kind=row.period,
        period=period.label, starts_on=row.starts_on, ends_on=row.ends_on, status=row.status,
        deadline=period.deadline(grace_days() if grace is None else grace),
        late_days=row.late_days, submitted_at=row.submitted_at, commented_at=row.commented_at,
        created_at=row.created_at, updated_at=row.updated_at,
    )  # fmt: skip


def records(rows: list[wm.WorkReport]) -> list[WorkReport]:
    names, grace = people(r.author_id for r in rows), grace_days()
    return [record(r, names, grace) for r in rows]


def detail(row: wm.WorkReport) -> ReportDetail:
    """The whole report: text, figures and comments, oldest comment first."""
    C = wm.WorkReportComment
    notes = list(C.select().where(C.report == row.id).order_by(C.at, C.id))
    names = people([row.author_id, *(c.author_id for c in notes)])
    counted = (
        figures.loads(row.figures)
        if row.status == "submitted"
        else figures.collect(row.author_id, period_of(row))
    )
    comments = [
        Comment(
            author=names[c.author_id][0] if c.author_id in names else None,
            author_name=names[c.author_id][1] if c.author_id in names else None,
            at=c.at,
            text=c.body,
        )
        for c in notes
    ]
    return ReportDetail(record(row, names), row.body, counted, comments)
