"""Turning what users type into an event's values: texts, times (local, in the team's
zone), the reminder lead time, and the customer, contact or opportunity it is about
(linking takes seeing that record)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.opportunity_fields import contact_id
from crm_cli.store.schedule.settings import lead_minutes
from crm_cli.store.schedule.times import parse_day, parse_local

MAX_TITLE = 200
MAX_NOTE = 2000
DEFAULT_LENGTH = dt.timedelta(hours=1)


class Timing(NamedTuple):
    """An occurrence's local start and end (naive) and whether it takes whole days."""

    start: dt.datetime
    end: dt.datetime
    all_day: bool


def text(value: str | None, what: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput("the {what} must not be empty", what=what)
    if len(value) > limit:
        raise InvalidInput(
            "the {what} is too long: at most {limit} characters", what=what, limit=limit
        )
    return value


def remind(value: str | int) -> int:
    return value if isinstance(value, int) else lead_minutes(value)


def timing(
    at: str | None, until: str | None, all_day: bool | None, before: Timing | None,
    now: dt.datetime,
) -> Timing:  # fmt: skip
    """Start and end from ``--at``/``--until``/``--all-day`` over ``before`` (an edit keeps
    what is not given, and the length when only the start moves). ``until`` of a timed
    event is a moment (a bare time is on the start's day); of an all-day one, its last day.

    Raises:
        InvalidInput: an end before the start, or times in no accepted form.
    """
    whole = before.all_day if all_day is None and before else bool(all_day)
    if whole:
        first = parse_day(at, now.date()) if at else (before.start.date() if before else None)
        if first is None:
            raise InvalidInput("give the event's day with --at")
        last = parse_day(until, now.date()) if until else None
        if last is None:
            days = (before.end - before.start).days if before and before.all_day else 1
            last = first + dt.timedelta(days=max(days, 1) - 1)
        start = dt.datetime.combine(first, dt.time())
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    else:
        start = parse_local(at, now) if at else (before.start if before else None)  # type: ignore[assignment]
        if start is None:
            raise InvalidInput("give the event's start with --at")
        length = before.end - before.start if before and not before.all_day else DEFAULT_LENGTH
        # A bare time or an offset (16:00, +90min) is read from the start, not from now.
        end = parse_local(until, start) if until else start + length
    if end <= start:
        shown = f"{end - dt.timedelta(days=1):%Y-%m-%d}" if whole else f"{end:%Y-%m-%d %H:%M}"
        raise InvalidInput(
            "the end ({shown}) is not after the start ({start:%Y-%m-%d %H:%M})",
            shown=shown,
            start=start,
        )
    return Timing(start, end, whole)


def opportunity(actor: User, ref: str, today: dt.date) -> tuple[sm.Opportunity, cm.Customer]:
    """An opportunity by code or id, if the actor may see its customer."""
    text = ref.strip()
    Opp = sm.Opportunity
    cond = Opp.code == text.upper()
    if (number := as_id(text, "opportunity")) is not None:
        cond |= Opp.id == number
    query = (
        Opp.select(Opp, cm.Customer)
        .join(cm.Customer, on=(Opp.customer == cm.Customer.id))
        .where(cond & Opp.deleted_at.is_null() & cm.Customer.deleted_at.is_null())
    )
    row = access.restrict(query, actor, today).first()
    if row is None:
        raise NotFound("no opportunity {text!r}", text=text)
    return row, row.customer


def links(actor: User, values: dict[str, Any], row: Any, today: dt.date) -> dict[str, int | None]:
    """Ids of the customer, contact and opportunity named in ``values`` ('' unlinks); each
    must be one the actor may see. A contact belongs to the event's customer."""
    found: dict[str, int | None] = {}
    customer = None
    if values.get("customer") is not None:
        ref = values["customer"].strip()
        if ref:
            customer = find_row(actor, ref, today)
            require_live(customer)
        found["customer_id"] = customer.id if customer else None
    if values.get("opportunity"):
        opp, opp_customer = opportunity(actor, values["opportunity"], today)
        found["opportunity_id"] = opp.id
        if customer is None and row.customer_id is None:
            customer, found["customer_id"] = opp_customer, opp_customer.id
    elif values.get("opportunity") == "":
        found["opportunity_id"] = None
    if values.get("contact"):
        cid = found.get("customer_id", row.customer_id)
        if customer is None and cid is None:
            raise InvalidInput("a contact is linked with its customer: give --customer too")
        if customer is None:
            customer = find_row(actor, str(cid), today)
        found["contact_id"] = contact_id(customer, values["contact"])
    elif values.get("contact") == "":
        found["contact_id"] = None
    return found
