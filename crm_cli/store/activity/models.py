"""Peewee models of contact records and reminders (issue 3). Private to the store.

Created by migration 0003 and kept in step with it.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, User
from crm_cli.store.customers.models import Contact, Customer, CustomerStatus


class Activity(BaseModel):
    """A contact record (联系记录, ACT-1)."""

    id = pw.AutoField()
    customer_id: int
    contact_id: int | None
    user_id: int | None
    new_status_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="+")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    method = pw.CharField(max_length=16, default="phone")
    purpose = pw.CharField(max_length=64, default="")
    reason = pw.CharField(max_length=200, default="")
    place = pw.CharField(max_length=200, default="")
    started_at = pw.DateTimeField()
    ended_at = pw.DateTimeField(null=True)
    minutes = pw.IntegerField(null=True)
    summary = pw.TextField(default="")
    project = pw.CharField(max_length=200, default="")
    order_ref = pw.CharField(max_length=64, default="")
    result = pw.CharField(max_length=16, default="continue")  # continue | deal | failed
    failure_reason = pw.CharField(max_length=300, default="")
    next_date = pw.DateField(null=True)
    next_status = pw.CharField(max_length=16, default="")  # remind | done | cancelled
    next_note = pw.CharField(max_length=300, default="")
    new_status = pw.ForeignKeyField(CustomerStatus, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "started_at"), False), (("user", "next_date"), False))


class Reminder(BaseModel):
    """A manual reminder (`crm remind add`)."""

    id = pw.AutoField()
    user_id: int
    customer_id: int | None
    created_by_id: int | None
    user = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    customer = pw.ForeignKeyField(Customer, null=True, on_delete="CASCADE", backref="+")
    text = pw.CharField(max_length=500)
    due_at = pw.DateTimeField()
    done_at = pw.DateTimeField(null=True)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)
    # The customer's ``deleted_at``, copied (migration 0013, `activity.wiring`): `crm today`
    # counts a user's due reminders in the partial index of open reminders whose customer
    # is live, without reading a customer row per reminder.
    customer_trashed_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "due_at"), False),)


ACTIVITY_MODELS = (Activity, Reminder)
