"""The calendar's verbs: add, edit (the series or one occurrence), cancel (the same),
accept and decline. Each is one transaction that writes the operation log.

Refusals write nothing: an end before its start, a rule that is malformed or never
matches, an invitee who does not exist (not found) or is deactivated, answering an
invitation that is not one's own (denied).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row, user_row
from crm_cli.store.schedule import fields, recurrence, series
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule.lookup import find, invite_of, writable
from crm_cli.store.schedule.records import Event, event_records
from crm_cli.store.schedule.settings import default_lead, team_zone
from crm_cli.store.schedule.times import local_now, to_local, to_utc

ENTITY = "event"
E, Inv, X = sc.ScheduleEvent, sc.ScheduleInvite, sc.ScheduleException
SERIES = ("title", "place", "note", "at", "until", "all_day", "remind", "repeat", "customer",
          "contact", "opportunity", "invite", "uninvite")  # fmt: skip
OCCURRENCE = ("title", "place", "note", "at", "until")


def _snapshot(row: sc.ScheduleEvent) -> dict[str, Any]:
    names = ("title", "place", "note", "start_at", "end_at", "all_day", "rrule",
             "remind_minutes", "customer_id", "contact_id", "opportunity_id")  # fmt: skip
    return {name.removesuffix("_id"): getattr(row, name) for name in names}


def _timing(row: sc.ScheduleEvent, values: Mapping[str, Any], now: dt.datetime) -> None:
    """Set start, end, all-day and rule from ``values`` over what ``row`` has."""
    tz = ZoneInfo(row.tz)
    before = None
    if row.start_at is not None:
        before = fields.Timing(to_local(row.start_at, tz), to_local(row.end_at, tz), row.all_day)
    t = fields.timing(values.get("at"), values.get("until"), values.get("all_day"), before, now)
    rule_text = row.rrule
    if values.get("repeat") is not None:
        rule_text = recurrence.build(values["repeat"], now.date())
    start, end = t.start, t.end
    if rule_text:
        rule_text, rule = recurrence.parse(rule_text, t.start, tz)
        start = recurrence.first(rule, t.start)  # RFC 5545: the first match starts the series
        end = start + (t.end - t.start)
    row.start_at, row.end_at, row.all_day, row.rrule = (
        to_utc(start, tz), to_utc(end, tz), t.all_day, rule_text)  # fmt: skip


def _apply(actor: User, row: sc.ScheduleEvent, values: Mapping[str, Any], now: dt.datetime) -> None:
    if "title" in values and values["title"] is not None:
        row.title = fields.text(values["title"], "title", fields.MAX_TITLE, required=True)
    if values.get("place") is not None:
        row.place = fields.text(values["place"], "place", fields.MAX_TITLE)
    if values.get("note") is not None:
        row.note = fields.text(values["note"], "note", fields.MAX_NOTE)
    if values.get("remind") is not None:
        row.remind_minutes = fields.remind(values["remind"])
    if any(values.get(k) is not None for k in ("at", "until", "all_day", "repeat")):
        _timing(row, values, now)
    for name, value in fields.links(actor, dict(values), row, now.date()).items():
        setattr(row, name, value)


def _invitees(refs: Iterable[str], owner_id: int) -> list[Any]:
    """Active users by login, the owner and repeats left out."""
    found: dict[int, Any] = {}
    for ref in refs:
        user = active_user_row(ref)  # NotFound for no such user
        if user.id != owner_id:
            found[user.id] = user
    return list(found.values())


def _invite(row: sc.ScheduleEvent, users: list[Any]) -> list[str]:
    added = []
    for user in users:
        if invite_of(row, user.id) is None:
            Inv.create(event=row.id, user=user.id, start_at=row.start_at,
                     span_start=row.span_start, span_end=row.span_end)  # fmt: skip
            added.append(user.login)
    return added


def _one(row: sc.ScheduleEvent) -> Event:
    return event_records([row])[0]


@writing
def add_event(
    actor: User, title: str, *, values: Mapping[str, Any], invite: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Event:  # fmt: skip
    """Plan an event for the actor. ``values``: ``at`` (required), ``until``, ``all_day``,
    ``repeat`` (a ``recurrence.Repeat``), ``remind`` (``30m``; default the team's
    ``calendar.remind``), ``place``, ``note``, ``customer``, ``contact``, ``opportunity``.

    Raises:
        InvalidInput: an end before its start, a malformed or never-matching rule, bad text,
            a deactivated invitee. NotFound: an invitee, customer, contact or opportunity
            (also one the actor may not see).
    """
    tz = team_zone()
    here = local_now(now, tz)
    stamp = to_utc(here, tz)
    row = E(owner=actor.id, tz=str(tz.key), remind_minutes=default_lead(), created_at=stamp,
            updated_at=stamp, rrule="")  # fmt: skip
    if not values.get("at"):
        raise InvalidInput("give the event's start with --at")
    _apply(actor, row, {"title": title, **values}, here)
    if not row.title:
        raise InvalidInput("the title must not be empty")
    users = _invitees(invite, actor.id)
    series.respan(row, [])
    row.code = next_code("event", "code.event_prefix")
    row.save(force_insert=True)
    invited = _invite(row, users)
    changes = {"code": row.code, **_snapshot(row), "invited": invited}
    oplog.write(actor, ENTITY, row.id, row.customer_id, "add", oplog.nonempty(changes), stamp)
    return _one(row)


@writing
def edit_event(
    actor: User, ref: str, changes: Mapping[str, Any], *, occurrence: str | None = None,
    now: dt.datetime | None = None,
) -> Event:  # fmt: skip
    """Change the series (``SERIES`` keys; ``invite``/``uninvite`` take logins), or with
    ``occurrence`` (its planned day) that one occurrence (``OCCURRENCE`` keys): kept as an
    exception that later edits of the series leave in place."""
    tz = team_zone()
    here = local_now(now, tz)
    row = writable(actor, ref, "change")
    allowed = OCCURRENCE if occurrence else SERIES
    given = {k: v for k, v in changes.items() if v not in (None, [], ())}
    if not given:
        raise InvalidInput(
            "nothing to change: give at least one of {allowed}", allowed=", ".join(allowed)
        )
    if extra := sorted(set(given) - set(allowed)):
        raise InvalidInput(
            "cannot change {extra} of one occurrence; edit the series", extra=extra[0]
        )
    if occurrence:
        return _edit_occurrence(actor, row, occurrence, given, here, tz)
    before = _snapshot(row)
    _apply(actor, row, given, here)
    exceptions = series.exceptions_of(row)
    series.respan(row, exceptions)
    added = _invite(row, _invitees(given.get("invite", ()), row.owner_id))
    removed = _uninvite(row, given.get("uninvite", ()))
    diff = {**oplog.diff(before, _snapshot(row))}
    diff.update({k: v for k, v in (("invited", added), ("uninvited", removed)) if v})
    if not diff:
        raise InvalidInput("nothing to change on event {code}", code=row.code)
    row.updated_at = to_utc(here, tz)
    row.save()
    oplog.write(actor, ENTITY, row.id, row.customer_id, "edit", diff, row.updated_at)
    return _one(row)


def _uninvite(row: sc.ScheduleEvent, refs: Iterable[str]) -> list[str]:
    removed = []
    for ref in refs:
        user = user_row(ref)
        if Inv.delete().where((Inv.event == row.id) & (Inv.user == user.id)).execute():
            removed.append(user.login)
    return removed


def _occurrence(row: sc.ScheduleEvent, text: str, today: dt.date) -> tuple[dt.date, dt.datetime]:
    """The planned day ``--occurrence`` names and that occurrence's planned local start."""
    if not row.rrule:
        raise InvalidInput("event {code} does not repeat: change or cancel it whole", code=row.code)
    day = parse_date(text, today)
    start = series.planned_on(row, day)
    if start is None:
        raise InvalidInput("event {code} has no occurrence on {day}", code=row.code, day=day)
    return day, start


