"""`crm import undo BATCH`: take an import back, all of it or nothing.

What it created goes to the trash (deletes are soft); what it updated gets its values from
before. Refused when the batch was undone already, and when any of its records changed
since (the operation log has a later entry about it): those are named, and nothing moves.
Only the user who ran the import, or an admin, may undo it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import Conflict, InvalidInput, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.imports import models as im
from crm_cli.store.imports.batches import batch_row, when
from crm_cli.store.imports.bulk import tuples
from crm_cli.store.imports.records import Undone
from crm_cli.store.imports.specs import Run, Spec, spec_for

SHOWN = 5  # changed records named in the refusal


@writing
def undo_batch(actor: User, ref: str, *, now: dt.datetime | None = None) -> Undone:
    """Undo import batch ``ref``.

    Raises:
        NotFound: no such batch (or one the actor may not see).
        PermissionDenied: someone else's import, and the actor is no admin.
        InvalidInput: the batch was undone already.
        Conflict: records of the batch changed since; they are named.
    """
    now = now_or(now)
    batch = batch_row(actor, ref)
    if batch.user_id != actor.id and not actor.is_admin:
        raise PermissionDenied(
            "only the user who ran import {id}, or an admin, may undo it", id=batch.id
        )
    if batch.undone_at is not None:
        who = m.User.get_or_none(m.User.id == batch.undone_by_id)
        if who is None:
            raise InvalidInput(
                "import {id} was undone already ({undone_at})",
                id=batch.id, undone_at=when(batch.undone_at),
            )  # fmt: skip
        raise InvalidInput(
            "import {id} was undone already ({undone_at} by {login})",
            id=batch.id, undone_at=when(batch.undone_at), login=who.login,
        )  # fmt: skip
    spec = spec_for(batch.record_type)
    created, updated = _items(batch.id)
    _refuse_changed(spec, batch, {**{e: list(i) for e, i in created.items()},
                                  **{e: list(p) for e, p in updated.items()}})  # fmt: skip
    run = Run(actor, now, batch.id, batch.on_duplicate, batch.record_type)
    for entity, ids in created.items():
        spec.entity(entity).remove(run, ids)
    for entity, previous in updated.items():
        spec.entity(entity).restore(run, previous)
    batch.undone_at, batch.undone_by_id = now, actor.id
    batch.save()
    restored = sum(len(p) for p in updated.values())
    return Undone(batch.id, batch.record_type, sum(map(len, created.values())), restored)


def _items(batch_id: int) -> tuple[dict[str, list[int]], dict[str, dict[int, dict[str, Any]]]]:
    item = im.ImportItem
    created: dict[str, list[int]] = {}
    updated: dict[str, dict[int, dict[str, Any]]] = {}
    query = item.select(item.entity, item.entity_id, item.action, item.previous).where(
        item.batch == batch_id
    )
    for entity, entity_id, action, previous in tuples(query):
        if action == "create":
            created.setdefault(entity, []).append(entity_id)
        else:
            updated.setdefault(entity, {})[entity_id] = json.loads(previous or "{}")
    return created, updated


def _refuse_changed(spec: Spec, batch: im.ImportBatch, ids: dict[str, list[int]]) -> None:
    changed: list[str] = []
    for entity, found in ids.items():
        changed += spec.entity(entity).changed_since(found, batch.log_mark)
    if changed:
        shown = ", ".join(changed[:SHOWN]) + (f" and {len(changed) - SHOWN} more"
                                              if len(changed) > SHOWN else "")  # fmt: skip
        raise Conflict(
            "cannot undo import {id}: changed since: {shown}; nothing undone",
            id=batch.id,
            shown=shown,
        )
