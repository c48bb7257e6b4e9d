"""The customer grid: pages of customers from the database, never the whole table.

The grid holds the rows loaded so far; moving near the end loads the next page. Search,
filters and sort are SQL (`customer_query.list_customers`); the count comes afterwards so
the first rows show as soon as the first page is read.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.widgets import DataTable

from crm_cli.store.customers.query import CustomerFilter
from crm_cli.store.customers.records import Customer
from crm_cli.tui.widgets.common import cell

PAGE = 100
COLUMNS = ("code", "name", "status", "owner", "city", "phone", "next_contact", "balance_owed")
TITLES = {"next_contact": "next", "balance_owed": "owed"}


class Query(NamedTuple):
    """What the grid shows: the filter and the sort (as `customer list --sort`)."""

    flt: CustomerFilter = CustomerFilter()
    sort: str | None = None

    def describe(self) -> str:
        parts = []
        if self.flt.search:
            parts.append(f"search {self.flt.search!r}")
        if self.flt.status:
            parts.append(f"status {self.flt.status}")
        parts.extend(self.flt.where)
        parts.extend(self.flt.terms)
        if self.sort:
            parts.append(f"sort {self.sort}")
        return " · ".join(parts)

    def sorted_by(self, key: str) -> Query:
        """Sorted by ``key``; asked again for the same key, reversed (a second click)."""
        return self._replace(sort=f"-{key}" if self.sort == key else key)

    def reversed(self) -> Query:
        sort = self.sort or "-code"  # no sort given: newest first
        return self._replace(sort=sort[1:] if sort.startswith("-") else f"-{sort}")

    def next_column(self) -> str:
        """The grid column after the one sorted by (owner is not sortable)."""
        current = (self.sort or "").lstrip("-")
        keys = [k for k in COLUMNS if k != "owner"]
        return keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]


class CustomerGrid(DataTable[str]):
    """Rows are customers in query order; `generation` drops pages of an outdated query."""

    def __init__(self) -> None:
        super().__init__(id="grid", cursor_type="row", zebra_stripes=True)
        self.customers: list[Customer] = []
        self.generation = 0
        self.exhausted = False
        self.loading = False

    def on_mount(self) -> None:
        for key in COLUMNS:
            self.add_column(TITLES.get(key, key.replace("_", " ")), key=key)

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
        for c in page:
            self.add_row(*(cell(getattr(c, k)) for k in COLUMNS), key=str(c.id))
        return True

    def current(self) -> Customer | None:
        row = self.cursor_row
        return self.customers[row] if 0 <= row < len(self.customers) else None

    def wants_more(self) -> bool:
        near_end = self.cursor_row >= len(self.customers) - 10
        return near_end and not self.exhausted and not self.loading
