"""Typed values from user text that every domain parses the same way: yes/no, money, ids.

Bounds keep every value inside what all three databases store: no input reaches a driver
as a number it cannot bind (SQLite) or an integer out of range (PostgreSQL, MySQL).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from crm_cli.store.core.errors import InvalidInput

# Ids are 32-bit integers on PostgreSQL and MySQL.
MAX_ID = 2_147_483_647
# A trillion less a cent: amounts, and the sums of very many, stay exact in BIGINT cents.
MAX_MONEY = Decimal("999999999999.99")
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
    """An amount with at most two decimals, within ±``MAX_MONEY``; ``1e5`` is 100000.

    Raises:
        InvalidInput: not a finite number, more decimals, or out of range (named).
    """
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():  # also inf and nan
        raise InvalidInput(f"invalid {what} {text!r}: expected a number like 1234.50")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput(f"invalid {what} {text!r}: at most two decimals")
    if abs(value) > MAX_MONEY:
        raise InvalidInput(f"invalid {what} {text!r}: expected -{MAX_MONEY:,} to {MAX_MONEY:,}")
    # A positive exponent (1E+5) is written out, so logs and records show 100000.
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def as_id(text: str, what: str) -> int | None:
    """The numeric id ``text`` is, or None when it is no number (a code or a name).

    Raises:
        InvalidInput: a number no record can have (ids go up to ``MAX_ID``).
    """
    if not text.isdecimal():  # not isdigit: "²" is a digit that int() refuses
        return None
    number = int(text)
    if number > MAX_ID:
        raise InvalidInput(f"invalid {what} reference {text!r}: ids go from 1 to {MAX_ID}")
    return number
