"""Saved summaries (issue 15, RPT-1): ``saved_report``, a summary definition kept by name,
personal to the user who saved it or, when an admin saves it for the team, run by everyone.

A frozen copy of the model as it was at this migration. Names are unique per owner; the
store keeps a team report's name unique among team reports.
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

    class SavedReport(BaseModel):
        owner = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+", index=False)
        name = pw.CharField(max_length=100)
        team = pw.BooleanField(default=False)
        definition = pw.TextField()
        created_at = pw.DateTimeField()

        class Meta:
            indexes = ((("owner", "name"), True), (("team", "name"), False))

    db.create_tables([SavedReport])
