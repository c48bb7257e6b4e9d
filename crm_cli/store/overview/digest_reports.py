"""Digest kinds about work reports (issue 14, point 1; WRK-1): the user's own report of
the previous period of each kind the team expects (`work_report.expected`) while it is
not submitted, and the submitted reports of the people below the user that nobody has
commented on yet.

Both read through the unique index (author, period, starts_on): one look-up per expected
kind, and the overseen people's reports with ``commented_at`` still empty.
"""

from __future__ import annotations

from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import N_, Phrase
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.overview.digest_items import DigestItem, Found, Window, first, item, urgent
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.periods import YEARS, Period, containing, previous
from crm_cli.store.workreports.settings import expected_kinds, grace_days

W = wm.WorkReport
# One template per period kind, so that a translation names the report its own way.
MISSING = {
    "day": N_("daily report for {period} not submitted"),
    "week": N_("weekly report for {period} not submitted"),
    "month": N_("monthly report for {period} not submitted"),
}
WAITING = {
    "day": N_("{login}'s daily report for {period} waits for a comment"),
    "week": N_("{login}'s weekly report for {period} waits for a comment"),
    "month": N_("{login}'s monthly report for {period} waits for a comment"),
}


def _submitted(author_id: int, period: Period) -> bool:
    return bool(
        W.select(W.id)
        .where(
            (W.author == author_id) & (W.period == period.kind)
            & (W.starts_on == period.starts_on) & (W.status == "submitted")
            & W.deleted_at.is_null()
        )
        .exists()
    )  # fmt: skip


def missing_reports(w: Window) -> Found:
    """The user's report of the previous period of each expected kind, until submitted;
    due on the period's deadline. Admins write no reports."""
    if w.user.is_admin or not YEARS[0] <= w.today.year <= YEARS[1]:
        return Found([], 0)  # admins write no reports; no period is due at the ends of time
    grace = grace_days()
    found: list[DigestItem] = []
    for kind in expected_kinds():
        period = previous(containing(kind, w.today))
        due = period.deadline(grace)
        if due <= w.until and not _submitted(w.user.id, period):
            text = Phrase(MISSING[kind], period=period.label)
            found.append(item(w, due, text, period.label))
    return Found(urgent(w, found), len(found))


def reports_to_comment(w: Window) -> Found:
    """Submitted reports of the people below the user with no comment yet, the longest
    waiting first; due the day they were submitted."""
    below = sorted(subordinate_ids(w.user.id))
    if not below:
        return Found([], 0)
    U = m.User
    query: Any = (
        W.select(W.code, W.period, W.starts_on, W.ends_on, W.submitted_at, U.login)
        .join(U, on=(W.author == U.id))
        .where(
            W.author.in_(below) & (W.status == "submitted") & W.commented_at.is_null()
            & W.deleted_at.is_null()
        )
    )  # fmt: skip
    found = [
        item(
            w,
            row.submitted_at.date(),
            Phrase(
                WAITING[row.period],
                login=row.login,
                period=Period(row.period, row.starts_on, row.ends_on).label,
            ),
            row.code,
        )
        for row in first(w, query.order_by(W.submitted_at, W.id)).namedtuples()
    ]
    return Found(found, query.count())
