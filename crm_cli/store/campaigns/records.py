"""What a campaign is to callers (``Campaign``), and what linking records to one did
(``Linked``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.campaigns import models as km
from crm_cli.store.core import models as m


class Campaign(NamedTuple):
    id: int
    code: str
    name: str
    type: str
    stage: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    budget: Decimal
    expected_revenue: Decimal
    expected_responses: int
    responses: int
    owner: str | None
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Linked(NamedTuple):
    """One customer or opportunity a link or unlink touched."""

    kind: str  # customer | opportunity
    code: str
    name: str
    campaign: str | None  # its campaign now (None: unlinked)
    changed: bool  # False: it already was so

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def logins() -> dict[int, str]:
    return {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}


def record(row: km.Campaign, names: dict[int, str] | None = None) -> Campaign:
    names = names if names is not None else logins()
    return Campaign(
        id=row.id, code=row.code, name=row.name, type=row.type, stage=row.stage,
        starts_on=row.starts_on, ends_on=row.ends_on, budget=row.budget,
        expected_revenue=row.expected_revenue, expected_responses=row.expected_responses,
        responses=row.responses, owner=names.get(row.owner_id or 0), note=row.note,
        created_at=row.created_at, updated_at=row.updated_at,
    )  # fmt: skip


def records(rows: Iterable[km.Campaign]) -> list[Campaign]:
    names = logins()
    return [record(r, names) for r in rows]


def snapshot(row: km.Campaign) -> dict[str, Any]:
    """The fields the operation log compares before and after a step."""
    fields = ("name", "type", "stage", "starts_on", "ends_on", "budget", "expected_revenue",
              "expected_responses", "responses", "owner_id", "note")  # fmt: skip
    return {name.removesuffix("_id"): getattr(row, name) for name in fields}
