"""Peewee model of saved summaries (RPT-1). Private to the store.
Created by migration 0014 and kept in step with it.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, User


class SavedReport(BaseModel):
    """A summary definition (`summary.Definition` as JSON) kept by name: personal to
    ``owner``, or for everyone when ``team``."""

    id = pw.AutoField()
    owner_id: int
    # Served by the (owner, name) index below, which starts with it.
    owner = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+", index=False)
    name = pw.CharField(max_length=100)
    team = pw.BooleanField(default=False)
    definition = pw.TextField()
    created_at = pw.DateTimeField()

    class Meta:
        indexes = ((("owner", "name"), True), (("team", "name"), False))


ANALYSIS_MODELS = (SavedReport,)
