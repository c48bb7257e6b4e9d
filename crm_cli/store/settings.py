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


def _yes_no(value: str) -> str:
    word = value.strip().lower()
    if word in ("yes", "true", "on", "1"):
        return "yes"
    if word in ("no", "false", "off", "0"):
        return "no"
    raise InvalidInput(f"invalid value {value!r}: use yes or no")


def _goal(value: str) -> str:
    word = value.strip().lower()
    if word not in ("order", "receipt", "either"):
        raise InvalidInput(f"invalid goal {value!r}: use order, receipt or either")
    return word


def level_days(value: str) -> str:
    """Days per customer level, e.g. "30" or "A:60,B:45,*:30"; empty turns the rule off."""
    value = value.replace(" ", "")
    for part in filter(None, value.split(",")):
        level, _, days = part.rpartition(":")
        if (":" in part and not level) or not days.isdigit() or int(days) < 1:
            raise InvalidInput(
                f"invalid day rule {part!r}: use whole days, e.g. 30 or A:60,B:45,*:30"
            )
    return value


register("pool.enabled", "no", "whether the public pool (公海) is in use", _yes_no)
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


def _line(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > 200:
        raise InvalidInput("at most 200 characters")
    return value


register("company.name", "", "our company's name, printed on quotes and dunning letters", _line)
register("company.address", "", "our address, printed on quotes and dunning letters", _line)
register("company.phone", "", "our phone, printed on quotes and dunning letters", _line)

LETTERHEAD = (
    ("company.name", "发件方 From"), ("company.address", "地址 Address"),
    ("company.phone", "电话 Phone"),
)  # fmt: skip


HOME_PARTS = ("digest", "pipeline", "owed", "pool")


def _home_parts(value: str) -> str:
    parts = [p.strip() for p in value.split(",") if p.strip()]
    unknown = [p for p in parts if p not in HOME_PARTS]
    if unknown:
        raise InvalidInput(
            f"unknown home part {', '.join(unknown)}; choose from {', '.join(HOME_PARTS)}"
        )
    return ",".join(dict.fromkeys(parts))


for _role in ("admin", "manager", "sales"):
    register(
        f"home.{_role}", ",".join(HOME_PARTS),
        f"what the TUI home shows a{'n' if _role == 'admin' else ''} {_role}: "
        + ", ".join(HOME_PARTS), _home_parts,
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


def store_value(key: str, value: str) -> str:
    """Validate and store a team setting (inside a service call that checked rights)."""
    checked = spec(key).validate(value)
    m.Setting.insert(key=key, value=checked).on_conflict(
        conflict_target=conflict_target(m.Setting.key), update={m.Setting.value: checked}
    ).execute()
    return checked


@writing
def set_setting(actor: User, key: str, value: str) -> str:
    """Change a team setting (admins only)."""
    checked = spec(key).validate(value)
    if not actor.is_admin:
        raise PermissionDenied("only an admin may change team settings")
    if key.startswith("pool."):
        # The pool has side effects (disabling returns every pool customer): one path.
        from crm_cli.store.pool import update_pool_settings

        update_pool_settings(actor, {key.removeprefix("pool."): checked})
        return checked
    return store_value(key, checked)


@reading
def letterhead(actor: User) -> list[tuple[str, str]]:
    """Who sends our printed documents: (label, value) lines of the company settings."""
    return [(label, value) for key, label in LETTERHEAD if (value := value_of(key))]
