"""`crm import history`: the import batches, newest first; each user sees their own
(a manager also their team's, an admin everyone's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import NotFound
from crm_cli.store.core.listing import ALL, Page, rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.imports import models as im
from crm_cli.store.imports.bulk import tuples
from crm_cli.store.imports.records import Batch


def to_record(row: im.ImportBatch, logins: dict[int, str]) -> Batch:
    return Batch(
        id=row.id, at=row.at, user=logins.get(row.user_id or 0), record_type=row.record_type,
        file=row.file_name, on_duplicate=row.on_duplicate, total=row.total,
        created=row.created, updated=row.updated, skipped=row.skipped,
        undone_at=row.undone_at, undone_by=logins.get(row.undone_by_id or 0),
    )  # fmt: skip


def _visible(query: object, actor: User) -> object:
    if actor.is_admin:
        return query
    return query.where(im.ImportBatch.user.in_(sorted(access.managed_owner_ids(actor))))  # type: ignore[attr-defined]


@streaming
def iter_batches(actor: User, *, page: Page = ALL) -> Iterator[Batch]:
    """The batches the actor may see, newest first, read as the caller iterates."""
    logins: dict[int, str] = dict(tuples(m.User.select(m.User.id, m.User.login)))
    query = _visible(im.ImportBatch.select().order_by(im.ImportBatch.id.desc()), actor)
    for row in rows(page.apply(query)):
        yield to_record(row, logins)


def batch_row(actor: User, ref: str) -> im.ImportBatch:
    """The batch numbered ``ref`` (``3`` or ``#3``), if the actor may see it."""
    number = as_id(ref.strip().lstrip("#"), "import batch")
    row = im.ImportBatch.get_or_none(im.ImportBatch.id == number) if number else None
    if row is None or not _visible(im.ImportBatch.select().where(im.ImportBatch.id == row.id),
                                   actor).exists():  # type: ignore[attr-defined]  # fmt: skip
        raise NotFound("no import batch {ref!r}; crm import history lists them", ref=ref.strip())
    return row


def when(at: dt.datetime) -> str:
    return at.isoformat(" ", timespec="minutes")
