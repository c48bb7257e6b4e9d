"""Line items of quotes and orders: parsing `PRODUCT:QTY[:PRICE[:DISCOUNT%]]`, pricing
from the product's list price or a price book, and exact amounts.

One place for the arithmetic, so a quote and the order made from it always agree:
quantity x unit price x (1 - discount / 100), rounded half-up to the cent, is the amount
when prices include VAT, else VAT is added to it (``tax``); the amount always includes it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.values import MAX_MONEY, parse_money
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import tax

MAX_QUANTITY = Decimal("1000000000")
MAX_CENTS = int(MAX_MONEY.scaleb(2))
TOO_MUCH = f"a quote or order line, and its total, may come to at most {MAX_MONEY:,}"


class LineSpec(NamedTuple):
    """A line as the user wrote it; None means "take the default"."""

    product: str
    quantity: Decimal
    price: Decimal | None = None
    discount: Decimal | None = None


class PricedLine(NamedTuple):
    """A line ready to store: the product row, the price it got, its amount (VAT included)
    and the VAT rate and tax in it."""

    product: sm.Product
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    amount: Decimal
    annual_fee: Decimal | None
    tax_rate: Decimal = Decimal("0")
    tax: Decimal = Decimal("0.00")

    def stored(self) -> dict[str, Any]:
        """Its columns as a quote line or an order line stores them."""
        return {"product": self.product.id, "quantity": self.quantity,
                "unit_price": self.unit_price, "discount": self.discount, "amount": self.amount,
                "annual_fee": self.annual_fee, "tax_rate": self.tax_rate,
                "tax": self.tax}  # fmt: skip


def priced_row(row: sm.QuoteLine | sm.OrderLine) -> PricedLine:
    """A stored line as it was priced (to copy it, or to give it another rate)."""
    return PricedLine(row.product, row.quantity, row.unit_price, row.discount, row.amount,
                      row.annual_fee, row.tax_rate, row.tax)  # fmt: skip


def parse_quantity(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(
            "invalid quantity {text!r}: expected a number like 2 or 1.5", text=text
        ) from None
    if not value.is_finite() or value.as_tuple().exponent < -3:  # type: ignore[operator]
        raise InvalidInput("invalid quantity {text!r}: at most three decimals", text=text)
    if value <= 0:
        raise InvalidInput("invalid quantity {text!r}: must be more than zero", text=text)
    if value >= MAX_QUANTITY:
        raise InvalidInput("invalid quantity {text!r}: too large", text=text)
    return value


def parse_discount(text: str) -> Decimal:
    """A discount in percent: "10", "10%", "12.5%"."""
    raw = text.strip().removesuffix("%").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidInput(
            "invalid discount {text!r}: expected a percentage like 10%", text=text
        ) from None
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput("invalid discount {text!r}: at most two decimals", text=text)
    if not 0 <= value <= 100:
        raise InvalidInput("invalid discount {text!r}: must be between 0% and 100%", text=text)
    return value


def parse_price(text: str) -> Decimal:
    value = parse_money(text, "price")
    if value < 0:
        raise InvalidInput("invalid price {text!r}: must not be negative", text=text)
    return value


def parse_line_spec(text: str) -> LineSpec:
    """``PRODUCT:QTY[:PRICE[:DISCOUNT%]]``; an empty PRICE keeps the default price."""
    parts = text.split(":")
    if not 2 <= len(parts) <= 4 or not parts[0].strip():
        raise InvalidInput("invalid line {text!r}: use PRODUCT:QTY[:PRICE[:DISCOUNT%]]", text=text)
    price = parse_price(parts[2]) if len(parts) > 2 and parts[2].strip() else None
    discount = parse_discount(parts[3]) if len(parts) > 3 and parts[3].strip() else None
    return LineSpec(parts[0].strip(), parse_quantity(parts[1]), price, discount)


def line_amount(quantity: Decimal, unit_price: Decimal, discount: Decimal) -> Decimal:
    quantity_, price, off = (int(quantity.scaleb(3)), int(unit_price.scaleb(2)),
                             int(discount.scaleb(2)))  # fmt: skip
    return Decimal(amount_cents(quantity_, price, off)).scaleb(-2)


def amount_cents(quantity: int, unit_price: int, discount: int) -> int:
    """A line's amount in cents, exact in integers and rounded half up.

    The arguments are as stored: quantity in thousandths, the unit price in cents, the
    discount in hundredths of a percent (10000 = 100%). No intermediate rounding, so
    the largest quantity at the largest price is as exact as one item at one cent.
    """
    return (quantity * unit_price * (10_000 - discount) + 5_000_000) // 10_000_000


def find_product(code: str) -> sm.Product:
    row = sm.Product.get_or_none(
        (sm.Product.code == code.strip().upper()) & sm.Product.deleted_at.is_null()
    )
    if row is None:
        raise NotFound("no product {code!r}", code=code.strip())
    return row


def book_prices(book: sm.PriceBook | None, product_ids: list[int]) -> dict[int, Decimal]:
    """The price book's prices for these products (those it lists)."""
    if book is None or not product_ids:
        return {}
    rows = sm.PriceBookEntry.select().where(
        (sm.PriceBookEntry.book == book.id) & sm.PriceBookEntry.product.in_(product_ids)
    )
    return {row.product_id: row.price for row in rows}


