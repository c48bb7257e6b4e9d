"""The customer grid: pages of customers from the database, never the whole table.

The grid holds the rows loaded so far; moving near the end loads the next page. Search,
filters and sort are SQL (`customer_query.list_customers`); the count comes afterwards so
the first rows show as soon as the first page is read.

It shows the chosen columns that fit its width, in their order: code and name always, the
name taking what is left; status, dates and money are never cut, so a column that would
need cutting is left out instead (the narrower the terminal, the fewer columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len

from crm_cli import i18n
from crm_cli.store.customers.query import SORTS, CustomerFilter
from crm_cli.store.customers.records import Customer
from crm_cli.tui.widgets.common import WidthAwareTable, cell, money_cell, table_cell

PAGE = 100
# Every column the chooser offers, in the order they are shown.
CHOICES = ("code", "name", "status", "owner", "city", "phone", "level", "grade",
           "last_contact", "next_contact", "total_ordered", "balance_owed")  # fmt: skip
DEFAULT = ("code", "name", "status", "owner", "city", "next_contact", "balance_owed")
ALWAYS = ("code", "name")
MONEY = ("total_ordered", "balance_owed")
TITLES = {"next_contact": "next", "last_contact": "last", "balance_owed": "owed",
          "total_ordered": "ordered"}  # fmt: skip
NAME_MIN = 16  # the name column is never narrower than this
CUT = 12  # free text (owner, city, phone) wider than this is cut, not dropped


def title(key: str) -> str:
    """A column's title: short in English, the CLI's column title in Chinese."""
    if i18n.chinese():
        return i18n.column(key).replace("_", " ")
    return TITLES.get(key, key.replace("_", " "))


class Query(NamedTuple):
    """What the grid shows: the filter and the sort (as `customer list --sort`)."""

    flt: CustomerFilter = CustomerFilter()
    sort: str | None = None

    def describe(self) -> str:
        parts = []
        if self.flt.search:
            parts.append(i18n.tr("search {text!r}", text=self.flt.search))
        if self.flt.status:
            parts.append(i18n.tr("status {status}", status=i18n.customer_status(self.flt.status)))
        parts.extend(self.flt.where)
        parts.extend(self.flt.terms)
        if self.sort:
            parts.append(i18n.tr("sort {sort}", sort=self.sort))
        return " · ".join(parts)

    def sorted_by(self, key: str) -> Query:
        """Sorted by ``key``; asked again for the same key, reversed (a second click)."""
        return self._replace(sort=f"-{key}" if self.sort == key else key)

    def reversed(self) -> Query:
        sort = self.sort or "-code"  # no sort given: newest first
        return self._replace(sort=sort[1:] if sort.startswith("-") else f"-{sort}")

    def next_column(self, shown: Sequence[str] = DEFAULT) -> str:
        """The shown column after the one sorted by (the store sorts only indexed ones)."""
        current = (self.sort or "").lstrip("-")
        keys = [k for k in shown if k in SORTS.names]
        return keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]


def value_shown(customer: Customer, key: str) -> Any:
    """A customer's ``key`` as the grid shows it: a default status in the user's language."""
    value = getattr(customer, key)
    return i18n.customer_status(value) if key == "status" else value


def needed(key: str, customers: Iterable[Customer]) -> int:
    """The width column ``key`` needs for its title and these customers' values."""
    widest = max((cell_len(cell(value_shown(c, key))) for c in customers), default=0)
    width = max(widest, cell_len(title(key)))
    return (
        min(width, max(CUT, cell_len(title(key)))) if key in ("owner", "city", "phone") else width
    )


def fit(chosen: Sequence[str], needs: dict[str, int], room: int) -> tuple[tuple[str, int], ...]:
    """The chosen columns that fit in ``room`` cells, in order, with their widths.

    Each column takes its width plus a cell of padding either side; the first that does not
    fit ends the list, so a narrower grid drops columns from the end of the choice.
    """
    keys = [k for k in CHOICES if k in ALWAYS or k in chosen]
    taken = NAME_MIN + 2
    widths: dict[str, int] = {}
    for key in keys:
        if key == "name":
            continue
        if key not in ALWAYS and taken + needs[key] + 2 > room:
            break
        widths[key] = needs[key]
        taken += needs[key] + 2
    widths["name"] = min(needs["name"], NAME_MIN + max(room - taken, 0))
    widths["name"] = max(widths["name"], NAME_MIN)
    return tuple((k, widths[k]) for k in keys if k in widths)


class CustomerGrid(WidthAwareTable):
    """Rows are customers in query order; `generation` drops pages of an outdated query."""

    def __init__(self, chosen: Sequence[str] = DEFAULT) -> None:
        super().__init__(id="grid", cursor_type="row", zebra_stripes=True)
        self.customers: list[Customer] = []
        self.generation = 0
        self.exhausted = False
        self.loading = False
        self.chosen = tuple(chosen)
        self.shown: tuple[tuple[str, int], ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The columns shown, in order."""
        return tuple(key for key, _ in self.shown)

    def on_mount(self) -> None:
        self.relayout()

    def on_resize(self) -> None:
        self.relayout()

    def choose(self, chosen: Sequence[str]) -> None:
        self.chosen = tuple(chosen)
        self.relayout()

    def relayout(self) -> None:
        """Fit the columns to the width; redraw the rows only when the columns changed."""
        # The scrollbar's cells are kept free, so the columns stay put when it appears.
        room = self.size.width - self.styles.scrollbar_size_vertical
        needs = {key: needed(key, self.customers) for key in CHOICES}
        shown = fit(self.chosen, needs, room if room > 0 else 80)
        if shown == self.shown:
            return
        self.shown = shown
        row = self.cursor_row
        self.clear(columns=True)
        for key, width in shown:
            label = money_cell(title(key)) if key in MONEY else title(key)
            self.add_column(label, width=width, key=key)
        self._add(self.customers)
        if 0 < row < len(self.customers):
            self.move_cursor(row=row)

    def _add(self, customers: Iterable[Customer]) -> None:
        keys = self.keys
        for c in customers:
            self.add_row(*(table_cell(value_shown(c, k)) for k in keys), key=str(c.id))

    def restart(self) -> int:
        """Forget the rows; the returned generation identifies the new query's pages."""
        self.generation += 1
        self.customers = []
        self.exhausted = False
        self.loading = False
        self.clear()
        return self.generation

    def append(self, generation: int, page: list[Customer]) -> bool:
        """Add a page of the current query; False when it belongs to an older one."""
        if generation != self.generation:
            return False
        self.loading = False
        self.exhausted = len(page) < PAGE
        self.customers.extend(page)
        before = self.shown
        self.relayout()  # wider values (a long status) may push a column out
        if self.shown == before:
            self._add(page)
        return True

    def current(self) -> Customer | None:
        row = self.cursor_row
        return self.customers[row] if 0 <= row < len(self.customers) else None

    def wants_more(self) -> bool:
        near_end = self.cursor_row >= len(self.customers) - 10
        return near_end and not self.exhausted and not self.loading
