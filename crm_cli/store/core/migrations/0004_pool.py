"""The public pool: members, pool customers and the pool log.

A frozen copy of the models as they were at this migration.
"""

from typing import Any

import peewee as pw


def up(migrator: Any, db: pw.Database) -> None:
    class BaseModel(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    # The existing tables, as far as the new foreign keys need them.
    class User(BaseModel):
        pass

    class Customer(BaseModel):
        pass

    class Sequence(BaseModel):
        name = pw.CharField(max_length=32, primary_key=True)
        value = pw.BigIntegerField(default=0)

    class PoolMember(BaseModel):
        user = pw.ForeignKeyField(User, unique=True, on_delete="CASCADE", backref="+")
        role = pw.CharField(max_length=16, default="member")

    class PoolCustomer(BaseModel):
        customer = pw.ForeignKeyField(Customer, unique=True, on_delete="CASCADE", backref="+")
        added_at = pw.DateTimeField()
        holder = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+", index=True)
        assigned_on = pw.DateField(null=True)
        protect_until = pw.DateField(null=True, index=True)
        achieved = pw.BooleanField(default=False)
        achieved_on = pw.DateField(null=True)
        previous_owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        last_holder = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        left_holder_on = pw.DateField(null=True)

    class PoolLog(BaseModel):
        at = pw.DateTimeField()
        customer_id = pw.IntegerField()
        action = pw.CharField(max_length=16)
        actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        from_owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        to_owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        protect_from = pw.DateField(null=True)
        protect_until = pw.DateField(null=True)
        rule = pw.CharField(max_length=200, default="")
        run = pw.IntegerField(null=True, index=True)

        class Meta:
            indexes = ((("customer_id", "at"), False), (("actor", "action", "at"), False))

    db.create_tables([PoolMember, PoolCustomer, PoolLog])
    # Each reclaim run takes the next number by updating this row first, which also
    # makes concurrent runs wait for each other on every backend.
    Sequence.insert(name="pool_reclaim", value=0).execute()
