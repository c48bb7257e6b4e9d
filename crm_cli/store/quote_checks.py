"""Checking the rows of a quote import file: grouping by reference and parsing every cell.

Each bad value becomes a ``Problem`` (row, column, value, reason); nothing stops at the
first one, so the user gets the whole list at once. Look-ups in the database are in
``quote_lookups``; ``quote_import.validate`` runs both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store import lines
from crm_cli.store.dates import parse_date
from crm_cli.store.errors import CrmError, InvalidInput
from crm_cli.store.tabular import Problem, Table

REQUIRED = ("ref", "customer", "product", "quantity")
HEADER_FIELDS = ("customer", "subject", "valid_until", "contact", "notes")
ZERO = Decimal("0")
_ZHE = re.compile(r"(\d+(?:\.\d+)?)\s*折")


class Customer(NamedTuple):
    """What an import needs of a customer (a full row costs more than the rest of a line)."""

    id: int
    code: str
    name: str
    level: str
    owner_id: int | None


# A priced line, its numbers as stored: row, product id, quantity (thousandths), unit price
# (cents), discount (hundredths of a percent), amount (cents), annual fee (cents or None).
# A plain tuple: a NamedTuple per line costs a tenth of the whole validation.
Line = tuple[int, int, int, int, int, int, int | None]


class Group:
    """The rows of one quote reference, as read and then as resolved."""

    __slots__ = ("contact_id", "customer", "field_rows", "fields", "items", "lines", "ref", "row",
                 "total_cents", "valid_until")  # fmt: skip

    def __init__(self, ref: str, row: int) -> None:
        self.ref = ref
        self.row = row  # the first row, where quote-level problems are reported
        self.fields: dict[str, str] = {}
        self.field_rows: dict[str, int] = {}
        self.items: list[tuple[int, str, Decimal, Decimal | None, Decimal | None]] = []
        self.customer: Customer = None  # type: ignore[assignment]
        self.contact_id: int | None = None
        self.valid_until: dt.date | None = None
        self.lines: list[Line] = []
        self.total_cents = 0

    @property
    def total(self) -> Decimal:
        return Decimal(self.total_cents).scaleb(-2)

    @property
    def subject(self) -> str:
        return self.fields.get("subject", "")

    @property
    def notes(self) -> str:
        return self.fields.get("notes", "")


class Plan(NamedTuple):
    groups: list[Group]


class Checker:
    def __init__(self, table: Table) -> None:
        self.labels = table.labels
        self.problems: list[Problem] = []

    def add(self, row: int, column: str, value: str, reason: str) -> None:
        self.problems.append(Problem(row, self.labels.get(column, column), value, reason))

    def parse(
        self, row: int, column: str, text: str, parser: Callable[[str], Any], cache: dict[str, Any]
    ) -> Any:
        """``parser(text)``, remembered in ``cache`` when good; None (and a problem) when bad."""
        try:
            value = cache[text] = parser(text)
        except CrmError as exc:
            self.add(row, column, text, _reason(exc))
            return None
        return value


def _reason(exc: CrmError) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if text.startswith("invalid ") and ": " in text else text


_PLAIN_PRICE = re.compile(r"\d{1,12}(?:\.\d{1,2})?")


def parse_price(text: str) -> Decimal:
    """``lines.parse_price``, with the common plain form (1234.50) taken without its checks."""
    return Decimal(text) if _PLAIN_PRICE.fullmatch(text) else lines.parse_price(text)


def parse_discount(text: str) -> Decimal:
    """A percentage ("10", "10%") or the Chinese way, "9折" = 10% off, "85折" = 15% off."""
    if match := _ZHE.fullmatch(text.strip()):
        tenths = Decimal(match[1])
        rate = tenths if tenths <= 10 else tenths / 10  # "85折" means 8.5折
        if not 0 < rate <= 10:
            raise InvalidInput(f"invalid discount {text!r}: use 1折 to 10折")
        return lines.parse_discount(str((10 - rate) * 10))
    return lines.parse_discount(text)


def group_rows(check: Checker, table: Table) -> dict[str, Group]:
    """Rows into groups by reference, each cell parsed (files repeat values: parses are cached)."""
    groups: dict[str, Group] = {}
    quantities: dict[str, Decimal] = {}
    prices: dict[str, Decimal] = {}
    discounts: dict[str, Decimal] = {}
    header = [name for name in HEADER_FIELDS if name in table.labels]
    for number, values in table.rows:
        ref = values["ref"]
        if not ref or len(ref) > 64:
            why = "at most 64 characters" if ref else "every row needs a quote reference"
            check.add(number, "ref", ref, why)
            continue
        group = groups.get(ref)
        if group is None:
            group = groups[ref] = Group(ref, number)
        if not values["customer"]:
            check.add(number, "customer", "", "every row needs a customer")
        fields = group.fields
        for name in header:
            text = values[name]
            if text and fields.get(name) != text:  # most rows repeat the first value
                _header_field(check, group, number, name, text)
        product = values["product"].upper()
        if not product:
            check.add(number, "product", "", "every row needs a product code")
        text = values["quantity"]
        quantity = quantities.get(text)
        if quantity is None:
            quantity = check.parse(number, "quantity", text, lines.parse_quantity, quantities)
        price = discount = None  # empty: the price book's or list price; no discount
        if text := values.get("price", ""):
            price = prices.get(text) or check.parse(number, "price", text, parse_price, prices)
        if text := values.get("discount", ""):
            discount = discounts.get(text)
            if discount is None:
                discount = check.parse(number, "discount", text, parse_discount, discounts)
        group.items.append((number, product, quantity, price, discount))
    return groups


def _header_field(check: Checker, group: Group, number: int, name: str, text: str) -> None:
    """A quote-level value: the first one given stands; a different one later is an error."""
    first = group.fields.get(name)
    if first is None:
        group.fields[name] = text
        group.field_rows[name] = number
        if name == "subject" and len(text) > 200:
            check.add(number, name, text, "at most 200 characters")
    elif first != text:
        where = group.field_rows[name]
        check.add(number, name, text, f"quote {group.ref} has {first!r} on row {where}")


def check_dates(check: Checker, groups: dict[str, Group], today: dt.date) -> None:
    days: dict[str, dt.date | None] = {}
    for group in groups.values():
        text = group.fields.get("valid_until")
        if not text:
            continue
        if text not in days:
            try:
                days[text] = parse_date(re.sub(r"[/.]", "-", text), today)
            except CrmError:
                days[text] = None
        day = days[text]
        where = group.field_rows["valid_until"]
        if day is None:
            check.add(where, "valid_until", text, "not a date: use YYYY-MM-DD")
        elif day < today:
            check.add(where, "valid_until", text, f"before today ({today})")
        group.valid_until = day
