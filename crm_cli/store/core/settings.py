"""Team settings stored in the database (code prefixes and the like).

Personal settings (acting user, output format) live in the user's config file,
which the faces read; these are shared by everyone on the same database.

Each domain declares its own settings with ``register`` in its ``settings.py``; a domain
whose settings need more than storing (the pool: disabling it returns every pool
customer) claims their prefix with ``register_section``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from crm_cli.store.core import memo
from crm_cli.store.core import models as m
from crm_cli.store.core.db import conflict_target, reading, writing
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import User


class SettingSpec(NamedTuple):
    key: str
    default: str
    help: str
    validate: Callable[[str], str]


def code_prefix(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[A-Za-z]{1,6}", value):
        raise InvalidInput("invalid code prefix {value!r}: use 1 to 6 letters", value=value)
    return value.upper()


def int_between(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            number = int(value.strip())
        except ValueError:
            raise InvalidInput(
                "expected a whole number from {low} to {high}", low=low, high=high
            ) from None
        if not low <= number <= high:
            raise InvalidInput("expected {low} to {high}", low=low, high=high)
        return str(number)

    return check


def yes_no(value: str) -> str:
    word = value.strip().lower()
    if word in ("yes", "true", "on", "1"):
        return "yes"
    if word in ("no", "false", "off", "0"):
        return "no"
    raise InvalidInput("invalid value {value!r}: use yes or no", value=value)


SPECS: dict[str, SettingSpec] = {}
# prefix -> what setting one of its keys does (the prefix's owner stores it, too)
SECTIONS: dict[str, Callable[[User, str, str], object]] = {}


def register(key: str, default: str, help: str, validate: Callable[[str], str]) -> None:
    """Declare a team setting; each domain's settings.py adds its own."""
    SPECS[key] = SettingSpec(key, default, help, validate)


def register_section(prefix: str, apply: Callable[[User, str, str], object]) -> None:
    """Route ``set_setting`` of every key under ``prefix`` through ``apply(actor, key, value)``."""
    SECTIONS[prefix] = apply


register("code.width", "6", "digits in generated codes", int_between(3, 12))


def check(key: str, value: str) -> str:
    """``value`` as ``key`` stores it; a refusal names the setting and what it takes."""
    try:
        return spec(key).validate(value)
    except InvalidInput as exc:
        if str(exc).startswith(("invalid ", "unknown setting")):
            raise
        raise InvalidInput(
            "invalid {key} {value!r}: {exc}", key=key, value=value.strip(), exc=exc
        ) from None


def spec(key: str) -> SettingSpec:
    if key not in SPECS:
        raise InvalidInput(
            "unknown setting {key!r}; known: {specs}", key=key, specs=", ".join(sorted(SPECS))
        )
    return SPECS[key]


def value_of(key: str) -> str:
    """The stored value, or the default (inside a service call)."""
    return values_of([key])[key]


def values_of(keys: list[str]) -> dict[str, str]:
    """The stored values of ``keys``, or their defaults, in one query at most: inside a
    write, every setting is read once (a quote reads its prefix, the code width and two
    tax settings; each was a round trip to a server)."""
    cache = memo.current()
    if cache is None:
        rows: Any = m.Setting.select(m.Setting.key, m.Setting.value).where(m.Setting.key.in_(keys))
        stored = dict(rows.tuples())
    else:
        if "settings" not in cache:
            every: Any = m.Setting.select(m.Setting.key, m.Setting.value)
            cache["settings"] = dict(every.tuples())
        stored = cache["settings"]
    return {key: stored[key] if key in stored else spec(key).default for key in keys}


@reading
def get_setting(actor: User, key: str) -> str:
    return value_of(key)


@reading
def list_settings(actor: User) -> dict[str, str]:
    stored = {s.key: s.value for s in m.Setting.select()}
    return {key: stored.get(key, s.default) for key, s in sorted(SPECS.items())}


def store_value(key: str, value: str) -> str:
    """Validate and store a team setting (inside a service call that checked rights)."""
    checked = check(key, value)
    m.Setting.insert(key=key, value=checked).on_conflict(
        conflict_target=conflict_target(m.Setting.key), update={m.Setting.value: checked}
    ).execute()
    cache = memo.current()
    if cache is not None and "settings" in cache:
        cache["settings"][key] = checked
    return checked


@writing
def set_setting(actor: User, key: str, value: str) -> str:
    """Change a team setting (admins only)."""
    checked = check(key, value)
    if not actor.is_admin:
        raise PermissionDenied("only an admin may change team settings")
    for prefix, apply in SECTIONS.items():
        if key.startswith(prefix):
            apply(actor, key, checked)
            return checked
    return store_value(key, checked)
