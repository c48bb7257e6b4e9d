"""Team settings stored in the database (code prefixes and the like).

Personal settings (acting user, output format) live in the user's config file,
which the faces read; these are shared by everyone on the same database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from crm_cli.store import models as m
from crm_cli.store.db import conflict_target, reading, writing
from crm_cli.store.errors import InvalidInput, PermissionDenied
from crm_cli.store.records import User


class SettingSpec(NamedTuple):
    key: str
    default: str
    help: str
    validate: Callable[[str], str]


def _prefix(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[A-Za-z]{1,6}", value):
        raise InvalidInput(f"invalid code prefix {value!r}: use 1 to 6 letters")
    return value.upper()


def int_between(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            number = int(value.strip())
        except ValueError:
            raise InvalidInput(f"{value!r} is not a whole number") from None
        if not low <= number <= high:
            raise InvalidInput(f"{number} is out of range {low}..{high}")
        return str(number)

    return check


SPECS: dict[str, SettingSpec] = {}


def register(key: str, default: str, help: str, validate: Callable[[str], str]) -> None:
    """Declare a team setting; later modules add theirs the same way."""
    SPECS[key] = SettingSpec(key, default, help, validate)


register("code.customer_prefix", "C", "prefix of customer codes", _prefix)
register("code.contact_prefix", "CT", "prefix of contact codes", _prefix)
register("code.width", "6", "digits in generated codes", int_between(3, 12))
register("code.opportunity_prefix", "OP", "prefix of opportunity codes", _prefix)
register("code.quote_prefix", "Q", "prefix of quote codes", _prefix)
register("code.order_prefix", "SO", "prefix of sales order codes", _prefix)
register("code.payment_prefix", "R", "prefix of receipt (payment) codes", _prefix)
register(
    "opportunity.min_probability", "30",
    "opportunities below this probability (%) need --force", int_between(0, 100),
)  # fmt: skip


def _ratios(value: str) -> str:
    """A default payment plan as percentages, e.g. "30,70"; empty for no plan."""
    value = value.replace(" ", "")
    if not value:
        return ""
    try:
        parts = [Decimal(p) for p in value.split(",")]
    except ArithmeticError:
        raise InvalidInput(f"invalid plan {value!r}: use percentages like 30,70") from None
    if any(p <= 0 for p in parts) or sum(parts) != 100:
        raise InvalidInput(f"invalid plan {value!r}: positive percentages summing to 100")
    return ",".join(str(p) for p in parts)


register(
    "order.default_plan", "",
    "installment percentages new orders get, one month apart from the due date (e.g. 30,70)",
    _ratios,
)  # fmt: skip


def spec(key: str) -> SettingSpec:
    if key not in SPECS:
        raise InvalidInput(f"unknown setting {key!r}; known: {', '.join(sorted(SPECS))}")
    return SPECS[key]


def value_of(key: str) -> str:
    """The stored value, or the default (inside a service call)."""
    row = m.Setting.get_or_none(m.Setting.key == key)
    return row.value if row is not None else spec(key).default


@reading
def get_setting(actor: User, key: str) -> str:
    return value_of(key)


@reading
def list_settings(actor: User) -> dict[str, str]:
    stored = {s.key: s.value for s in m.Setting.select()}
    return {key: stored.get(key, s.default) for key, s in sorted(SPECS.items())}


@writing
def set_setting(actor: User, key: str, value: str) -> str:
    """Change a team setting (admins only)."""
    checked = spec(key).validate(value)
    if not actor.is_admin:
        raise PermissionDenied("only an admin may change team settings")
    m.Setting.insert(key=key, value=checked).on_conflict(
        conflict_target=conflict_target(m.Setting.key), update={m.Setting.value: checked}
    ).execute()
    return checked
