"""What `crm db` reports: plain records, no models."""

from __future__ import annotations

from typing import Any, NamedTuple


class DatabaseInfo(NamedTuple):
    """Where the database is, what it is, how big, and its rows per table."""

    url: str  # the password, if any, shown as ***
    backend: str
    schema_version: int  # migrations applied
    schema: str  # the latest one
    size_bytes: int  # SQLite: the file and its WAL; servers: crm's tables and indexes
    tables: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class CheckResult(NamedTuple):
    """One check: whether it holds, how many records break it, the first of them."""

    check: str
    ok: bool
    problems: int
    records: tuple[str, ...]
    about: str

    def to_dict(self) -> dict[str, Any]:
        found = self._asdict()
        found["records"] = list(self.records)
        return found


class BackupResult(NamedTuple):
    path: str
    format: str  # "sqlite" (a SQLite database file) or "crm-dump"
    backend: str  # of the database backed up
    schema_version: int
    size_bytes: int
    rows: int | None  # counted for dumps

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class RestoreResult(NamedTuple):
    source: str
    format: str
    tables: int
    rows: int
    previous: str | None  # the backup of what the restore replaced (--force)
    failed_checks: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        found = self._asdict()
        found["failed_checks"] = list(self.failed_checks)
        return found


class TableCount(NamedTuple):
    table: str
    source: int
    target: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class CopyResult(NamedTuple):
    target: str  # the password, if any, shown as ***
    backend: str
    tables: tuple[TableCount, ...]
    rows: int
    source_failed: tuple[str, ...]  # checks that fail on the source
    target_failed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target, "backend": self.backend, "rows": self.rows,
            "tables": [t.to_dict() for t in self.tables],
            "source_failed": list(self.source_failed), "target_failed": list(self.target_failed),
        }  # fmt: skip
