"""Typed values from user text that every domain parses the same way: yes/no, money (with
the Chinese units 万 and 亿), ids.

Bounds keep every value inside what all three databases store: no input reaches a driver
as a number it cannot bind (SQLite) or an integer out of range (PostgreSQL, MySQL).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from crm_cli.store.core.errors import InvalidInput

# Ids are 32-bit integers on PostgreSQL and MySQL.
MAX_ID = 2_147_483_647
# A trillion less a cent: amounts, and the sums of very many, stay exact in BIGINT cents.
MAX_MONEY = Decimal("999999999999.99")
# Chinese units of amounts, as powers of ten: 1.2万 is 12000.
CHINESE_UNITS = {"百": 2, "千": 3, "万": 4, "萬": 4, "亿": 8, "億": 8}
TRUE_WORDS = {"1", "true", "yes", "y", "on", "是"}
FALSE_WORDS = {"0", "false", "no", "n", "off", "否", ""}


def parse_bool(text: str, what: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidInput("invalid {what} {text!r}: expected yes or no", what=what, text=text)


def parse_money(text: str, what: str = "amount") -> Decimal:
    """An amount with at most two decimals, within ±``MAX_MONEY``; ``1e5`` is 100000.

    As Chinese users type it too: ``￥1,200.50``, ``1200元``, full-width digits, and one
    unit of ``CHINESE_UNITS`` at the end (``1.2万`` is 12000, ``1.5亿`` 150000000).

    Raises:
        InvalidInput: not a finite number, more decimals, or out of range (named).
    """
    try:
        value = _decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():  # also inf and nan
        if any(unit in text for unit in CHINESE_UNITS):
            raise InvalidInput(
                "invalid {what} {text!r}: expected a number and one unit, like 1.2万",
                what=what,
                text=text,
            )
        raise InvalidInput(
            "invalid {what} {text!r}: expected a number like 1234.50", what=what, text=text
        )
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput("invalid {what} {text!r}: at most two decimals", what=what, text=text)
    if abs(value) > MAX_MONEY:
        raise InvalidInput(
            "invalid {what} {text!r}: expected -{max_money:,} to {max_money:,}",
            what=what,
            text=text,
            max_money=MAX_MONEY,
        )
    # A positive exponent (1E+5) is written out, so logs and records show 100000.
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def _decimal(text: str) -> Decimal:
    """The number ``text`` writes, currency sign, separators and a Chinese unit aside.

    Raises:
        InvalidOperation: no number (also ``万`` alone, or two units as in ``1.2万万``).
    """
    word = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    sign, word = ("-", word[1:]) if word.startswith("-") else ("", word)
    word = word.removeprefix("¥").removesuffix("元").strip()
    power = CHINESE_UNITS.get(word[-1:], 0)
    if power:
        word = word[:-1].strip()
    if not word or (word[0] in "+-" and sign):  # "万", "--5"
        raise InvalidOperation(text)
    return Decimal(sign + word).scaleb(power)


def as_id(text: str, what: str) -> int | None:
    """The numeric id ``text`` is, or None when it is no number (a code or a name).

    Raises:
        InvalidInput: a number no record can have (ids go up to ``MAX_ID``).
    """
    if not text.isdecimal():  # not isdigit: "²" is a digit that int() refuses
        return None
    number = int(text)
    if number > MAX_ID:
        raise InvalidInput(
            "invalid {what} reference {text!r}: ids go from 1 to {max_id}",
            what=what,
            text=text,
            max_id=MAX_ID,
        )
    return number
