"""Reading work reports: one report with its figures and comments, the list (newest
period first, paged in the database), and what the writer starts from in an editor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from crm_cli.store.core.dates import now_or, parse_date
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.workreports import figures, report_terms
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.lookup import find, seen_by
from crm_cli.store.workreports.periods import check_kind, parse_period
from crm_cli.store.workreports.records import STATUSES, Figures, ReportDetail, WorkReport
from crm_cli.store.workreports.rows import detail, records

W = wm.WorkReport


@reading
def get_report(actor: User, ref: str, *, now: dt.datetime | None = None) -> ReportDetail:
    """A report the actor may read: code, id, or a period label for one's own."""
    return detail(find(actor, ref, now_or(now).date()))


def _filters(actor: User, today: dt.date, **given: str | None) -> list[Any]:
    conds: list[Any] = []
    if given["author"]:
        word = given["author"].strip()
        conds.append(W.author == (actor.id if word.lower() == "me" else user_row(word).id))
    if given["kind"]:
        conds.append(W.period == check_kind(given["kind"]))
    if given["status"]:
        word = given["status"].strip().lower()
        if word not in STATUSES:
            raise InvalidInput(
                "unknown status {given!r}; use draft or submitted", given=given["status"]
            )
        conds.append(W.status == word)
    if given["since"]:
        conds.append(W.ends_on >= parse_date(given["since"], today))
    if given["until"]:
        conds.append(W.starts_on <= parse_date(given["until"], today))
    return conds


@streaming
def iter_reports(
    actor: User,
    *,
    author: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[WorkReport]:
    """Reports the actor may read, the latest period first: their own (drafts included),
    and the submitted reports of everyone below them (admins: everyone's). ``author``: a
    login or ``me``; ``since``/``until``: dates the periods overlap; ``terms``:
    query-language terms (SH-1, ``report_terms``)."""
    today = now_or(now).date()
    query = W.select().where(W.deleted_at.is_null() & seen_by(actor))
    for cond in _filters(actor, today, author=author, kind=kind, status=status,
                         since=since, until=until):  # fmt: skip
        query = query.where(cond)
    for cond in report_terms.conditions(terms, actor, today):
        query = query.where(cond)
    query = query.order_by(W.starts_on.desc(), W.id.desc())
    for chunk in chunks(page.apply(query)):
        yield from records(chunk)


class Draft(NamedTuple):
    """What an editor opens with: the period, the draft's text so far, the figures."""

    period: str
    text: str
    submitted: bool
    figures: Figures


@reading
def draft_for(
    actor: User, kind: str, period: str | None, *, now: dt.datetime | None = None
) -> Draft:
    """The actor's report for a period as it stands (empty text when none is written)."""
    wanted = parse_period(kind, period, now_or(now).date())
    row: Any = W.get_or_none(
        (W.author == actor.id) & (W.period == wanted.kind) & (W.starts_on == wanted.starts_on)
        & W.deleted_at.is_null()
    )  # fmt: skip
    text = row.body if row is not None else ""
    submitted = row is not None and row.status == "submitted"
    counted = figures.collect(actor.id, wanted)
    return Draft(wanted.label, text, submitted, counted)
