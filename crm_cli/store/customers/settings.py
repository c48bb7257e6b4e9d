"""The customers domain's team settings: the prefixes of customer and contact codes, and
which status means "formal" (a customer who has bought: statuses are renamed freely)."""

from __future__ import annotations

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import code_prefix, register

FORMAL = "status.formal"


def _status_name(value: str) -> str:
    value = value.strip()
    if len(value) > 64:
        raise InvalidInput("a status name has at most 64 characters")
    return value


register("code.customer_prefix", "C", "prefix of customer codes", code_prefix)
register("code.contact_prefix", "CT", "prefix of contact codes", code_prefix)
register(
    FORMAL, "formal",
    "the status a customer takes when its first order is approved (empty: keep its status)",
    _status_name,
)  # fmt: skip
