"""The operation log (USR-6): who changed what, when, before and after.

Written by the service functions in the same transaction as the change itself.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core.records import LogEntry, User


def plain(value: Any) -> Any:
    """A value as the log stores it in JSON: dates ISO, times to the second, Decimal as text."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [before, after]}``."""
    return {
        key: [plain(before.get(key)), plain(value)]
        for key, value in after.items()
        if plain(before.get(key)) != plain(value)
    }


def nonempty(values: dict[str, Any]) -> dict[str, Any]:
    """The fields that carry a value: what an "add" entry records."""
    return {k: v for k, v in values.items() if v not in ("", None, {}, [], False)}


def write(
    actor: User | None,
    entity: str,
    entity_id: int,
    customer_id: int | None,
    action: str,
    changes: dict[str, Any],
    now: dt.datetime,
) -> None:
    m.OpLog.create(
        at=now,
        actor=actor.id if actor else None,
        entity=entity,
        entity_id=entity_id,
        customer_id=customer_id,
        action=action,
        changes=json.dumps({k: plain(v) for k, v in changes.items()}, ensure_ascii=False),
    )


def entries_for_customer(
    customer_id: int, limit: int | None = None, offset: int = 0
) -> list[LogEntry]:
    """A customer's log, newest first: at most ``limit`` (None: all) after ``offset``."""
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}
    query = (
        m.OpLog.select()
        .where(m.OpLog.customer_id == customer_id)
        .order_by(m.OpLog.at.desc(), m.OpLog.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [
        LogEntry(
            id=row.id,
            at=row.at,
            actor=logins.get(row.actor_id or 0),
            entity=row.entity,
            entity_id=row.entity_id,
            customer_id=row.customer_id,
            action=row.action,
            changes=json.loads(row.changes or "{}"),
        )
        for row in query
    ]
