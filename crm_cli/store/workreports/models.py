"""Peewee models of work reports (WRK-1). Private to the store.

Created by migration 0013 and kept in step with it.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, User


class WorkReport(BaseModel):
    """One person's report for one day, week or month (日报/周报/月报)."""

    id = pw.AutoField()
    author_id: int
    code = pw.CharField(max_length=32, unique=True)
    # Served by the unique index below, which starts with it (MariaDB needs one such).
    author = pw.ForeignKeyField(User, backref="+", index=False)
    period = pw.CharField(max_length=8)  # day | week | month
    starts_on = pw.DateField()
    ends_on = pw.DateField()
    body = pw.TextField(default="")
    # The reference figures (参考数据) as JSON, frozen when the report is submitted so that
    # what the manager reads is what the writer saw; a draft's are computed when shown.
    figures = pw.TextField(default="{}")
    status = pw.CharField(max_length=16, default="draft")  # draft | submitted
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    submitted_at = pw.DateTimeField(null=True)
    late_days = pw.IntegerField(null=True)  # set on submit: 0 on time, n days late
    # The first comment's time: "waiting for a comment" is a plain filter, not a NOT EXISTS.
    commented_at = pw.DateTimeField(null=True)
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        # One report per person and period; a deleted one is revived, never duplicated.
        # The list reads the latest periods first through (starts_on, id).
        indexes = (
            (("author", "period", "starts_on"), True),
            (("starts_on", "id"), False),
        )


class WorkReportComment(BaseModel):
    id = pw.AutoField()
    report_id: int
    author_id: int | None
    report = pw.ForeignKeyField(WorkReport, on_delete="CASCADE", backref="+")
    author = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    at = pw.DateTimeField()
    body = pw.TextField()


WORK_REPORT_MODELS = (WorkReport, WorkReportComment)
