"""What the engine needs of a record type, and the state one import shares with it.

A record type (a ``Spec``) says which fields a file may have and under which headers, turns
a batch of rows into ``Draft``s (checked values), finds each draft's possible duplicates
(``Found``: in the database and earlier in the file), and writes the drafts the engine
decided to create or update. Each kind of record it writes has an ``Entity``, which undo
uses to take the batch back. Products, quotes, opportunities, orders and receipts plug in
the same way: a module with a ``SPEC`` and its entry in ``SPECS``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Protocol

from crm_cli.store.core.errors import N_, InvalidInput, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import Problem, Table
from crm_cli.store.imports import models as im
from crm_cli.store.imports.bulk import select_in

# record type -> module holding its SPEC; `crm import` offers exactly these.
SPECS = {
    "customers": "crm_cli.store.imports.customers_spec",
    "contacts": "crm_cli.store.imports.contacts_spec",
    "products": "crm_cli.store.imports.products_spec",
    "quotes": "crm_cli.store.imports.quotes_spec",
    "opportunities": "crm_cli.store.imports.opportunities_spec",
    "orders": "crm_cli.store.imports.orders_spec",
    "receipts": "crm_cli.store.imports.receipts_spec",
}
POLICIES = ("fail", "skip", "update", "create")
# Why a row may be a duplicate: the key it shares (a ``Found``'s ``reason``).
SAME = {
    "code": Phrase("same code"), "name": Phrase("same name"), "phone": Phrase("same phone"),
    "email": Phrase("same email"), "credit_code": Phrase("same credit code"),
}  # fmt: skip


class Found(NamedTuple):
    """A possible duplicate of a row: a record (``id``) or an earlier row (``line``)."""

    id: int | None
    code: str
    name: str
    reason: str  # same name, same phone …
    line: int | None = None  # a row of this file
    identity: bool = False  # the same code: this record, not a look-alike
    blocked: str = ""  # why the row may not update it ("" when it may)

    def describe(self) -> Phrase:
        if self.line is not None:
            return Phrase("row {line} of this file ({reason})", line=self.line, reason=self.reason)
        text = f"{self.code} {self.name} ({self.reason})".strip()
        params = {"code": self.code, "name": self.name, "reason": self.reason}
        return Phrase.reading(text, N_("{code} {name} ({reason})"), params)

    def also(self, other: Found) -> Found:
        """This match with ``other``'s reason too (the same record found by another key)."""
        if other.reason in self.reason:
            return self
        reason = Phrase.joined(", ", [self.reason, other.reason])
        return self._replace(reason=reason, identity=self.identity or other.identity)


class Draft:
    """One checked row: its stored values (only the cells it has), its possible
    duplicates, and what the engine decided. A spec may leave in ``extra`` the ``name``
    and ``customer`` (code) the row's result shows."""

    __slots__ = ("action", "cells", "code", "extra", "id", "line", "matches", "note", "values")

    def __init__(self, line: int, values: dict[str, Any], cells: dict[str, str]) -> None:
        self.line = line
        self.values = values
        self.cells = cells
        self.matches: list[Found] = []
        self.action = ""  # create | update | skip
        self.id: int | None = None  # the record created or updated
        self.code = values.get("code") or ""
        self.note = ""
        self.extra: dict[str, Any] = {}  # what a spec keeps between its steps


class Problems:
    """The problems of one batch; ``conflicts`` counts the duplicates and locks among them
    (an import refused only for those exits 3, as `add` does)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.found: list[Problem] = []
        self.conflicts = 0
        self.lines: set[int] = set()

    def add(self, line: int, field: str, value: str, reason: str, conflict: bool = False) -> None:
        self.found.append(Problem(line, self.table.labels.get(field, field), value, reason))
        self.lines.add(line)
        self.conflicts += conflict


class Run:
    """One import as every step sees it."""

    def __init__(
        self, actor: User, now: dt.datetime, batch_id: int, policy: str, record_type: str
    ) -> None:
        self.actor = actor
        self.now = now
        self.today = now.date()
        self.batch_id = batch_id
        self.policy = policy
        self.record_type = record_type
        # Whether another batch of the file follows the one being checked (a record whose
        # rows may continue there, an order's lines, is complete only when none does).
        self.more = False
        self.items: list[tuple[str, int, int, str, str]] = []  # entity, id, line, action, previous

    def item(self, entity: str, entity_id: int, line: int, action: str, previous: str = "") -> None:
        """Remember a record this import wrote (saved with the batch, for undo)."""
        self.items.append((entity, entity_id, line, action, previous))

    def lines_of(self, entity: str, ids: Iterable[int]) -> dict[int, int]:
        """Which of these records earlier rows of this file wrote: id → row."""
        item = im.ImportItem
        query = item.select(item.entity_id, item.line).where(
            (item.batch == self.batch_id) & (item.entity == entity)
        )
        return dict(select_in(query.tuples(), item.entity_id, ids))


class Spec(Protocol):
    """A record type the engine imports."""

    name: str  # customers
    noun: str  # customer
    required: tuple[str, ...]  # columns a file must have
    tables: tuple[str, ...]  # the tables it writes (their statistics are refreshed)

    def aliases(self) -> Mapping[str, str]:
        """Normalised header → field (``aliases.alias_table``), with run-time extras."""

    def start(self, run: Run) -> Any:
        """The lookups one import needs (users, statuses …), made once."""

    def parse(self, table: Table, state: Any, problems: Problems) -> list[Draft]:
        """The rows of ``table`` without problems, as drafts."""

    def match(self, drafts: list[Draft], state: Any, problems: Problems) -> None:
        """Fill each draft's ``matches``."""

    def write(self, drafts: list[Draft], state: Any) -> None:
        """Create and update the drafts (``action``), setting ``id`` and ``code``;
        each written record goes into ``run.items``."""

    def entity(self, name: str) -> Entity:
        """How records of ``name`` (an item's entity) are taken back."""


class Entity(Protocol):
    """Undoing what an import wrote of one kind of record."""

    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        """The records (as "CODE name") the operation log says changed after ``mark``."""

    def remove(self, run: Run, ids: list[int]) -> None:
        """Soft-delete records the import created."""

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        """Put back the values records had before the import updated them."""


def spec_for(record_type: str) -> Spec:
    """The spec of ``customers``, ``contacts`` …"""
    module = SPECS.get(record_type)
    if module is None:
        raise InvalidInput(
            "cannot import {record_type!r}; record types: {specs}",
            record_type=record_type,
            specs=", ".join(SPECS),
        )
    spec: Spec = importlib.import_module(module).SPEC
    return spec
