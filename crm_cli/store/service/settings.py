"""The service domain's team settings: the ticket types a team uses and the code prefix."""

from __future__ import annotations

import re

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import code_prefix, register, value_of

TYPES = "service.types"
DEFAULT_TYPES = "repair,consultation,complaint,care_visit,installation"


def _types(value: str) -> str:
    """Comma-separated words, at least one, each at most 32 characters."""
    words = [w.strip().lower().replace(" ", "_") for w in value.split(",") if w.strip()]
    if not words:
        raise InvalidInput("list at least one ticket type, e.g. repair,complaint")
    bad = [w for w in words if len(w) > 32 or not re.fullmatch(r"[\w-]+", w)]
    if bad:
        raise InvalidInput(
            "invalid ticket type {bad!r}: one word of at most 32 characters", bad=bad[0]
        )
    return ",".join(dict.fromkeys(words))


register(TYPES, DEFAULT_TYPES, "the types of service tickets, comma-separated", _types)
register("code.ticket_prefix", "SV", "prefix of service ticket codes", code_prefix)


def ticket_types() -> list[str]:
    """The team's ticket types (inside a service call)."""
    return value_of(TYPES).split(",")
