"""Peewee models of import batches (migration 0008). Private to the store: callers get
records (imports/records.py) instead.

A batch is one run of ``crm import``: who, when, what and from which file, with its counts.
Its items are enough to undo it: each record it created, and each it updated with the
values it had before (``previous``, JSON of stored column values).
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, User


class ImportBatch(BaseModel):
    id = pw.AutoField()
    user_id: int | None  # the raw foreign key, for the type checker
    undone_by_id: int | None
    user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    at = pw.DateTimeField()
    record_type = pw.CharField(max_length=32)
    file_name = pw.CharField(max_length=300, default="")
    on_duplicate = pw.CharField(max_length=16, default="fail")
    total = pw.IntegerField(default=0)
    created = pw.IntegerField(default=0)
    updated = pw.IntegerField(default=0)
    skipped = pw.IntegerField(default=0)
    # The operation log's last entry when the import was done: a later entry about one of
    # its records means that record changed since (undo then refuses).
    log_mark = pw.BigIntegerField(default=0)
    undone_at = pw.DateTimeField(null=True)
    undone_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class ImportItem(BaseModel):
    id = pw.AutoField()
    batch_id: int
    batch = pw.ForeignKeyField(ImportBatch, on_delete="CASCADE", backref="+", index=False)
    entity = pw.CharField(max_length=16)
    entity_id = pw.IntegerField()
    line = pw.IntegerField()
    action = pw.CharField(max_length=8)
    previous = pw.TextField(default="")

    class Meta:
        indexes = ((("batch", "entity", "entity_id"), False),)


IMPORT_MODELS = (ImportBatch, ImportItem)
