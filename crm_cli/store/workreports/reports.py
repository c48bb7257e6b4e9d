"""Work reports (WRK-1): the verbs of a report's life, each one transaction that writes the
operation log.

A writer writes (and rewrites) a draft for a period that has started, then submits it:
the reference figures are frozen and the lateness recorded (whole days after the period's
last day plus the team's grace, `settings.GRACE`). A submitted report is locked; people
above the writer comment on it. A draft may be deleted (softly: writing for that period
again revives it under the same code).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, Locked, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.workreports import figures
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.lookup import find, find_any, is_above, period_of
from crm_cli.store.workreports.periods import parse_period
from crm_cli.store.workreports.records import ReportDetail
from crm_cli.store.workreports.rows import detail
from crm_cli.store.workreports.settings import grace_days

ENTITY = "work_report"
MAX_TEXT = 100_000  # characters: a month's report is long, a pasted log file is not one


def _text(text: str, what: str) -> str:
    body = text.strip()
    if not body:
        raise InvalidInput("empty {what}: write some text", what=what)
    if len(body) > MAX_TEXT:
        raise InvalidInput(
            "{what} too long: at most {max_text} characters", what=what, max_text=MAX_TEXT
        )
    return body


def _log(actor: User, row: wm.WorkReport, action: str, changes: dict[str, Any], now: Any) -> None:
    oplog.write(actor, ENTITY, row.id, None, action, {"code": row.code, **changes}, now)


@writing
def write_report(
    actor: User, kind: str, period: str | None, text: str, *, now: dt.datetime | None = None
) -> ReportDetail:
    """Write the actor's draft for a period (``2026-12-01``, ``2026-W49``, ``2026-12``; None:
    the current one), or replace the draft's text.

    Raises:
        InvalidInput: an unknown kind or period, a period that has not started, empty text.
        Locked: the report for that period is submitted already.
    """
    now = now_or(now)
    wanted = parse_period(kind, period, now.date())
    if wanted.starts_on > now.date():
        raise InvalidInput(
            "cannot write a report for {kind} {label}: it has not started (today is {value})",
            kind=wanted.kind,
            label=wanted.label,
            value=now.date(),
        )
    body = _text(text, "report text")
    W = wm.WorkReport
    row: Any = W.get_or_none(
        (W.author == actor.id) & (W.period == wanted.kind) & (W.starts_on == wanted.starts_on)
    )
    if row is not None and row.deleted_at is None and row.status == "submitted":
        raise Locked(
            "work report {code} ({label}) is submitted; it cannot be rewritten",
            code=row.code,
            label=wanted.label,
        )
    if row is None:
        row = W(author=actor.id, period=wanted.kind, starts_on=wanted.starts_on,
                ends_on=wanted.ends_on, created_at=now)  # fmt: skip
        row.code = next_code(ENTITY, "code.work_report_prefix")
        action = "add"
    else:
        action = "write" if row.deleted_at is None else "restore"
    row.body, row.status, row.deleted_at, row.updated_at = body, "draft", None, now
    row.save(force_insert=action == "add")
    _log(actor, row, action, {"period": wanted.label, "characters": len(body)}, now)
    return detail(row)


@writing
def submit_report(actor: User, ref: str, *, now: dt.datetime | None = None) -> ReportDetail:
    """Submit one's own draft: its figures are frozen and its lateness recorded.

    Raises:
        NotFound: no such report the actor may see. PermissionDenied: not the writer.
        InvalidInput: submitted already.
    """
    now = now_or(now)
    row = find(actor, ref, now.date())
    if row.author_id != actor.id:
        raise PermissionDenied("only its writer may submit work report {code}", code=row.code)
    if row.status == "submitted":
        raise InvalidInput(
            "work report {code} was already submitted on {submitted_at:%Y-%m-%d}",
            code=row.code,
            submitted_at=row.submitted_at,
        )
    period = period_of(row)
    late = period.late_days(now.date(), grace_days())
    frozen = figures.collect(row.author_id, period)
    row.status, row.submitted_at, row.late_days = "submitted", now, late
    row.figures, row.updated_at = figures.dumps(frozen), now
    row.save()
    _log(actor, row, "submit", {"status": ["draft", "submitted"], "late_days": late}, now)
    return detail(row)


@writing
def comment_report(
    actor: User, ref: str, text: str, *, now: dt.datetime | None = None
) -> ReportDetail:
    """Comment on a submitted report of someone below the actor (admins: anyone's).

    Raises:
        NotFound: no such submitted report. PermissionDenied: one's own report, or the
            writer is not below the actor. InvalidInput: empty text.
    """
    now = now_or(now)
    body = _text(text, "comment")
    row = find_any(actor, ref, now.date())
    if row.status != "submitted" and row.author_id != actor.id:
        raise NotFound("no work report {ref!r}", ref=ref.strip())  # a draft is its writer's alone
    if row.author_id == actor.id:
        raise PermissionDenied("you may not comment on your own work report {code}", code=row.code)
    if not is_above(actor, row.author_id):
        raise PermissionDenied(
            "you may not comment on work report {code}: only those above its writer "
            "in the hierarchy, or an admin, may",
            code=row.code,
        )
    wm.WorkReportComment.create(report=row.id, author=actor.id, at=now, body=body)
    if row.commented_at is None:
        row.commented_at = now
        row.save()
    _log(actor, row, "comment", {"comment": body}, now)
    return detail(row)


@writing
def delete_report(actor: User, ref: str, *, now: dt.datetime | None = None) -> ReportDetail:
    """Delete one's own draft (softly; the log keeps who and when).

    Raises:
        PermissionDenied: not the writer. Locked: the report is submitted.
    """
    now = now_or(now)
    row = find(actor, ref, now.date())
    if row.author_id != actor.id:
        raise PermissionDenied("only its writer may delete work report {code}", code=row.code)
    if row.status == "submitted":
        raise Locked("work report {code} is submitted; it cannot be deleted", code=row.code)
    row.deleted_at = row.updated_at = now
    row.save()
    _log(actor, row, "delete", {"period": period_of(row).label}, now)
    return detail(row)
