"""Peewee models of the sales flow (issue 3): opportunities, products and price books, quotes,
orders, payment plans and payments.

Private to the store like every models.py; created by migration 0003 and kept in step with it.
Customers are referenced without ON DELETE CASCADE where money is involved, so purging a
customer that has quotes, orders or payments is refused by the database as well as by the
store.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.core.models import BaseModel, MoneyField, User
from crm_cli.store.customers.models import Contact, Customer


class ScaledField(pw.BigIntegerField):
    """An exact decimal with fixed places, stored as an integer (quantities, percentages)."""

    def __init__(self, places: int, *args: Any, **kwargs: Any) -> None:
        self.places = places
        self.unit = Decimal(1).scaleb(-places)
        super().__init__(*args, **kwargs)

    def db_value(self, value: Any) -> int | None:
        if value is None:
            return None
        return int(Decimal(value).quantize(self.unit).scaleb(self.places))

    def python_value(self, value: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(self.unit)


def quantity_field(**kwargs: Any) -> ScaledField:
    """Quantities to three decimals (2.5 boxes, 0.125 t)."""
    return ScaledField(3, **kwargs)


def percent_field(**kwargs: Any) -> ScaledField:
    """Percentages to two decimals (a 12.50% discount)."""
    return ScaledField(2, **kwargs)


class Opportunity(BaseModel):
    """A sales opportunity (OPP-1)."""

    id = pw.AutoField()
    customer_id: int
    contact_id: int | None
    owner_id: int | None
    created_by_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    customer = pw.ForeignKeyField(Customer, backref="+")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+", index=True)
    product = pw.CharField(max_length=200, default="")
    description = pw.TextField(default="")
    amount = MoneyField(default=Decimal("0.00"))
    probability = pw.IntegerField(default=0)
    stage = pw.CharField(max_length=64, default="")
    close_date = pw.DateField(null=True)
    status = pw.CharField(max_length=16, default="open")  # open | won | lost
    closed_on = pw.DateField(null=True)
    reason = pw.CharField(max_length=300, default="")
    # The campaign it belongs to (CMP-1, migration 0013); a plain number, see campaigns.models.
    campaign_id = pw.IntegerField(null=True, index=True)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "status"), False),)


class Product(BaseModel):
    """A product or service (PRD-1); the code is the user's own."""

    id = pw.AutoField()
    code = pw.CharField(max_length=32, unique=True)
    name = pw.CharField(max_length=200)
    category = pw.CharField(max_length=64, default="")
    subcategory = pw.CharField(max_length=64, default="")
    unit = pw.CharField(max_length=16, default="")
    price = MoneyField(default=Decimal("0.00"))
    cost = MoneyField(null=True)
    annual_fee = MoneyField(null=True)  # a yearly service fee, when the product carries one
    tax_rate = percent_field(null=True)  # VAT %; None: the team's tax.rate (migration 0015)
    notes = pw.TextField(default="")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)


class PriceBook(BaseModel):
    """A named price list for a customer group (the customer's level, e.g. A or VIP)."""

    id = pw.AutoField()
    name = pw.CharField(max_length=100, unique=True)
    customer_group = pw.CharField(max_length=64, default="", index=True)
    created_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)


class PriceBookEntry(BaseModel):
    id = pw.AutoField()
    book_id: int
    product_id: int
    book = pw.ForeignKeyField(PriceBook, on_delete="CASCADE", backref="+")
    product = pw.ForeignKeyField(Product, on_delete="CASCADE", backref="+")
    price = MoneyField()

    class Meta:
        indexes = ((("book", "product"), True),)


class Quote(BaseModel):
    """A quote (报价单, QUO-1); ``ref`` is the reference an imported file gave it."""

    id = pw.AutoField()
    customer_id: int
    contact_id: int | None
    handler_id: int | None
    pricebook_id: int | None
    audited_by_id: int | None
    created_by_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    ref = pw.CharField(max_length=64, default="", index=True)
    customer = pw.ForeignKeyField(Customer, backref="+")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    subject = pw.CharField(max_length=200, default="")
    handler = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    valid_until = pw.DateField(null=True)
    pricebook = pw.ForeignKeyField(PriceBook, null=True, on_delete="SET NULL", backref="+")
    total = MoneyField(default=Decimal("0.00"))
    notes = pw.TextField(default="")
    audited = pw.BooleanField(default=False)
    audited_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    audited_at = pw.DateTimeField(null=True)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(index=True)
    updated_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "created_at"), False),)


