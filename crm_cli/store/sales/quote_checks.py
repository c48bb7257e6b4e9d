"""Checking the rows of a quote import file: grouping them into quotes and parsing every cell.

Rows sharing a quote's key (its code when the row gives one, else its reference) form one
quote. Each bad value becomes a ``Problem`` (row, column, value, reason); nothing stops at
the first one, so the user gets the whole list at once. Look-ups in the database are in
``quote_lookups``; the import engine's quote spec (``imports.quotes_spec``) runs both.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Container
from decimal import Decimal
from itertools import repeat
from typing import NamedTuple

from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import CrmError, InvalidInput, Phrase
from crm_cli.store.core.tabular import Problem, Table, reason_of
from crm_cli.store.sales import lines

REQUIRED = ("customer", "product", "quantity")  # and a reference or a code
HEADER_FIELDS = ("customer", "subject", "valid_until", "contact", "notes", "ref", "code")
SHARED = ("customer", "valid_until", "contact")  # texts that repeat across quotes
LONGEST = {"subject": 200, "ref": 64, "code": 32}  # characters a quote's field holds
_TEXT = {name: "text_" + name for name in HEADER_FIELDS}  # Group's attribute of each
AT_MOST_64 = Phrase("at most {limit} characters", limit=64)
NEEDS = {"ref": Phrase("every row needs a quote reference"), "customer": Phrase(
    "every row needs a customer"), "product": Phrase("every row needs a product code")}  # fmt: skip
_ZHE = re.compile(r"(\d+(?:\.\d+)?)\s*折")


class Customer(NamedTuple):
    """What an import needs of a customer (a full row costs more than the rest of a line)."""

    id: int
    code: str
    name: str
    level: str
    owner_id: int | None


# A priced line, its numbers as stored: row, product id, quantity (thousandths), unit price
# (cents), discount (hundredths of a %), amount (cents, VAT in), annual fee (cents or None),
# VAT rate (hundredths of a %), VAT (cents). Plain tuples of ints: cheaper than anything.
Line = tuple[int, int, int, int, int, int, int | None, int, int]
# A line as read: row, product code, quantity, own price, discount (as in Line; None where
# empty or bad), and the quote's key.
Item = tuple[int, str, int | None, int | None, int | None, str]


class Group:
    """One quote across the file (``ref`` holds its key: the code given, else the
    reference): its quote-level values as read, then resolved, what its lines came to, and
    what the import did with it. Its lines themselves pass through a batch at a time."""

    # A file of a million lines has a couple of hundred thousand of these: slots (a dict
    # of the quote-level texts would double a quote's size), and a field's row only where
    # it is not the quote's first row.
    __slots__ = ("action", "batch", "code", "contact_id", "count", "customer", "elsewhere",
                 "first_line", "fresh", "quote_id", "ref", "row", "text_code",
                 "text_contact", "text_customer", "text_notes", "text_ref", "text_subject",
                 "text_valid_until", "total_cents", "valid_until")  # fmt: skip

    def __init__(self, ref: str, row: int, batch: int) -> None:
        self.ref = ref
        self.row = row  # the first row, where quote-level problems are reported
        self.batch = batch  # the batch of that row
        self.text_customer: str | None = None  # the quote-level texts (HEADER_FIELDS) as read
        self.text_subject: str | None = None
        self.text_valid_until: str | None = None
        self.text_contact: str | None = None
        self.text_notes: str | None = None
        self.text_ref: str | None = None
        self.text_code: str | None = None
        # Fields given since the import last looked (a tuple: () costs nothing per quote).
        self.fresh: tuple[str, ...] = ()
        self.elsewhere: dict[str, int] | None = None  # fields first given on a later row
        self.customer: Customer = None  # type: ignore[assignment]
        self.contact_id: int | None = None
        self.valid_until: dt.date | None = None
        self.code = ""
        self.quote_id = 0
        self.count = 0  # lines priced
        self.first_line = 0  # the row of its first priced line
        self.total_cents = 0
        self.action = ""  # what the import did with it: create, update or skip

    def field(self, name: str) -> str | None:
        """The quote-level text ``name`` (one of HEADER_FIELDS) as first given, or None."""
        found: str | None = getattr(self, "text_" + name)
        return found

    def give(self, name: str, text: str, row: int) -> None:
        setattr(self, "text_" + name, text)
        self.fresh += (name,)
        if row != self.row:
            self.elsewhere = self.elsewhere or {}
            self.elsewhere[name] = row

    def row_of(self, name: str) -> int:
        """The row where the quote-level field ``name`` was first given."""
        return self.elsewhere.get(name, self.row) if self.elsewhere else self.row

    @property
    def total(self) -> Decimal:
        return Decimal(self.total_cents).scaleb(-2)

    @property
    def quote_ref(self) -> str:
        """The reference the file gave (the key may be the code)."""
        return self.text_ref or ""

    @property
    def subject(self) -> str:
        return self.text_subject or ""

    @property
    def notes(self) -> str:
        return self.text_notes or ""


class Checker:
    def __init__(self, table: Table) -> None:
        self.labels = table.labels
        self.problems: list[Problem] = []

    def add(self, row: int, column: str, value: str, reason: str) -> None:
        self.problems.append(Problem(row, self.labels.get(column, column), value, reason))

    def parsed(
        self,
        table: Table,
        column: str,
        parser: Callable[[str], int],
        empty_ok: bool = True,
        plain: Callable[[list[str]], dict[str, int]] | None = None,
    ) -> list[int | None]:
        """A column's cells through ``parser``, each distinct text parsed once; None where
        a cell is empty (if ``empty_ok``) or bad, and a problem for every bad cell.

        ``plain`` converts the texts in the common form all at once (the rest go through
        ``parser``): a file of 100,000 lines can hold 50,000 different prices.
        """
        texts = table.column(column)
        values: dict[str, int | None] = {"": None} if empty_ok else {}
        bad: dict[str, str] = {}
        distinct = list(dict.fromkeys(texts))  # found in C
        if plain is not None:
            values.update(plain(distinct))
        for text in distinct:
            if text not in values:
                try:
                    values[text] = parser(text)
                except CrmError as exc:
                    values[text] = None
                    bad[text] = reason_of(exc)
        if bad:
            for number, text in zip(table.numbers, texts, strict=True):
                if text in bad:
                    self.add(number, column, text, bad[text])
        return list(map(values.__getitem__, texts))

    def empty(
        self, table: Table, column: str, reason: str, rows: Container[str], keys: list[str]
    ) -> None:
        """A problem for every empty cell of ``column`` on a row whose key is in ``rows``."""
        texts = table.column(column)
        if "" in texts:
            for number, key, text in zip(table.numbers, keys, texts, strict=True):
                if not text and key in rows:
                    self.add(number, column, "", reason)


_PLAIN_PRICE = re.compile(r"\d{1,12}(?:\.\d{1,2})?")


def parse_quantity(text: str) -> int:
    """``lines.parse_quantity`` in thousandths, as stored."""
    return int(lines.parse_quantity(text).scaleb(3))


def parse_price(text: str) -> int:
    """``lines.parse_price`` in cents, as stored."""
    return int(lines.parse_price(text).scaleb(2))


def plain_prices(texts: list[str]) -> dict[str, int]:
    """The prices among ``texts`` written plainly ("1234.5"), in cents, converted in C loops."""
    plain = [text for text in texts if _PLAIN_PRICE.fullmatch(text)]
    cents = map(int, map(Decimal.scaleb, map(Decimal, plain), repeat(2)))
    return dict(zip(plain, cents, strict=True))


def parse_discount(text: str) -> int:
    """A percentage ("10", "10%") or the Chinese way, "9折" = 10% off, "85折" = 15% off;
    in hundredths of a percent, as stored."""
    if match := _ZHE.fullmatch(text.strip()):
        tenths = Decimal(match[1])
        rate = tenths if tenths <= 10 else tenths / 10  # "85折" means 8.5折
        if not 0 < rate <= 10:
            raise InvalidInput("invalid discount {text!r}: use 1折 to 10折", text=text)
        text = str((10 - rate) * 10)
    return int(lines.parse_discount(text).scaleb(2))


def group_rows(
    check: Checker, table: Table, groups: dict[str, Group], batch: int, keys: list[str]
) -> list[Item]:
    """A batch's rows as items, each cell parsed (column by column: each distinct text once,
    as a file repeats its values); new keys (each row's quote code, else its reference)
    become groups in ``groups``."""
    column = table.column
    header = [name for name in HEADER_FIELDS if name in table.columns]
    texts = [column(n) if n != "code" else [*map(str.upper, column(n))] for n in header]
    quote_cells = zip(*texts, strict=True) if header else repeat((), len(table.numbers))
    cells = zip(table.numbers, map(str.upper, column("product")),
                check.parsed(table, "quantity", parse_quantity, empty_ok=False),
                check.parsed(table, "price", parse_price, plain=plain_prices),  # empty: list price
                check.parsed(table, "discount", parse_discount), keys, quote_cells,
                strict=True)  # fmt: skip
    items: list[Item] = []
    group = Group("", 0, batch)
    heads: tuple[str, ...] = ()  # the quote-level cells last found to agree with ``group``
    same: dict[str, str] = {}  # texts met before: a customer code repeats in many quotes
    for item in cells:
        ref = item[5]
        if ref != group.ref:  # rows of one quote usually follow each other
            if not ref or len(ref) > 64:
                why = AT_MOST_64 if ref else NEEDS["ref"]
                check.add(item[0], "ref", ref, why)
                continue
            group = groups.get(ref) or groups.setdefault(ref, Group(ref, item[0], batch))
            heads = ()
        items.append(item[:6])
        # Most rows repeat the quote-level cells of the row before: nothing new to check.
        # Cells are remembered only when they agree, so a repeated conflict shows on each row.
        if item[6] != heads and (
            not any(item[6]) or _quote_cells(check, group, item[0], header, item[6], same)
        ):
            heads = item[6]
    check.empty(table, "customer", NEEDS["customer"], groups, keys)
    check.empty(table, "product", NEEDS["product"], groups, keys)
    return items


def _quote_cells(
    check: Checker,
    group: Group,
    number: int,
    header: list[str],
    cells: tuple[str, ...],
    same: dict[str, str],
) -> bool:
    """A row's quote-level values: the first one given stands; a different one later is an
    error. True when the row agrees with its quote."""
    agrees = True
    for name, text in zip(header, cells, strict=True):
        if not text:  # most cells after a quote's first row
            continue
        first = getattr(group, _TEXT[name])
        if first == text:
            continue
        if first is None:
            # One copy of a text many quotes repeat (a customer, a date), whatever the batch.
            shared = sys.intern(text) if name in SHARED else same.setdefault(text, text)
            group.give(name, shared, number)
            if len(text) > LONGEST.get(name, len(text)):
                check.add(
                    number, name, text, Phrase("at most {limit} characters", limit=LONGEST[name])
                )
        else:
            where = group.row_of(name)
            why = Phrase("quote {ref} has {first!r} on row {line}", ref=group.ref, first=first,
                         line=where)  # fmt: skip
            check.add(number, name, text, why)
            agrees = False
    return agrees


def check_dates(check: Checker, groups: dict[str, Group], today: dt.date) -> None:
    days: dict[str, dt.date | None] = {}
    for group in groups.values():
        text = group.field("valid_until")
        if not text:
            continue
        if text not in days:
            try:
                days[text] = parse_date(re.sub(r"[/.]", "-", text), today)
            except CrmError:
                days[text] = None
        day = days[text]
        where = group.row_of("valid_until")
        if day is None:
            check.add(where, "valid_until", text, Phrase("not a date: use YYYY-MM-DD"))
        elif day < today:
            check.add(where, "valid_until", text, Phrase("before today ({today})", today=today))
        group.valid_until = day
