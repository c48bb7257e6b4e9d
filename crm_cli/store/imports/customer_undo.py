"""Taking back what an import did to customers: the ones it created go to the trash (as
`crm customer delete` puts them), the ones it updated get their values back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import owners
from crm_cli.store.imports import customer_writes
from crm_cli.store.imports.bulk import Columns, chunks, select_in, tuples
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import Run

C = cm.Customer


class _Names:
    """Status names and logins, as the log shows them."""

    def __init__(self, run: Run) -> None:
        S = cm.CustomerStatus
        self.people = People(run.actor, run.today)
        self.status_names: dict[int, str] = dict(tuples(S.select(S.id, S.name)))


class CustomerEntity:
    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        """Customers with a log entry (theirs, or of anything of theirs) after ``mark``."""
        log = m.OpLog
        query = log.select(log.customer_id).where(log.id > mark).distinct().tuples()
        changed = {row[0] for row in select_in(query, log.customer_id, ids)}
        rows = select_in(C.select(C.code, C.name).tuples(), C.id, changed)
        return sorted(f"{code} {name}" for code, name in rows)

    def remove(self, run: Run, ids: list[int]) -> None:
        for part in chunks(sorted(ids)):
            C.update(deleted_at=run.now, deleted_by=run.actor.id, updated_at=run.now).where(
                C.id.in_(list(part)) & C.deleted_at.is_null()
            ).execute()
            owners.follow(list(part))  # their contacts leave the owner's digest
        log_undo(run, "customer", [(i, i) for i in ids], {"import_batch": run.batch_id})

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        names = _Names(run)
        for row in select_in(C.select(), C.id, previous):
            before = {key: oplog.plain(getattr(row, key)) for key in previous[row.id]}
            for key, value in previous[row.id].items():
                setattr(row, key, as_stored(C, key, value))
            customer_writes.save(run, row, before, "import-undo", names)


def as_stored(model: Any, key: str, value: Any) -> Any:
    """A value from ``ImportItem.previous`` (JSON) as ``model`` holds it."""
    field = model._meta.fields.get(key)
    if value is not None and isinstance(field, pw.DateTimeField):
        return dt.datetime.fromisoformat(value)
    if value is not None and isinstance(field, pw.DateField):
        return dt.date.fromisoformat(value)
    return value


def log_undo(
    run: Run, entity: str, ids: list[tuple[int, int | None]], changes: dict[str, Any]
) -> None:
    """One "import-undo" log entry per record: (record id, its customer's id)."""
    log = Columns(m.OpLog)
    text = json.dumps(changes)
    log.insert([
        log.row({"at": run.now, "actor": run.actor.id, "entity": entity, "entity_id": record,
                 "customer_id": customer, "action": "import-undo", "changes": text})
        for record, customer in ids
    ])  # fmt: skip


ENTITY = CustomerEntity()
