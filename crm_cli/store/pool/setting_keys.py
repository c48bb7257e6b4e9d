"""The pool's team settings (`pool.*`): their keys, defaults and checks.

Apart from `settings.py`, which reads them, so that every command can declare them (through
`wiring.py`) without paying for the pool's records.
"""

from __future__ import annotations

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import int_between, register, yes_no

SETTING_KEYS = (
    "enabled", "protect_days", "goal", "limit", "daily_claims", "cooldown_days",
    "remind_days", "no_contact_days", "no_opportunity_days", "no_deal_days",
)  # fmt: skip


def _goal(value: str) -> str:
    word = value.strip().lower()
    if word not in ("order", "receipt", "either"):
        raise InvalidInput("invalid goal {value!r}: use order, receipt or either", value=value)
    return word


def level_days(value: str) -> str:
    """Days per customer level, e.g. "30" or "A:60,B:45,*:30"; empty turns the rule off."""
    value = value.replace(" ", "")
    for part in filter(None, value.split(",")):
        level, _, days = part.rpartition(":")
        if (":" in part and not level) or not days.isdecimal() or not 1 <= int(days) <= 36500:
            raise InvalidInput(
                "invalid day rule {part!r}: use whole days from 1 to 36500, "
                "e.g. 30 or A:60,B:45,*:30",
                part=part,
            )
    return value


register("pool.enabled", "no", "whether the public pool (公海) is in use", yes_no)
register(
    "pool.protect_days", "30", "days a claimed pool customer is protected", int_between(1, 3650)
)
register("pool.goal", "either", "what ends protection: order, receipt or either", _goal)
register("pool.limit", "50", "most pool customers one user may hold", int_between(1, 1_000_000))
register("pool.daily_claims", "0", "claims per user per day (0: no limit)", int_between(0, 100_000))
register(
    "pool.cooldown_days",
    "0",
    "days before the previous holder may claim it again",
    int_between(0, 3650),
)
register(
    "pool.remind_days",
    "3",
    "days before return that `crm today` warns the holder",
    int_between(0, 365),
)
register("pool.no_contact_days", "", "return after N days without a contact record", level_days)
register(
    "pool.no_opportunity_days", "", "return after N days without a new opportunity", level_days
)
register("pool.no_deal_days", "", "return after N days without an order", level_days)
