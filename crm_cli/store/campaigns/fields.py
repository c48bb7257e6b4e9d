"""Turning what users type into a campaign's values: type and stage (team settings), the
dates (an end before the start is refused), money that is never negative, whole counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crm_cli.store.campaigns import models as km
from crm_cli.store.campaigns.settings import campaign_stages, campaign_types
from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.users import active_user_row
from crm_cli.store.core.values import parse_money

EDITABLE = ("name", "type", "stage", "starts_on", "ends_on", "budget", "expected_revenue",
            "expected_responses", "responses", "owner", "note")  # fmt: skip
MAX_NOTE = 2000
MAX_COUNT = 1_000_000_000  # within a 32-bit integer column on every database


def name(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise InvalidInput("a campaign needs a name")
    if len(text) > 200:
        raise InvalidInput("the campaign name is too long: at most 200 characters")
    return text


def money(value: str | Decimal, what: str) -> Decimal:
    amount = parse_money(str(value), what)
    if amount < 0:
        raise InvalidInput(
            "invalid {what} {value!s}: it must not be negative", what=what, value=value
        )
    return amount


def count(value: str | int, what: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "invalid {what} {value!r}: expected a whole number", what=what, value=value
        ) from None
    if not 0 <= number <= MAX_COUNT:
        raise InvalidInput(
            "invalid {what} {number}: expected 0 to {max_count:,}",
            what=what,
            number=number,
            max_count=MAX_COUNT,
        )
    return number


def day(value: str | dt.date | None, today: dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, today) if isinstance(value, str) else value


def note(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_NOTE:
        raise InvalidInput("the note is too long: at most {max_note} characters", max_note=MAX_NOTE)
    return value


def _set(row: km.Campaign, key: str, value: Any, today: dt.date) -> None:
    if key == "name":
        row.name = name(value)
    elif key in ("type", "stage"):
        known = campaign_types() if key == "type" else campaign_stages()
        setattr(row, key, choose(value, known, f"campaign {key}"))
    elif key == "starts_on":
        # Every campaign has a start: its revenue counts from then, lists sort by it.
        row.starts_on = day(value, today)
        if row.starts_on is None:
            raise InvalidInput("a campaign needs a start date")
    elif key == "ends_on":
        row.ends_on = day(value, today)
    elif key in ("budget", "expected_revenue"):
        setattr(row, key, money(value, key.replace("_", " ")))
    elif key in ("expected_responses", "responses"):
        setattr(row, key, count(value, key.replace("_", " ")))
    elif key == "owner":
        row.owner_id = active_user_row(value).id if value and value.strip() else None
    else:
        row.note = note(value)


def apply(row: km.Campaign, values: Mapping[str, Any], today: dt.date) -> None:
    """Set the given ``EDITABLE`` fields; the dates must still be in order afterwards."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            "unknown campaign field {unknown!r}; fields: {editable}",
            unknown=unknown[0],
            editable=", ".join(EDITABLE),
        )
    for key, value in values.items():
        _set(row, key, value, today)
    if row.starts_on and row.ends_on and row.ends_on < row.starts_on:
        raise InvalidInput(
            "the campaign ends ({ends_on}) before it starts ({starts_on})",
            ends_on=row.ends_on,
            starts_on=row.starts_on,
        )
