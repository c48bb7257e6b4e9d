"""Plain frozen records returned to callers: no caller ever holds a Model.

NamedTuples rather than dataclasses: building a 40-field frozen dataclass costs
milliseconds at import, and `crm customer add` runs in shell loops.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

ROLES = ("admin", "manager", "sales")


class Exact(Decimal):
    """An exact number that is not money (a quantity, a percentage).

    The output helper prints plain Decimals as money with two decimals; an Exact prints
    as itself, without trailing zeros: 2, 0.125, 12.5.
    """


class User(NamedTuple):
    id: int
    login: str
    display: str
    role: str
    department: str
    supervisor: str | None
    active: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class LogEntry(NamedTuple):
    id: int
    at: dt.datetime
    actor: str | None
    entity: str
    entity_id: int
    customer_id: int | None
    action: str
    changes: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class BatchResult(NamedTuple):
    """What a command over several references did to each."""

    ref: str
    ok: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()
