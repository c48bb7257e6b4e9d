"""Finding a work report, and who may read and comment on it (WRK-1, USR-3).

Writers see their own reports, drafts included. Everyone above a writer in the hierarchy
(`customers.access.subordinate_ids`, at any depth) and admins see the writer's submitted
reports; a draft stays the writer's own until it is submitted. A report one may not see
is "not found".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.periods import Period, from_label

W = wm.WorkReport


def period_of(row: wm.WorkReport) -> Period:
    return Period(row.period, row.starts_on, row.ends_on)


def is_above(actor: User, author_id: int) -> bool:
    """Whether ``actor`` reads and comments on the reports of ``author_id``."""
    return actor.is_admin or author_id in subordinate_ids(actor.id)


def seen_by(actor: User) -> pw.Expression:
    """The condition on ``WorkReport`` for what ``actor`` may read."""
    others = W.status == "submitted"
    if not actor.is_admin:
        others &= W.author.in_(sorted(subordinate_ids(actor.id)))
    return (W.author == actor.id) | others


def _condition(actor: User, ref: str, today: dt.date) -> pw.Expression:
    """What ``ref`` names: a period label is the actor's own report for it."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty work report reference")
    period = from_label(text, today)
    if period is not None:
        return (
            (W.author == actor.id) & (W.period == period.kind) & (W.starts_on == period.starts_on)
        )
    cond = W.code == text.upper()
    if (number := as_id(text, "work report")) is not None:
        cond |= W.id == number
    return cond


def find_any(actor: User, ref: str, today: dt.date) -> wm.WorkReport:
    """The live report ``ref`` names, whoever may read it (the caller checks)."""
    row: Any = W.select().where(_condition(actor, ref, today) & W.deleted_at.is_null()).first()
    if row is None:
        raise NotFound("no work report {ref!r}", ref=ref.strip())
    return row


def find(actor: User, ref: str, today: dt.date) -> wm.WorkReport:
    """The live report ``ref`` names (code, id, or a period label for one's own), if the
    actor may read it."""
    row = find_any(actor, ref, today)
    readable = row.status == "submitted" and is_above(actor, row.author_id)
    if row.author_id != actor.id and not readable:
        raise NotFound("no work report {ref!r}", ref=ref.strip())
    return row
