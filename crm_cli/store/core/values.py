"""Typed values from user text that every domain parses the same way: yes/no and money."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from crm_cli.store.core.errors import InvalidInput

TRUE_WORDS = {"1", "true", "yes", "y", "on", "是"}
FALSE_WORDS = {"0", "false", "no", "n", "off", "否", ""}


def parse_bool(text: str, what: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidInput(f"invalid {what} {text!r}: expected yes or no")


def parse_money(text: str, what: str = "amount") -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(f"invalid {what} {text!r}: expected a number like 1234.50") from None
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput(f"invalid {what} {text!r}: at most two decimals")
    return value
