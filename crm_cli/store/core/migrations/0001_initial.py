"""Customers, contacts, people, settings and the operation log.

A frozen copy of the models as they were at this migration: later model
changes come as later migrations, never as edits here.
"""

import datetime as dt
from typing import Any

import peewee as pw

DEFAULT_STATUSES = ("potential", "intent", "formal", "lost")


def up(migrator: Any, db: pw.Database) -> None:
    class BaseModel(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        login = pw.CharField(max_length=64, unique=True)
        display = pw.CharField(max_length=100, default="")
        role = pw.CharField(max_length=16, default="sales")
        department = pw.CharField(max_length=100, default="")
        supervisor = pw.ForeignKeyField("self", null=True, backref="reports", on_delete="SET NULL")
        active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField(default=dt.datetime.now)

    class Setting(BaseModel):
        key = pw.CharField(max_length=100, primary_key=True)
        value = pw.TextField()

    class Sequence(BaseModel):
        name = pw.CharField(max_length=32, primary_key=True)
        value = pw.BigIntegerField(default=0)

    class CustomerStatus(BaseModel):
        name = pw.CharField(max_length=64, unique=True)
        position = pw.IntegerField(default=0)

    class CustomField(BaseModel):
        entity = pw.CharField(max_length=32, default="customer")
        key = pw.CharField(max_length=64)
        label = pw.CharField(max_length=100, default="")
        kind = pw.CharField(max_length=16, default="text")

        class Meta:
            indexes = ((("entity", "key"), True),)

    class Customer(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        name = pw.CharField(max_length=200)
        mnemonic = pw.CharField(max_length=32, default="", index=True)
        keyword = pw.CharField(max_length=100, default="", index=True)
        is_public = pw.BooleanField(default=False)
        status = pw.ForeignKeyField(CustomerStatus, null=True, on_delete="SET NULL")
        type = pw.CharField(max_length=64, default="")
        source = pw.CharField(max_length=64, default="")
        industry = pw.CharField(max_length=64, default="")
        level = pw.CharField(max_length=32, default="")
        phone = pw.CharField(max_length=64, default="")
        fax = pw.CharField(max_length=64, default="")
        email = pw.CharField(max_length=200, default="")
        website = pw.CharField(max_length=200, default="")
        country = pw.CharField(max_length=64, default="")
        province = pw.CharField(max_length=64, default="")
        city = pw.CharField(max_length=64, default="")
        address = pw.CharField(max_length=300, default="")
        postcode = pw.CharField(max_length=16, default="")
        owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", index=True)
        registered = pw.DateField(null=True)
        notes = pw.TextField(default="")
        custom = pw.TextField(default="{}")
        # Derived (CUS-3): kept by the store, never edited by hand.
        last_contact = pw.DateField(null=True)
        next_contact = pw.DateField(null=True)
        latest_progress = pw.TextField(default="")
        last_order = pw.DateField(null=True)
        total_ordered = pw.BigIntegerField(default=0)  # cents
        total_received = pw.BigIntegerField(default=0)  # cents
        balance_owed = pw.BigIntegerField(default=0)  # cents
        # Lifecycle.
        audited = pw.BooleanField(default=False)
        audited_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        audited_at = pw.DateTimeField(null=True)
        created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True, index=True)
        deleted_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        # Search and duplicate keys, maintained by the store.
        name_key = pw.CharField(max_length=200, default="", index=True)
        phone_key = pw.CharField(max_length=32, default="", index=True)
        email_key = pw.CharField(max_length=200, default="", index=True)
        search_text = pw.TextField(default="")

    class Delegation(BaseModel):
        customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="delegations")
        delegate = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+")
        granted_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        until = pw.DateField()
        created_at = pw.DateTimeField()
        revoked_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("delegate", "until"), False),)

    class Contact(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="contacts")
        name = pw.CharField(max_length=100)
        mnemonic = pw.CharField(max_length=32, default="")
        title = pw.CharField(max_length=100, default="")
        department = pw.CharField(max_length=100, default="")
        deal_role = pw.CharField(max_length=64, default="")
        birthday = pw.DateField(null=True)
        age_range = pw.CharField(max_length=32, default="")
        gender = pw.CharField(max_length=16, default="")
        mobile = pw.CharField(max_length=64, default="")
        work_phone = pw.CharField(max_length=64, default="")
        home_phone = pw.CharField(max_length=64, default="")
        email = pw.CharField(max_length=200, default="")
        im = pw.CharField(max_length=100, default="")
        spouse = pw.CharField(max_length=100, default="")
        hobbies = pw.CharField(max_length=300, default="")
        province = pw.CharField(max_length=64, default="")
        city = pw.CharField(max_length=64, default="")
        notes = pw.TextField(default="")
        name_key = pw.CharField(max_length=100, default="", index=True)
        phone_key = pw.CharField(max_length=32, default="", index=True)
        email_key = pw.CharField(max_length=200, default="", index=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

    class OpLog(BaseModel):
        at = pw.DateTimeField(index=True)
        actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        entity = pw.CharField(max_length=32)
        entity_id = pw.IntegerField()
        # Not a foreign key: the log outlives a purged customer.
        customer_id = pw.IntegerField(null=True, index=True)
        action = pw.CharField(max_length=32)
        changes = pw.TextField(default="{}")

    class SavedSearch(BaseModel):
        owner = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+")
        name = pw.CharField(max_length=100)
        query = pw.TextField()

        class Meta:
            indexes = ((("owner", "name"), True),)

    models = [
        User,
        Setting,
        Sequence,
        CustomerStatus,
        CustomField,
        Customer,
        Delegation,
        Contact,
        OpLog,
        SavedSearch,
    ]
    db.create_tables(models)
    for position, name in enumerate(DEFAULT_STATUSES):
        CustomerStatus.create(name=name, position=position)
    Sequence.insert_many(
        [{"name": "customer", "value": 0}, {"name": "contact", "value": 0}]
    ).execute()