def _edit_occurrence(
    actor: User, row: sc.ScheduleEvent, text: str, given: Mapping[str, Any],
    here: dt.datetime, tz: ZoneInfo,
) -> Event:  # fmt: skip
    day, planned = _occurrence(row, text, here.date())
    exc = X.get_or_none((X.event == row.id) & (X.occurrence == day))
    if exc is not None and exc.cancelled:
        raise InvalidInput("the occurrence of {code} on {day} is cancelled", code=row.code, day=day)
    exc = exc or X(event=row.id, occurrence=day)
    if given.get("at") or given.get("until"):
        length = row.end_at - row.start_at
        current = fields.Timing(
            to_local(exc.start_at, tz) if exc.start_at else planned,
            to_local(exc.end_at, tz) if exc.end_at else planned + length,
            row.all_day,
        )
        t = fields.timing(given.get("at"), given.get("until"), None, current, here)
        exc.start_at, exc.end_at = to_utc(t.start, tz), to_utc(t.end, tz)
    for name, limit in (("title", fields.MAX_TITLE), ("place", fields.MAX_TITLE),
                        ("note", fields.MAX_NOTE)):  # fmt: skip
        if given.get(name) is not None:
            setattr(exc, name, fields.text(given[name], name, limit, required=name == "title"))
    return _save_exception(actor, row, exc, "edit occurrence", here, tz)


