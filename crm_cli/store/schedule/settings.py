"""The calendar's team settings: the time zone everyone plans in, the default reminder
lead time (the seed's half an hour ahead) and the event code prefix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import code_prefix, register, value_of

if TYPE_CHECKING:  # zoneinfo when a zone is used: every command loads these settings
    from zoneinfo import ZoneInfo

TIMEZONE = "calendar.timezone"
REMIND = "calendar.remind"
MAX_LEAD = 60 * 24 * 30  # a month ahead at most
_LEAD = re.compile(r"(\d{1,6})\s*(m|min|mins|minutes?|h|hours?|d|days?)?")
_MINUTES = {"m": 1, "h": 60, "d": 60 * 24}


def zone(value: str) -> str:
    """An IANA time zone name, e.g. Asia/Shanghai."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = value.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "unknown time zone {name!r}: use an IANA name like Asia/Shanghai", name=name
        ) from None
    return name


def lead_minutes(value: str) -> int:
    """A reminder lead time: ``30m`` (or ``30min``), ``1h``, ``2d``, ``0``; a bare number
    is minutes. Here ``m`` is minutes: nobody is reminded of a meeting months ahead."""
    match = _LEAD.fullmatch(value.strip().lower())
    if not match:
        raise InvalidInput("invalid reminder {value!r}: use 30m, 1h, 2d or 0", value=value.strip())
    minutes = int(match[1]) * _MINUTES[(match[2] or "m")[0]]
    if minutes > MAX_LEAD:
        raise InvalidInput("invalid reminder {value!r}: at most 30 days ahead", value=value.strip())
    return minutes


def _lead(value: str) -> str:
    return f"{lead_minutes(value)}m"


register(TIMEZONE, "Asia/Shanghai", "the time zone the team's calendar is planned in", zone)
register(REMIND, "30m", "default reminder lead time of a new event (30m, 1h, 0 …)", _lead)
register("code.event_prefix", "EV", "prefix of calendar event codes", code_prefix)


def team_zone() -> ZoneInfo:
    """The team's time zone (inside a service call)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(value_of(TIMEZONE))


def default_lead() -> int:
    return lead_minutes(value_of(REMIND))
