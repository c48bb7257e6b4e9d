"""VAT (增值税, PRD-2) on quote and order lines: the rate a line gets and the tax in it.

A line keeps its own rate and tax, written when the line is made (from ``--tax-rate``,
else the product's rate, else the team's ``tax.rate``), so a later change of a rate or of
``tax.prices_include`` never alters a document already written. A line's ``amount`` stays
what the customer pays, tax included (价税合计): receivables, payments and reports read it
unchanged; the amount excluding tax is ``amount - tax``.

Rounding is per line, half up to the fen, then the lines are summed: a line's tax is the
figure printed on its row (and on the 发票 issued for it), so the document's totals are
exactly the sums of its printed rows; rounding the sum instead could differ from them by
fen, and an order made from a quote could not copy its lines and keep its totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from crm_cli.store.core.errors import InvalidInput, Phrase

TAX_RATE = "tax.rate"  # registered, with their checks, in sales.settings
PRICES_INCLUDE = "tax.prices_include"
ZERO = Decimal("0.00")


class TaxTotals(NamedTuple):
    """A document's totals: excluding tax (不含税金额), the tax (税额), including it (价税合计)."""

    amount_excl_tax: Decimal
    tax: Decimal
    amount_incl_tax: Decimal


def parse_tax_rate(text: str | Decimal) -> Decimal:
    """A VAT rate in percent: "13", "13%", "9.5"; from 0 to 100, two decimals at most.

    Raises:
        InvalidInput: not a number, more decimals, negative or over 100 %.
    """
    raw = str(text).strip().removesuffix("%").strip()
    what = Phrase("invalid VAT rate {text!r}", text=str(text))
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidInput("{what}: expected a percentage like 13", what=what) from None
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput("{what}: a number with at most two decimals", what=what)
    if not 0 <= value <= 100:
        raise InvalidInput("{what}: must be from 0% to 100%", what=what)
    value += 0  # -0 is 0
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def default_rate() -> Decimal:
    """The team's rate for products without their own (inside a service call)."""
    from crm_cli.store.core.settings import value_of  # records import this module: stay light

    return Decimal(value_of(TAX_RATE))


def prices_include() -> bool:
    """Whether prices typed on new lines include VAT (the team setting)."""
    from crm_cli.store.core.settings import value_of

    return value_of(PRICES_INCLUDE) == "true"


def tax_cents(base: int, rate: int, gross: bool) -> tuple[int, int]:
    """A line's (amount, tax) in cents, exact in integers and rounded half up.

    ``base``: what quantity x price x (1 - discount) comes to, in cents; ``rate`` in
    hundredths of a percent (1300 = 13 %). ``gross``: the price includes the tax, so the
    amount stays ``base`` and the tax is what is left over the amount excluding tax,
    ``base / (1 + rate)`` rounded (the three then always add up); else the tax,
    ``base x rate`` rounded, is added to it.
    """
    if gross:
        divisor = 10_000 + rate
        net = (2 * base * 10_000 + divisor) // (2 * divisor)
        return base, base - net
    tax = (base * rate + 5_000) // 10_000
    return base + tax, tax


def line_tax(base: Decimal, rate: Decimal, gross: bool) -> tuple[Decimal, Decimal]:
    """``tax_cents`` in Decimal: the line's amount (tax included) and its tax."""
    amount, tax = tax_cents(int(base.scaleb(2)), int(rate.scaleb(2)), gross)
    return Decimal(amount).scaleb(-2), Decimal(tax).scaleb(-2)


def totals(total: Decimal, taxes: Iterable[Decimal]) -> TaxTotals:
    """A document's totals from its total (what the customer pays, the sum of its lines'
    amounts) and its lines' rounded taxes."""
    tax = sum(taxes, ZERO)
    return TaxTotals(total - tax, tax, total)
