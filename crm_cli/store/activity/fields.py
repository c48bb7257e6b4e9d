"""The fields of a contact record (ACT-1): turning user text into stored values and
checking a record as a whole, the same way on `contact log` and on edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from crm_cli.store.activity import models as am
from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import parse_date, parse_datetime
from crm_cli.store.core.errors import Ambiguous, InvalidInput, NotFound
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import models as cm

METHODS = ("phone", "visit", "email", "im", "meeting", "other")
RESULTS = ("continue", "deal", "failed")
NEXT_STATUSES = ("remind", "done", "cancelled")
MAX_MINUTES = 60 * 24 * 31  # a month of someone's time: anything more is a typo

# Input key -> model column; the record (and JSON) uses the input keys.
COLUMNS = {
    "method": "method", "purpose": "purpose", "cause": "reason", "place": "place",
    "started_at": "started_at", "ended_at": "ended_at", "minutes": "minutes",
    "summary": "summary", "project": "project", "order_ref": "order_ref", "result": "result",
    "failure_reason": "failure_reason", "next_date": "next_date", "next_status": "next_status",
    "next_note": "next_note",
}  # fmt: skip
EDITABLE = (*COLUMNS, "contact")
_LIMITS = {
    "purpose": 64, "cause": 200, "place": 200, "project": 200, "order_ref": 64,
    "failure_reason": 300, "next_note": 300,
}  # fmt: skip


class Activity(NamedTuple):
    """A contact record as callers see it."""

    id: int
    customer: str
    customer_name: str
    contact: str | None
    contact_name: str | None
    user: str | None
    method: str
    purpose: str
    cause: str
    place: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    minutes: int | None
    summary: str
    project: str
    order_ref: str
    result: str
    failure_reason: str
    next_date: dt.date | None
    next_status: str
    next_note: str
    new_status: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def _minutes(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "invalid minutes {value!r}: expected a whole number", value=value
        ) from None
    if not 0 <= number <= MAX_MINUTES:
        raise InvalidInput(
            "invalid minutes {number}: expected 0 to {max_minutes}",
            number=number,
            max_minutes=MAX_MINUTES,
        )
    return number


# How far ahead of this machine's clock another's may be when it says "now".
CLOCK_SKEW = dt.timedelta(minutes=5)


def coerce(key: str, value: Any, now: dt.datetime) -> Any:
    """The stored value of input ``key`` from the user's ``value``."""
    if key in ("started_at", "ended_at"):
        if isinstance(value, dt.datetime):
            return value
        if key == "ended_at" and not str(value).strip():
            return None
        return parse_datetime(str(value), now)
    if key == "next_date":
        if isinstance(value, dt.date) or value is None:
            return value
        return parse_date(value, now.date()) if value.strip() else None
    if key == "minutes":
        return _minutes(value)
    text = str(value).strip()
    if key == "method":
        return choose(text, METHODS, "method", kind="contact method", verb="invalid")
    if key == "result":
        return choose(text, RESULTS, "result", kind="contact result", verb="invalid")
    if key == "next_status":
        return choose(text, NEXT_STATUSES, "next step status", verb="invalid") if text else ""
    if key == "summary" and not text:
        raise InvalidInput("the summary (what happened) must not be empty")
    if key in _LIMITS and len(text) > _LIMITS[key]:
        raise InvalidInput(
            "{key} is too long: at most {limits} characters", key=key, limits=_LIMITS[key]
        )
    return text


def apply(row: am.Activity, values: Mapping[str, Any], now: dt.datetime) -> None:
    """Set input values on ``row`` (no save, no whole-record check)."""
    for key, value in values.items():
        if key not in COLUMNS:
            raise InvalidInput(
                "unknown contact record field {key!r}; fields: {editable}",
                key=key,
                editable=", ".join(EDITABLE),
            )
        setattr(row, COLUMNS[key], coerce(key, value, now))


def settle(row: am.Activity, given: Mapping[str, Any], now: dt.datetime) -> None:
    """Check the rules between fields and fill the defaults that follow from them.

    ``given`` says which fields the user set just now. A record tells what happened, so
    its times are not in the future (clock skew aside); a planned contact is ``--next``.
    """
    for label, at in (("time", row.started_at), ("end time", row.ended_at)):
        if at is not None and at > now + CLOCK_SKEW:
            raise InvalidInput(
                "the contact record's {label} {at:%Y-%m-%d %H:%M} is in the future: log "
                "what happened, and plan the next contact with --next",
                label=label,
                at=at,
            )
    if row.result == "failed" and not row.failure_reason:
        raise InvalidInput("a failed contact needs a failure reason: give --reason")
    if row.failure_reason and row.result != "failed":
        raise InvalidInput("a failure reason goes only with --result failed")
    if row.ended_at is not None and row.ended_at < row.started_at:
        raise InvalidInput(
            "the end time {ended_at:%Y-%m-%d %H:%M} is before the start "
            "{started_at:%Y-%m-%d %H:%M}",
            ended_at=row.ended_at,
            started_at=row.started_at,
        )
    if row.next_date is not None and row.next_date < row.started_at.date():
        raise InvalidInput(
            "the next contact date {next_date} is before this contact ({value})",
            next_date=row.next_date,
            value=row.started_at.date(),
        )
    if row.next_date is None and "next_status" in given and row.next_status:
        raise InvalidInput("a next step status needs a next contact date: give --next")
    if row.next_date is not None and not row.next_status:
        row.next_status = "remind"  # the seed's default: a planned contact is reminded
    if row.next_date is None and row.next_status == "remind":
        row.next_status = ""
    if row.minutes is None and row.ended_at is not None:
        row.minutes = int((row.ended_at - row.started_at).total_seconds() // 60)


def find_contact(customer: cm.Customer, ref: str) -> cm.Contact:
    """The customer's own live contact named by code, id or exact name."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty contact reference")
    cond = (cm.Contact.code == text.upper()) | (cm.Contact.name == text)
    if (number := as_id(text, "contact")) is not None:
        cond |= cm.Contact.id == number
    rows = list(
        cm.Contact.select()
        .where((cm.Contact.customer == customer.id) & cm.Contact.deleted_at.is_null() & cond)
        .limit(10)
    )
    exact = [r for r in rows if r.code == text.upper() or str(r.id) == text]
    if exact:
        return exact[0]
    if not rows:
        raise NotFound(
            "no contact {text!r} at customer {code} {name}",
            text=text,
            code=customer.code,
            name=customer.name,
        )
    if len(rows) > 1:
        names = [f"{r.code} {r.name}" for r in rows]
        raise Ambiguous(
            "{text!r} matches several contacts: {names}", names, text=text, names="; ".join(names)
        )
    return rows[0]