def _save_exception(
    actor: User, row: sc.ScheduleEvent, exc: sc.ScheduleException, action: str,
    here: dt.datetime, tz: ZoneInfo,
) -> Event:  # fmt: skip
    row.updated_at = exc.updated_at = to_utc(here, tz)
    exc.save()
    series.respan(row, series.exceptions_of(row))
    row.save()
    changes = {"occurrence": exc.occurrence, "cancelled": exc.cancelled, "start": exc.start_at,
               "title": exc.title, "place": exc.place}  # fmt: skip
    oplog.write(actor, ENTITY, row.id, row.customer_id, action, oplog.nonempty(changes),
                row.updated_at)  # fmt: skip
    return _one(row)


@writing
def cancel_event(
    actor: User, ref: str, *, occurrence: str | None = None, now: dt.datetime | None = None
) -> Event:
    """Cancel the whole event (every occurrence), or with ``occurrence`` one of a series."""
    tz = team_zone()
    here = local_now(now, tz)
    row = writable(actor, ref, "cancel")
    if occurrence:
        day, _ = _occurrence(row, occurrence, here.date())
        exc = X.get_or_none((X.event == row.id) & (X.occurrence == day))
        if exc is not None and exc.cancelled:
            raise InvalidInput(
                "the occurrence of {code} on {day} is already cancelled", code=row.code, day=day
            )
        exc = exc or X(event=row.id, occurrence=day)
        exc.cancelled = True
        return _save_exception(actor, row, exc, "cancel occurrence", here, tz)
    row.cancelled_at = row.updated_at = to_utc(here, tz)
    row.save()
    oplog.write(actor, ENTITY, row.id, row.customer_id, "cancel", {"code": row.code},
                row.updated_at)  # fmt: skip
    return _one(row)


def _answer(actor: User, ref: str, status: str, now: dt.datetime | None) -> Event:
    tz = team_zone()
    stamp = to_utc(local_now(now, tz), tz)
    row = find(actor, ref)
    invite = invite_of(row, actor.id)
    if invite is None:
        raise PermissionDenied(
            "you are not invited to event {code}; only invitees answer", code=row.code
        )
    if row.cancelled_at is not None:
        raise InvalidInput("event {code} is cancelled", code=row.code)
    if invite.status == status:
        raise InvalidInput("you have already {status} event {code}", status=status, code=row.code)
    before = invite.status
    invite.status, invite.responded_at = status, stamp
    invite.save()
    action = "accept" if status == "accepted" else "decline"
    changes = {"invitee": actor.login, "status": [before, status]}
    oplog.write(actor, ENTITY, row.id, row.customer_id, action, changes, stamp)
    return _one(row)


@writing
def accept_event(actor: User, ref: str, *, now: dt.datetime | None = None) -> Event:
    """Accept an invitation addressed to the actor (the whole series)."""
    return _answer(actor, ref, "accepted", now)


@writing
def decline_event(actor: User, ref: str, *, now: dt.datetime | None = None) -> Event:
    """Decline an invitation addressed to the actor: it leaves their agenda."""
    return _answer(actor, ref, "declined", now)
