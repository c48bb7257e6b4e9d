"""The sales flow: contact records, reminders, opportunities, products, price books,
quotes, orders, payment plans and payments.

A frozen copy of the models as they were at this migration. Money is integer cents,
quantities integer thousandths, percentages integer hundredths of a percent.
"""

from typing import Any

import peewee as pw

SEQUENCES = ("opportunity", "quote", "order", "payment")


def up(migrator: Any, db: pw.Database) -> None:
    class BaseModel(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    # The existing tables, as far as the new foreign keys need them.
    class User(BaseModel):
        pass

    class CustomerStatus(BaseModel):
        pass

    class Customer(BaseModel):
        pass

    class Contact(BaseModel):
        pass

    class Sequence(BaseModel):
        name = pw.CharField(max_length=32, primary_key=True)
        value = pw.BigIntegerField(default=0)

    class Activity(BaseModel):
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
        new_status = pw.ForeignKeyField(
            CustomerStatus, null=True, on_delete="SET NULL", backref="+"
        )
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("customer", "started_at"), False), (("user", "next_date"), False))

    class Reminder(BaseModel):
        user = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+")
        customer = pw.ForeignKeyField(Customer, null=True, on_delete="CASCADE", backref="+")
        text = pw.CharField(max_length=500)
        due_at = pw.DateTimeField()
        done_at = pw.DateTimeField(null=True)
        created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("user", "due_at"), False),)

    class Opportunity(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        customer = pw.ForeignKeyField(Customer, backref="+")
        contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
        owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+", index=True)
        product = pw.CharField(max_length=200, default="")
        description = pw.TextField(default="")
        amount = pw.BigIntegerField(default=0)  # cents
        probability = pw.IntegerField(default=0)
        stage = pw.CharField(max_length=64, default="")
        close_date = pw.DateField(null=True)
        status = pw.CharField(max_length=16, default="open")  # open | won | lost
        closed_on = pw.DateField(null=True)
        reason = pw.CharField(max_length=300, default="")
        created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("customer", "status"), False),)

    class Product(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        name = pw.CharField(max_length=200)
        category = pw.CharField(max_length=64, default="")
        subcategory = pw.CharField(max_length=64, default="")
        unit = pw.CharField(max_length=16, default="")
        price = pw.BigIntegerField(default=0)  # cents
        cost = pw.BigIntegerField(null=True)  # cents
        annual_fee = pw.BigIntegerField(
            null=True
        )  # cents  # a yearly service fee, when the product carries one
        notes = pw.TextField(default="")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

    class PriceBook(BaseModel):
        name = pw.CharField(max_length=100, unique=True)
        customer_group = pw.CharField(max_length=64, default="", index=True)
        created_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

    class PriceBookEntry(BaseModel):
        book = pw.ForeignKeyField(PriceBook, on_delete="CASCADE", backref="+")
        product = pw.ForeignKeyField(Product, on_delete="CASCADE", backref="+")
        price = pw.BigIntegerField()  # cents

        class Meta:
            indexes = ((("book", "product"), True),)

    class Quote(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        ref = pw.CharField(max_length=64, default="", index=True)
        customer = pw.ForeignKeyField(Customer, backref="+")
        contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
        subject = pw.CharField(max_length=200, default="")
        handler = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        valid_until = pw.DateField(null=True)
        pricebook = pw.ForeignKeyField(PriceBook, null=True, on_delete="SET NULL", backref="+")
        total = pw.BigIntegerField(default=0)  # cents
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
        quote = pw.ForeignKeyField(Quote, on_delete="CASCADE", backref="+")
        position = pw.IntegerField()
        product = pw.ForeignKeyField(Product, backref="+")
        quantity = pw.BigIntegerField()  # thousandths
        unit_price = pw.BigIntegerField()  # cents
        discount = pw.BigIntegerField(default=0)  # hundredths of a percent
        amount = pw.BigIntegerField()  # cents
        annual_fee = pw.BigIntegerField(null=True)  # cents

        class Meta:
            indexes = ((("quote", "position"), True),)

    class SalesOrder(BaseModel):
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
        total = pw.BigIntegerField(default=0)  # cents
        received = pw.BigIntegerField(default=0)  # cents
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
        order = pw.ForeignKeyField(SalesOrder, on_delete="CASCADE", backref="+")
        position = pw.IntegerField()
        product = pw.ForeignKeyField(Product, backref="+")
        quantity = pw.BigIntegerField()  # thousandths
        unit_price = pw.BigIntegerField()  # cents
        discount = pw.BigIntegerField(default=0)  # hundredths of a percent
        amount = pw.BigIntegerField()  # cents
        annual_fee = pw.BigIntegerField(null=True)  # cents
        service_end = pw.DateField(null=True, index=True)

        class Meta:
            indexes = ((("order", "position"), True),)

    class Installment(BaseModel):
        order = pw.ForeignKeyField(SalesOrder, on_delete="CASCADE", backref="+")
        number = pw.IntegerField()
        due = pw.DateField(index=True)
        amount = pw.BigIntegerField()  # cents
        received = pw.BigIntegerField(default=0)  # cents

        class Meta:
            indexes = ((("order", "number"), True),)

    class Payment(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        order = pw.ForeignKeyField(SalesOrder, backref="+")
        installment = pw.ForeignKeyField(Installment, null=True, on_delete="SET NULL", backref="+")
        amount = pw.BigIntegerField()  # cents
        paid_on = pw.DateField(index=True)
        method = pw.CharField(max_length=32, default="")
        note = pw.CharField(max_length=300, default="")
        user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = pw.DateTimeField()

        class Meta:
            indexes = ((("order", "paid_on"), False),)

    models = [
        Activity, Reminder, Opportunity, Product, PriceBook, PriceBookEntry,
        Quote, QuoteLine, SalesOrder, OrderLine, Installment, Payment,
    ]  # fmt: skip
    db.create_tables(models)
    Sequence.insert_many([{"name": name, "value": 0} for name in SEQUENCES]).execute()
