"""Plain records of imports: what each row did, what a whole import did, the batches of
`crm import history`, and what an undo did."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple


class ImportedRow(NamedTuple):
    """One row of the file: created, updated or skipped (in a dry run: would be)."""

    row: int
    action: str  # create | update | skip
    code: str
    name: str
    customer: str | None  # a contact's customer (code)
    note: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class ImportSummary(NamedTuple):
    """What an import did; ``batch`` is None in a dry run (nothing was written)."""

    batch: int | None
    record_type: str
    file: str
    total: int
    created: int
    updated: int
    skipped: int
    dry_run: bool

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Batch(NamedTuple):
    """One import as `crm import history` lists it."""

    id: int
    at: dt.datetime
    user: str | None
    record_type: str
    file: str
    on_duplicate: str
    total: int
    created: int
    updated: int
    skipped: int
    undone_at: dt.datetime | None
    undone_by: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Undone(NamedTuple):
    """What `crm import undo` did: records deleted (those it created) and restored."""

    batch: int
    record_type: str
    deleted: int
    restored: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()
