"""What the calendar is to callers: an ``Event`` (a single event or a whole series) and an
``Occurrence`` (one time it happens, as the agenda and `crm today` show it). Times are
aware local datetimes in the event's zone; JSON prints them ISO 8601 with the offset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from crm_cli.store.core import models as m
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule.times import shown

RESPONSES = ("pending", "accepted", "declined")


class Event(NamedTuple):
    id: int
    code: str
    title: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    timezone: str
    repeat: str | None  # the RRULE value
    remind_minutes: int
    place: str
    note: str
    owner: str
    customer: str | None
    customer_name: str | None
    contact: str | None
    opportunity: str | None
    invitees: list[dict[str, Any]]  # [{"user", "status"}, …]
    exceptions: list[dict[str, Any]]  # occurrences moved or cancelled
    status: str  # active | cancelled
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Occurrence(NamedTuple):
    code: str
    occurrence: dt.date  # the day it was planned for: `--occurrence` names it by this
    title: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    place: str
    remind_at: dt.datetime
    owner: str
    role: str  # owner | invited
    response: str | None  # the invitee's answer; None for the owner
    repeating: bool
    changed: bool  # this occurrence was moved or edited apart from its series
    customer: str | None
    customer_name: str | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Names(NamedTuple):
    logins: dict[int, str]
    customers: dict[int, tuple[str, str]]
    contacts: dict[int, str]
    opportunities: dict[int, str]


def _by_id(model: Any, ids: set[int | None], *columns: Any) -> dict[int, Any]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    query = model.select(model.id, *columns).where(model.id.in_(wanted)).tuples()
    return {row[0]: row[1:] if len(row) > 2 else row[1] for row in query}


def names_for(rows: Iterable[sc.ScheduleEvent], user_ids: Iterable[int] = ()) -> Names:
    """What a batch of events refers to (and the logins of ``user_ids``): one query per
    table, never one per row, and nothing for an empty batch."""
    rows = list(rows)
    C, K, Opp, U = cm.Customer, cm.Contact, sm.Opportunity, m.User
    people: set[int | None] = {r.owner_id for r in rows}
    people.update(user_ids)
    return Names(
        logins=_by_id(U, people, U.login),
        customers=_by_id(C, {r.customer_id for r in rows}, C.code, C.name),
        contacts=_by_id(K, {r.contact_id for r in rows}, K.name),
        opportunities=_by_id(Opp, {r.opportunity_id for r in rows}, Opp.code),
    )


def event_record(
    row: sc.ScheduleEvent,
    names: Names,
    invites: list[sc.ScheduleInvite],
    exceptions: list[sc.ScheduleException],
) -> Event:
    tz = ZoneInfo(row.tz)
    customer = names.customers.get(row.customer_id or 0)
    return Event(
        id=row.id, code=row.code, title=row.title, start=shown(row.start_at, tz),
        end=shown(row.end_at, tz), all_day=row.all_day, timezone=row.tz,
        repeat=row.rrule or None, remind_minutes=row.remind_minutes, place=row.place,
        note=row.note, owner=names.logins.get(row.owner_id, ""),
        customer=customer[0] if customer else None,
        customer_name=customer[1] if customer else None,
        contact=names.contacts.get(row.contact_id or 0),
        opportunity=names.opportunities.get(row.opportunity_id or 0),
        invitees=[{"user": names.logins.get(i.user_id), "status": i.status} for i in invites],
        exceptions=[_exception(e, tz) for e in exceptions],
        status="cancelled" if row.cancelled_at else "active",
        created_at=shown(row.created_at, tz), updated_at=shown(row.updated_at, tz),
    )  # fmt: skip


def _exception(row: sc.ScheduleException, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "occurrence": row.occurrence,
        "cancelled": row.cancelled,
        "start": shown(row.start_at, tz) if row.start_at else None,
        "end": shown(row.end_at, tz) if row.end_at else None,
        "title": row.title,
        "place": row.place,
    }


def event_records(rows: list[sc.ScheduleEvent]) -> list[Event]:
    """Records of many events: their invitees and exceptions in one query each."""
    ids = [r.id for r in rows]
    invites: dict[int, list[sc.ScheduleInvite]] = {i: [] for i in ids}
    exceptions: dict[int, list[sc.ScheduleException]] = {i: [] for i in ids}
    if ids:
        Inv, X = sc.ScheduleInvite, sc.ScheduleException
        for inv in Inv.select().where(Inv.event.in_(ids)).order_by(Inv.id):
            invites[inv.event_id].append(inv)
        for exc in X.select().where(X.event.in_(ids)).order_by(X.occurrence):
            exceptions[exc.event_id].append(exc)
    names = names_for(rows, (i.user_id for found in invites.values() for i in found))
    return [event_record(r, names, invites[r.id], exceptions[r.id]) for r in rows]
