"""Peewee models of the public pool (公海, issue 4). Private to the store; migration 0004.

A pool customer's holder is also its ``Customer.owner``: the one visibility rule then
needs no special case for holders. An unassigned pool customer has no owner.
"""

from __future__ import annotations

import peewee as pw

from crm_cli.store.core.models import BaseModel, User
from crm_cli.store.customers.models import Customer


class PoolMember(BaseModel):
    """Who takes part in the pool: ``admin`` (assigns, extends) or ``member`` (claims)."""

    id = pw.AutoField()
    user_id: int
    user = pw.ForeignKeyField(User, unique=True, on_delete="CASCADE", backref="+")
    role = pw.CharField(max_length=16, default="member")


class PoolCustomer(BaseModel):
    """A customer in the pool, and where it stands."""

    id = pw.AutoField()
    customer_id: int
    holder_id: int | None
    previous_owner_id: int | None
    last_holder_id: int | None
    customer = pw.ForeignKeyField(Customer, unique=True, on_delete="CASCADE", backref="+")
    added_at = pw.DateTimeField()
    holder = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+", index=True)
    assigned_on = pw.DateField(null=True)
    protect_until = pw.DateField(null=True, index=True)
    achieved = pw.BooleanField(default=False)
    achieved_on = pw.DateField(null=True)
    previous_owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    # For the cooldown: who held it last and when it left them.
    last_holder = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    left_holder_on = pw.DateField(null=True)


class PoolLog(BaseModel):
    """Every pool operation (POOL-6); ``actor`` is None for the nightly reclaim."""

    id = pw.AutoField()
    actor_id: int | None
    from_owner_id: int | None
    to_owner_id: int | None
    at = pw.DateTimeField()
    # Not a foreign key: the log outlives a purged customer.
    customer_id = pw.IntegerField()
    action = pw.CharField(max_length=16)
    actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    from_owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    to_owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    protect_from = pw.DateField(null=True)
    protect_until = pw.DateField(null=True)
    rule = pw.CharField(max_length=200, default="")
    run = pw.IntegerField(null=True, index=True)  # the reclaim run that wrote it

    class Meta:
        indexes = ((("customer_id", "at"), False), (("actor", "action", "at"), False))


POOL_MODELS = (PoolMember, PoolCustomer, PoolLog)
