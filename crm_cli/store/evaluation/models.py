"""Peewee model of customer evaluations (EVL-1). Private to the store.

Created by migration 0011 and kept in step with it.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, User
from crm_cli.store.customers.models import Customer


class CustomerEvaluation(BaseModel):
    """One evaluation of a customer; the customer's row keeps the newest grade and strategy."""

    id = pw.AutoField()
    customer_id: int
    evaluator_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    # Served by the composite index below, which starts with it (MariaDB needs one such).
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="+", index=False)
    evaluator = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    evaluated_at = pw.DateTimeField()
    grade = pw.CharField(max_length=16)
    # Scores by name as a JSON object ({"credit": 4}): the names are a team setting that
    # changes, and a customer has few evaluations, read whole.
    scores = pw.TextField(default="{}")
    strategy = pw.CharField(max_length=32, null=True)
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("customer", "evaluated_at"), False),)


EVALUATION_MODELS = (CustomerEvaluation,)