def book_for(customer: cm.Customer) -> sm.PriceBook | None:
    """The price book of the customer's group (its level), if there is one."""
    if not customer.level:
        return None
    return sm.PriceBook.get_or_none(
        (sm.PriceBook.customer_group == customer.level) & sm.PriceBook.deleted_at.is_null()
    )


def price_lines(specs: list[LineSpec], book: sm.PriceBook | None) -> list[PricedLine]:
    """Price each line: its own price, else the price book's, else the list price."""
    if not specs:
        raise InvalidInput("a quote or order needs at least one line")
    products = [find_product(spec.product) for spec in specs]
    prices = book_prices(book, [p.id for p in products])
    default = tax.default_rate()
    gross = tax.prices_include()
    priced = []
    for number, (spec, product) in enumerate(zip(specs, products, strict=True), 1):
        unit = spec.price if spec.price is not None else prices.get(product.id, product.price)
        discount = spec.discount if spec.discount is not None else Decimal("0")
        rate = product.tax_rate if product.tax_rate is not None else default
        amount, vat = tax.line_tax(line_amount(spec.quantity, unit, discount), rate, gross)
        _check_amount(number, product, amount)
        fee = product.annual_fee
        priced.append(PricedLine(product, spec.quantity, unit, discount, amount, fee, rate, vat))
    _check_total(priced)
    return priced


def with_rate(priced: list[PricedLine], rate: Decimal) -> list[PricedLine]:
    """The lines at another VAT rate, each priced as it was: a price that included the tax
    still does (the amount stays), one the tax was added to gets the new tax added.

    A line with tax tells which it was (its amount is its price's or more); one without
    (at 0 %, or written before VAT) reads its price as the team's ``tax.prices_include``.
    """
    gross = tax.prices_include()
    lines = []
    for number, line in enumerate(priced, 1):
        base = line_amount(line.quantity, line.unit_price, line.discount)
        included = line.amount == base if line.tax else gross
        amount, vat = tax.line_tax(base, rate, included)
        _check_amount(number, line.product, amount)
        lines.append(line._replace(amount=amount, tax_rate=rate, tax=vat))
    _check_total(lines)
    return lines


def _check_amount(number: int, product: sm.Product, amount: Decimal) -> None:
    if amount > MAX_MONEY:
        raise InvalidInput(
            "line {number} ({code}) comes to {amount:,}: {too_much}",
            number=number,
            code=product.code,
            amount=amount,
            too_much=TOO_MUCH,
        )


def _check_total(priced: list[PricedLine]) -> None:
    if total_of(priced) > MAX_MONEY:
        raise InvalidInput(
            "the lines come to {priced:,}: {too_much}", priced=total_of(priced), too_much=TOO_MUCH
        )


def total_of(lines: list[PricedLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))
