"""Peewee models every domain shares: users, team settings, code sequences, the operation
log, and the base class and money field of every model. Private to the store: callers get
records (records.py) instead.

The schema itself is created by the numbered migrations; these classes describe
the current shape and must stay in step with them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.core.db import db_proxy

CENT = Decimal("0.01")


class MoneyField(pw.BigIntegerField):
    """Money as integer cents, so sums are exact in SQL on every backend."""

    def db_value(self, value: Any) -> int | None:
        if value is None:
            return None
        return int((Decimal(value).quantize(CENT) * 100).to_integral_value())

    def python_value(self, value: Any) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(CENT)


class BaseModel(pw.Model):
    class Meta:
        database = db_proxy
        legacy_table_names = False


class User(BaseModel):
    id = pw.AutoField()
    supervisor_id: int | None  # the raw foreign key, for the type checker
    login = pw.CharField(max_length=64, unique=True)
    display = pw.CharField(max_length=100, default="")
    role = pw.CharField(max_length=16, default="sales")
    department = pw.CharField(max_length=100, default="")
    supervisor = pw.ForeignKeyField("self", null=True, backref="reports", on_delete="SET NULL")
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=dt.datetime.now)
    # Team mode: the server login that acts as this user (migration 0016).
    db_login = pw.CharField(max_length=63, null=True, unique=True)


class Setting(BaseModel):
    key = pw.CharField(max_length=100, primary_key=True)
    value = pw.TextField()


class Sequence(BaseModel):
    name = pw.CharField(max_length=32, primary_key=True)
    value = pw.BigIntegerField(default=0)


class OpLog(BaseModel):
    id = pw.AutoField()
    actor_id: int | None  # the raw foreign key, for the type checker
    at = pw.DateTimeField(index=True)
    actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    entity = pw.CharField(max_length=32)
    entity_id = pw.IntegerField()
    # Not a foreign key: the log outlives a purged customer.
    customer_id = pw.IntegerField(null=True, index=True)
    action = pw.CharField(max_length=32)
    changes = pw.TextField(default="{}")
