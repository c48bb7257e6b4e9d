"""Peewee model of marketing campaigns (CMP-1). Private to the store.

Created by migration 0013 and kept in step with it. Customers and opportunities name their
campaign in a plain ``campaign_id`` column (see the migration for why it is no foreign key).
"""

from __future__ import annotations

from decimal import Decimal

import peewee as pw

from crm_cli.store.core.models import BaseModel, MoneyField, User


class Campaign(BaseModel):
    id = pw.AutoField()
    owner_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    name = pw.CharField(max_length=200, index=True)
    type = pw.CharField(max_length=64, default="")
    stage = pw.CharField(max_length=64, default="")
    starts_on = pw.DateField(null=True)
    ends_on = pw.DateField(null=True)
    budget = MoneyField(default=Decimal("0.00"))
    expected_revenue = MoneyField(default=Decimal("0.00"))
    expected_responses = pw.IntegerField(default=0)
    responses = pw.IntegerField(default=0)  # recorded by hand: replies, visitors, leads
    owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    note = pw.TextField(default="")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("starts_on", "id"), False),)


CAMPAIGN_MODELS = (Campaign,)
