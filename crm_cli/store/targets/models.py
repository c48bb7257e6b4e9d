"""Peewee model of sales targets (TGT-1). Private to the store.

Created by migration 0013 and kept in step with it.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, MoneyField, User


class SalesTarget(BaseModel):
    """A target for one user or one department, one period and one metric."""

    id = pw.AutoField()
    user_id: int | None
    setter_id: int | None
    # "user:<id>" or "department:<name>": one non-NULL key for the unique index (NULLs
    # never collide in a unique index, so user/department alone could not keep one
    # target per subject, period and metric).
    subject = pw.CharField(max_length=120)
    user = pw.ForeignKeyField(User, null=True, on_delete="CASCADE", backref="+")
    department = pw.CharField(max_length=100, default="")
    period = pw.CharField(max_length=8)  # month | quarter | year
    starts_on = pw.DateField()
    ends_on = pw.DateField()
    metric = pw.CharField(max_length=24)  # orders | receipts | new_customers | contacts
    # Money for orders and receipts; a whole number for the counts.
    amount = MoneyField()
    setter = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    set_at = pw.DateTimeField()

    class Meta:
        indexes = (
            (("subject", "period", "starts_on", "metric"), True),
            (("period", "starts_on"), False),
        )


TARGET_MODELS = (SalesTarget,)
