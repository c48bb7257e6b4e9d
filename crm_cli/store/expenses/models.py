"""Peewee model of expenses (EXP-1). Private to the store.

Created by migration 0013 and kept in step with it.
"""

from __future__ import annotations

from decimal import Decimal

import peewee as pw

from crm_cli.store.campaigns.models import Campaign
from crm_cli.store.core.models import BaseModel, MoneyField, User
from crm_cli.store.customers.models import Customer
from crm_cli.store.sales.models import Opportunity


class Expense(BaseModel):
    id = pw.AutoField()
    owner_id: int
    customer_id: int | None
    opportunity_id: int | None
    campaign_id: int | None
    decided_by_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    # Served by the (owner, spent_on) index below, which starts with it.
    owner = pw.ForeignKeyField(User, backref="+", index=False)
    spent_on = pw.DateField()
    category = pw.CharField(max_length=64, default="")
    amount = MoneyField(default=Decimal("0.00"))
    customer = pw.ForeignKeyField(Customer, null=True, on_delete="SET NULL", backref="+")
    opportunity = pw.ForeignKeyField(Opportunity, null=True, on_delete="SET NULL", backref="+")
    campaign = pw.ForeignKeyField(Campaign, null=True, on_delete="SET NULL", backref="+")
    note = pw.TextField(default="")
    status = pw.CharField(max_length=16, default="draft")  # draft|submitted|approved|rejected
    submitted_at = pw.DateTimeField(null=True)
    decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    decided_at = pw.DateTimeField(null=True)
    reject_reason = pw.CharField(max_length=300, default="")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = (
            (("owner", "spent_on"), False),
            (("status", "submitted_at"), False),  # the approval inbox, oldest first
            (("spent_on", "id"), False),  # everyone's list, latest day first (an admin's)
        )


EXPENSE_MODELS = (Expense,)
