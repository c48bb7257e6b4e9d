"""Import batches (issue 12): each `crm import` run, and the records it created or updated,
so that `crm import undo` can take it back.

A frozen copy of the models as they were at this migration.
"""

from typing import Any

import peewee as pw


def up(migrator: Any, db: pw.Database) -> None:
    class BaseModel(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        pass

    class ImportBatch(BaseModel):
        user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        at = pw.DateTimeField()
        record_type = pw.CharField(max_length=32)
        file_name = pw.CharField(max_length=300, default="")
        on_duplicate = pw.CharField(max_length=16, default="fail")
        total = pw.IntegerField(default=0)
        created = pw.IntegerField(default=0)
        updated = pw.IntegerField(default=0)
        skipped = pw.IntegerField(default=0)
        log_mark = pw.BigIntegerField(default=0)
        undone_at = pw.DateTimeField(null=True)
        undone_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class ImportItem(BaseModel):
        batch = pw.ForeignKeyField(ImportBatch, on_delete="CASCADE", backref="+", index=False)
        entity = pw.CharField(max_length=16)
        entity_id = pw.IntegerField()
        line = pw.IntegerField()
        action = pw.CharField(max_length=8)
        previous = pw.TextField(default="")

        class Meta:
            indexes = ((("batch", "entity", "entity_id"), False),)

    db.create_tables([ImportBatch, ImportItem])
