"""Reading the calendar: one event, a user's events, and the agenda, the occurrences of a
day, week or month expanded from each series for that window only.

A user's events are found through (owner_id, span_end, span_start) and the invitations'
(user_id, span_end, span_start) of migration 0012: a range read of what overlaps the
window, never every event. A manager may read a subordinate's agenda; a sales user only
their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import peewee as pw

from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.listing import ALL, Page, merged
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.schedule import event_terms, series
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule.lookup import find
from crm_cli.store.schedule.records import Event, Occurrence, event_records, names_for
from crm_cli.store.schedule.settings import team_zone
from crm_cli.store.schedule.times import day_bounds, local_now, shown, to_utc

E, Inv, X = sc.ScheduleEvent, sc.ScheduleInvite, sc.ScheduleException
PERIODS = ("day", "week", "month")


@reading
def get_event(actor: User, ref: str) -> Event:
    return event_records([find(actor, ref)])[0]


def whose(actor: User, login: str | None) -> Any:
    """The user whose calendar ``actor`` asks for: themselves, a subordinate (managers), or
    anyone (admins)."""
    if not login or login.strip() in ("me", actor.login):
        return user_row(str(actor.id))
    row = user_row(login)
    if actor.is_admin or row.id == actor.id:
        return row
    if actor.role == "manager" and row.id in subordinate_ids(actor.id):
        return row
    raise PermissionDenied(
        "you may not see {login}'s calendar: not one of your team", login=row.login
    )


@reading
def list_events(
    actor: User,
    *,
    user: str | None = None,
    page: Page = ALL,
    cancelled: bool = False,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> list[Event]:
    """The events a user owns or is invited to (declined ones included), by first start;
    through (owner_id, start_at) and the invitations' (user_id, start_at); ``terms`` (SH-1,
    ``event_terms``) narrow them."""
    target = whose(actor, user)
    C = cm.Customer
    about = E.customer == C.id
    owned = E.select().join(C, pw.JOIN.LEFT_OUTER, on=about).where(E.owner == target.id)
    invited = (
        E.select().join(Inv, on=(Inv.event == E.id))
        .switch(E).join(C, pw.JOIN.LEFT_OUTER, on=about).where(Inv.user == target.id)
    )  # fmt: skip
    if not cancelled:
        owned, invited = (q.where(E.cancelled_at.is_null()) for q in (owned, invited))
    today = local_now(now, team_zone()).date()
    for cond in event_terms.conditions(terms, actor, today):
        owned, invited = owned.where(cond), invited.where(cond)
    order = (E.start_at, E.id)
    rows = merged([owned.order_by(*order), invited.order_by(Inv.start_at, E.id)],
                  key=lambda r: (r.start_at, r.id), page=page)  # fmt: skip
    return event_records(list(rows))


def window(as_of: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the day, week (Monday first) or month around ``as_of``."""
    if period not in PERIODS:
        raise InvalidInput(
            "unknown period {period!r}; use one of: {periods}",
            period=period,
            periods=", ".join(PERIODS),
        )
    if period == "day":
        return as_of, as_of
    if period == "week":
        first = as_of - dt.timedelta(days=as_of.weekday())
        return first, first + dt.timedelta(days=6)
    first = as_of.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def occurrences(user_id: int, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    """Everything on a user's calendar overlapping [start, end) (naive UTC): events they
    own, and those they are invited to and did not decline; by start (inside a call)."""
    overlap_e = (E.span_end > start) & (E.span_start < end) & E.cancelled_at.is_null()
    owned = list(E.select().where((E.owner == user_id) & overlap_e))
    answers: dict[int, str] = {}
    invites = (
        Inv.select(Inv.event, Inv.status)
        .where((Inv.user == user_id) & (Inv.span_end > start) & (Inv.span_start < end)
               & (Inv.status != "declined"))
    )  # fmt: skip
    for inv in invites:
        answers[inv.event_id] = inv.status
    invited = list(E.select().where(E.id.in_(list(answers)) & E.cancelled_at.is_null())) \
        if answers else []  # fmt: skip
    rows = owned + [r for r in invited if r.owner_id != user_id]
    changed: dict[int, list[sc.ScheduleException]] = {r.id: [] for r in rows}
    if rows:
        for exc in X.select().where(X.event.in_(list(changed))):
            changed[exc.event_id].append(exc)
    names = names_for(rows)
    found = []
    for row in rows:
        tz = ZoneInfo(row.tz)
        for h in series.happenings(row, changed[row.id], start, end):
            found.append(_occurrence(row, h, tz, names, answers.get(row.id)))
    return sorted(found, key=lambda o: (o.start, o.code))


def _occurrence(
    row: sc.ScheduleEvent, h: series.Happening, tz: ZoneInfo, names: Any, answer: str | None
) -> Occurrence:
    exc = h.exception
    start, end = shown(to_utc(h.start, tz), tz), shown(to_utc(h.end, tz), tz)
    customer = names.customers.get(row.customer_id or 0)
    return Occurrence(
        code=row.code, occurrence=h.day,
        title=exc.title if exc and exc.title is not None else row.title,
        start=start, end=end, all_day=row.all_day,
        place=exc.place if exc and exc.place is not None else row.place,
        remind_at=start - dt.timedelta(minutes=row.remind_minutes),
        owner=names.logins.get(row.owner_id, ""),
        role="invited" if answer is not None else "owner", response=answer,
        repeating=bool(row.rrule), changed=exc is not None,
        customer=customer[0] if customer else None,
        customer_name=customer[1] if customer else None,
        note=exc.note if exc and exc.note is not None else row.note,
    )  # fmt: skip


@reading
def agenda(
    actor: User,
    *,
    user: str | None = None,
    period: str = "day",
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
) -> list[Occurrence]:
    """The occurrences on a user's calendar in the day, week or month around ``as_of``
    (default: today in the team's zone).

    Raises:
        PermissionDenied: another user's agenda, unless the actor manages them or is an
            admin. NotFound: no such user.
    """
    tz = team_zone()
    target = whose(actor, user)
    first, last = window(as_of or local_now(now, tz).date(), period)
    return occurrences(target.id, *day_bounds(first, last, tz))


def occurrences_on(user_id: int, day: dt.date) -> list[Occurrence]:
    """A user's occurrences on one local day (inside a call; the digest's kind)."""
    return occurrences(user_id, *day_bounds(day, day, team_zone()))
