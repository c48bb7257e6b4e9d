"""Amounts typed the Chinese way (issue 17, point 2): units 万 and 亿, the yuan sign,
full-width digits; and what cannot be one amount, refused in one line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.values import parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2万", "12000"),
        ("3千", "3000"),
        ("5百", "500"),
        ("1.5亿", "150000000"),
        ("2萬", "20000"),
        ("1.2345万", "12345"),
        ("0.01万", "100"),
        ("1.23456万", "12345.6"),
        ("1,200万", "12000000"),
        ("-1.2万", "-12000"),
        ("1.2 万", "12000"),
        ("1.2万元", "12000"),
        ("￥1,200.50", "1200.50"),
        ("¥1200", "1200"),
        ("-￥5", "-5"),
        ("1200元", "1200"),
        ("１２００", "1200"),
        ("１．５万", "15000"),
        ("1200.50", "1200.50"),
        ("1e5", "100000"),
    ],
)
def test_chinese_amounts_are_exact(text: str, expected: str) -> None:
    value = parse_money(text)
    assert value == Decimal(expected)
    assert str(value) == expected  # written out, never 1.2E+4


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1.2万万", "expected a number and one unit, like 1.2万"),
        ("万", "expected a number and one unit, like 1.2万"),
        ("万1", "expected a number and one unit, like 1.2万"),
        ("1万2千", "expected a number and one unit, like 1.2万"),
        ("￥", "expected a number like 1234.50"),
        ("--5", "expected a number like 1234.50"),
        ("1.2345678万", "at most two decimals"),
        ("1.5亿亿", "expected a number and one unit"),
        ("100000亿", "expected -999,999,999,999.99 to"),
    ],
)
def test_what_is_no_amount_is_refused_in_one_line(text: str, why: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_money(text, "amount")
    message = str(caught.value)
    assert message.startswith(f"invalid amount {text!r}: {why}")
    assert "\n" not in message
