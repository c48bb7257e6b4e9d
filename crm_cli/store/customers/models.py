"""Peewee models of customers, their contacts, delegations, statuses, custom fields and saved
searches. Private to the store: callers get records (customers/records.py) instead.

Created by migrations 0001 and 0002; these classes describe the current shape and must stay
in step with them.
"""

from __future__ import annotations

from decimal import Decimal

import peewee as pw

from crm_cli.store.core.models import BaseModel, MoneyField, User


class CustomerStatus(BaseModel):
    id = pw.AutoField()
    name = pw.CharField(max_length=64, unique=True)
    position = pw.IntegerField(default=0)


class CustomField(BaseModel):
    id = pw.AutoField()
    entity = pw.CharField(max_length=32, default="customer")
    key = pw.CharField(max_length=64)
    label = pw.CharField(max_length=100, default="")
    kind = pw.CharField(max_length=16, default="text")

    class Meta:
        indexes = ((("entity", "key"), True),)


class Customer(BaseModel):
    id = pw.AutoField()
    status_id: int | None  # the raw foreign key, for the type checker
    owner_id: int | None
    audited_by_id: int | None
    created_by_id: int | None
    deleted_by_id: int | None
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
    total_ordered = MoneyField(default=Decimal("0.00"))
    total_received = MoneyField(default=Decimal("0.00"))
    balance_owed = MoneyField(default=Decimal("0.00"))
    # The newest evaluation's grade and strategy (EVL-1, migration 0011), kept by the
    # evaluation domain; NULL until a first evaluation.
    grade = pw.CharField(max_length=16, null=True)
    strategy = pw.CharField(max_length=32, null=True)
    # The campaign the customer came from (CMP-1, migration 0013): a plain, indexed number
    # because campaigns are a domain above this one (see campaigns.models).
    campaign_id = pw.IntegerField(null=True, index=True)
    # The unified social credit code (CUS-8, migration 0015), upper case, NULL when none.
    # Indexed, not unique: the duplicate check refuses a second live customer with it.
    credit_code = pw.CharField(max_length=18, null=True, index=True)
    # In the pool (migration 0017), kept by the pool domain: with no owner, it waits in the
    # open pool, where the pool's members see it (`pool.visibility`).
    in_pool = pw.BooleanField(default=False)
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
    id = pw.AutoField()
    customer_id: int | None  # the raw foreign key, for the type checker
    delegate_id: int | None
    granted_by_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="delegations")
    delegate = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    granted_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    until = pw.DateField()
    created_at = pw.DateTimeField()
    revoked_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("delegate", "until"), False),)


class Contact(BaseModel):
    id = pw.AutoField()
    customer_id: int | None  # the raw foreign key, for the type checker
    code = pw.CharField(max_length=32, unique=True)
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="contacts")
    name = pw.CharField(max_length=100)
    mnemonic = pw.CharField(max_length=32, default="")
    title = pw.CharField(max_length=100, default="")
    department = pw.CharField(max_length=100, default="")
    deal_role = pw.CharField(max_length=64, default="")
    birthday = pw.DateField(null=True)
    # Copies kept by the store for `crm today` (migration 0005): the customer's owner, and
    # the birthday's month * 100 + day, indexed together.
    owner_id = pw.IntegerField(null=True)
    birthday_md = pw.SmallIntegerField(null=True)
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


class SavedSearch(BaseModel):
    id = pw.AutoField()
    owner_id: int | None  # the raw foreign key, for the type checker
    owner = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+")
    name = pw.CharField(max_length=100)
    query = pw.TextField()

    class Meta:
        indexes = ((("owner", "name"), True),)


class _SearchIndex(BaseModel):
    """An FTS5 table of migration 0002 (SQLite only), keyed by the customer's id."""

    rowid = pw.IntegerField(primary_key=True)
    body = pw.TextField()


class CustomerTrigrams(_SearchIndex):
    class Meta:
        table_name = "customer_fts"


class CustomerWords(_SearchIndex):
    class Meta:
        table_name = "customer_words"


class CustomerNameRank(BaseModel):
    """Migration 0018 (SQLite only): each customer's number in (name, id) order."""

    rank = pw.BigIntegerField(primary_key=True)
    customer_id = pw.IntegerField(unique=True)

    class Meta:
        table_name = "customer_name_rank"


class NameTrigrams(_SearchIndex):
    """``CustomerTrigrams`` keyed by ``CustomerNameRank.rank`` (migration 0018)."""

    class Meta:
        table_name = "customer_name_fts"


class NameWords(_SearchIndex):
    """``CustomerWords`` keyed by ``CustomerNameRank.rank`` (migration 0018)."""

    class Meta:
        table_name = "customer_name_words"


class NameBucket(BaseModel):
    """Migration 0019 (PostgreSQL only): a stretch of about a thousand customers in (name,
    id) order, from its first customer's (name, id) to the next bucket's."""

    bucket = pw.IntegerField(primary_key=True)
    low_name = pw.TextField()
    low_id = pw.IntegerField()

    class Meta:
        table_name = "customer_name_bucket"


class NameGram(BaseModel):
    """Migration 0019 (PostgreSQL only): a two- or three-letter piece of the lowered search
    texts, and a bit for each bucket with a customer whose text has it."""

    gram = pw.TextField(primary_key=True)
    buckets = pw.BareField()  # varbit

    class Meta:
        table_name = "customer_gram"
