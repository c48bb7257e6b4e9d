"""Peewee models of service tickets (issue 13). Private to the store.

Created by migration 0009 and kept in step with it.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, User
from crm_cli.store.customers.models import Contact, Customer
from crm_cli.store.sales.models import OrderLine, Product


class Ticket(BaseModel):
    """A service ticket (SRV-1): unprocessed → assigned → in progress → resolved → closed."""

    id = pw.AutoField()
    customer_id: int
    contact_id: int | None
    product_id: int | None
    order_line_id: int | None
    assignee_id: int | None
    next_service_by_id: int | None
    created_by_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    # Foreign keys without their own index are served by a composite one that starts with them.
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="+", index=False)
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    product = pw.ForeignKeyField(Product, null=True, on_delete="SET NULL", backref="+")
    order_line = pw.ForeignKeyField(OrderLine, null=True, on_delete="SET NULL", backref="+")
    type = pw.CharField(max_length=32)
    priority = pw.CharField(max_length=16, default="normal")
    description = pw.TextField(default="")
    status = pw.CharField(max_length=16, default="unprocessed")
    assignee = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+", index=False)
    due_at = pw.DateTimeField(null=True, index=True)
    resolution = pw.TextField(default="")
    satisfaction = pw.IntegerField(null=True)
    feedback = pw.TextField(default="")
    next_service = pw.DateField(null=True)
    # Who planned the next service hears about it in `crm today` (as with next contacts).
    next_service_by = pw.ForeignKeyField(
        User, null=True, on_delete="SET NULL", backref="+", index=False
    )
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+", index=False)
    created_at = pw.DateTimeField(index=True)
    updated_at = pw.DateTimeField()
    assigned_at = pw.DateTimeField(null=True)
    started_at = pw.DateTimeField(null=True)
    resolved_at = pw.DateTimeField(null=True)
    closed_at = pw.DateTimeField(null=True)
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = (
            (("customer", "created_at"), False),
            (("assignee", "status", "due_at"), False),
            (("created_by", "status", "due_at"), False),
            (("next_service_by", "next_service"), False),
        )


SERVICE_MODELS = (Ticket,)
