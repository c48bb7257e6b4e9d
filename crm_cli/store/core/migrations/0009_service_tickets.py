"""Service tickets (issue 13, SRV-1): a customer's request from dispatch to feedback.

A frozen copy of the model as it was at this migration. Foreign keys that lead a composite
index get no index of their own (MariaDB needs one such index, and it is there).
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

    class Contact(BaseModel):
        pass

    class Product(BaseModel):
        pass

    class OrderLine(BaseModel):
        pass

    class Ticket(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="+", index=False)
        contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
        product = pw.ForeignKeyField(Product, null=True, on_delete="SET NULL", backref="+")
        order_line = pw.ForeignKeyField(OrderLine, null=True, on_delete="SET NULL", backref="+")
        type = pw.CharField(max_length=32)
        priority = pw.CharField(max_length=16, default="normal")
        description = pw.TextField(default="")
        status = pw.CharField(max_length=16, default="unprocessed")
        assignee = pw.ForeignKeyField(
            User, null=True, on_delete="SET NULL", backref="+", index=False
        )
        due_at = pw.DateTimeField(null=True, index=True)
        resolution = pw.TextField(default="")
        satisfaction = pw.IntegerField(null=True)
        feedback = pw.TextField(default="")
        next_service = pw.DateField(null=True)
        next_service_by = pw.ForeignKeyField(
            User, null=True, on_delete="SET NULL", backref="+", index=False
        )
        created_by = pw.ForeignKeyField(
            User, null=True, on_delete="SET NULL", backref="+", index=False
        )
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

    db.create_tables([Ticket])