class QuoteLine(BaseModel):
    id = pw.AutoField()
    quote_id: int
    product_id: int
    quote = pw.ForeignKeyField(Quote, on_delete="CASCADE", backref="+")
    position = pw.IntegerField()
    product = pw.ForeignKeyField(Product, backref="+")
    quantity = quantity_field()
    unit_price = MoneyField()
    discount = percent_field(default=Decimal("0"))
    amount = MoneyField()  # what the customer pays, VAT included
    annual_fee = MoneyField(null=True)
    tax_rate = percent_field(default=Decimal("0"))  # VAT, kept as the line was made (0015)
    tax = MoneyField(default=Decimal("0.00"))  # the VAT in ``amount``

    class Meta:
        indexes = ((("quote", "position"), True),)


class SalesOrder(BaseModel):
    """A sales order or contract (ORD-1); ``kind`` is sale or service_fee (a renewal)."""

    id = pw.AutoField()
    customer_id: int
    quote_id: int | None
    owner_id: int | None
    decided_by_id: int | None
    created_by_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    customer = pw.ForeignKeyField(Customer, backref="+")
    quote = pw.ForeignKeyField(Quote, null=True, on_delete="SET NULL", backref="+")
    owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+", index=True)
    kind = pw.CharField(max_length=16, default="sale")
    subject = pw.CharField(max_length=200, default="")
    signed = pw.DateField(null=True)
    due = pw.DateField(null=True)  # the receivable date
    status = pw.CharField(max_length=16, default="draft")
    submitted_at = pw.DateTimeField(null=True)
    decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    decided_at = pw.DateTimeField(null=True)
    reject_reason = pw.CharField(max_length=300, default="")
    cancel_reason = pw.CharField(max_length=300, default="")
    cancelled_at = pw.DateTimeField(null=True)
    total = MoneyField(default=Decimal("0.00"))
    received = MoneyField(default=Decimal("0.00"))
    settled = pw.BooleanField(default=False)
    notes = pw.TextField(default="")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "sales_order"  # ORDER is an SQL keyword
        indexes = ((("customer", "created_at"), False), (("settled", "due"), False))


class OrderLine(BaseModel):
    id = pw.AutoField()
    order_id: int
    product_id: int
    order = pw.ForeignKeyField(SalesOrder, on_delete="CASCADE", backref="+")
    owner_id = pw.IntegerField(null=True)  # the order's, for `crm today` (migration 0005)
    position = pw.IntegerField()
    product = pw.ForeignKeyField(Product, backref="+")
    quantity = quantity_field()
    unit_price = MoneyField()
    discount = percent_field(default=Decimal("0"))
    amount = MoneyField()  # what the customer pays, VAT included
    annual_fee = MoneyField(null=True)
    service_end = pw.DateField(null=True, index=True)
    tax_rate = percent_field(default=Decimal("0"))  # as on QuoteLine
    tax = MoneyField(default=Decimal("0.00"))

    class Meta:
        indexes = ((("order", "position"), True),)


class Installment(BaseModel):
    """One due amount of an order's payment plan (ORD-2)."""

    id = pw.AutoField()
    order_id: int
    order = pw.ForeignKeyField(SalesOrder, on_delete="CASCADE", backref="+")
    owner_id = pw.IntegerField(null=True)  # the order's, for `crm today` (migration 0005)
    number = pw.IntegerField()
    due = pw.DateField(index=True)
    amount = MoneyField()
    received = MoneyField(default=Decimal("0.00"))

    class Meta:
        indexes = ((("order", "number"), True),)


class Payment(BaseModel):
    """A receipt (收款单, PAY-1), against an installment or the order as a whole."""

    id = pw.AutoField()
    order_id: int
    installment_id: int | None
    user_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    order = pw.ForeignKeyField(SalesOrder, backref="+")
    installment = pw.ForeignKeyField(Installment, null=True, on_delete="SET NULL", backref="+")
    amount = MoneyField()
    paid_on = pw.DateField(index=True)
    method = pw.CharField(max_length=32, default="")
    note = pw.CharField(max_length=300, default="")
    user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField()
    # Set when the import that wrote it is undone (migration 0010); totals read live ones.
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("order", "paid_on"), False),)


SALES_MODELS = (
    Opportunity,
    Product,
    PriceBook,
    PriceBookEntry,
    Quote,
    QuoteLine,
    SalesOrder,
    OrderLine,
    Installment,
    Payment,
)
