"""The manager's tools (issue 14): work reports and their comments (WRK-1), sales targets
(TGT-1), marketing campaigns (CMP-1) and expenses (EXP-1); and the campaign a customer came
from and an opportunity belongs to (``customer.campaign_id``, ``opportunity.campaign_id``).

Frozen copies of the models as they were at this migration. The two campaign columns are
plain integers, not foreign keys: campaigns are a domain above customers and sales, and are
only ever soft-deleted, so the number always names a row.
"""

from typing import Any

import peewee as pw
from playhouse.migrate import migrate as run


class _Money(pw.BigIntegerField):
    """Cents, as core.models.MoneyField stores them."""


def up(migrator: Any, db: pw.Database) -> None:
    class BaseModel(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        pass

    class Customer(BaseModel):
        pass

    class Opportunity(BaseModel):
        pass

    class WorkReport(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        author = pw.ForeignKeyField(User, backref="+", index=False)
        period = pw.CharField(max_length=8)
        starts_on = pw.DateField()
        ends_on = pw.DateField()
        body = pw.TextField(default="")
        figures = pw.TextField(default="{}")
        status = pw.CharField(max_length=16, default="draft")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        submitted_at = pw.DateTimeField(null=True)
        late_days = pw.IntegerField(null=True)
        commented_at = pw.DateTimeField(null=True)
        deleted_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("author", "period", "starts_on"), True),)

    class WorkReportComment(BaseModel):
        report = pw.ForeignKeyField(WorkReport, on_delete="CASCADE", backref="+")
        author = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        at = pw.DateTimeField()
        body = pw.TextField()

    class SalesTarget(BaseModel):
        subject = pw.CharField(max_length=120)
        user = pw.ForeignKeyField(User, null=True, on_delete="CASCADE", backref="+")
        department = pw.CharField(max_length=100, default="")
        period = pw.CharField(max_length=8)
        starts_on = pw.DateField()
        ends_on = pw.DateField()
        metric = pw.CharField(max_length=24)
        amount = _Money()
        setter = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        set_at = pw.DateTimeField()

        class Meta:
            indexes = (
                (("subject", "period", "starts_on", "metric"), True),
                (("period", "starts_on"), False),
            )

    class Campaign(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        name = pw.CharField(max_length=200, index=True)
        type = pw.CharField(max_length=64, default="")
        stage = pw.CharField(max_length=64, default="")
        starts_on = pw.DateField(null=True)
        ends_on = pw.DateField(null=True)
        budget = _Money(default=0)
        expected_revenue = _Money(default=0)
        expected_responses = pw.IntegerField(default=0)
        responses = pw.IntegerField(default=0)
        owner = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        note = pw.TextField(default="")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("starts_on", "id"), False),)

    class Expense(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        owner = pw.ForeignKeyField(User, backref="+", index=False)
        spent_on = pw.DateField()
        category = pw.CharField(max_length=64, default="")
        amount = _Money()
        customer = pw.ForeignKeyField(Customer, null=True, on_delete="SET NULL", backref="+")
        opportunity = pw.ForeignKeyField(Opportunity, null=True, on_delete="SET NULL", backref="+")
        campaign = pw.ForeignKeyField(Campaign, null=True, on_delete="SET NULL", backref="+")
        note = pw.TextField(default="")
        status = pw.CharField(max_length=16, default="draft")
        submitted_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        decided_at = pw.DateTimeField(null=True)
        reject_reason = pw.CharField(max_length=300, default="")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        deleted_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = (
                (("owner", "spent_on"), False),
                (("status", "submitted_at"), False),
            )

    db.create_tables([WorkReport, WorkReportComment, SalesTarget, Campaign, Expense])
    run(
        migrator.add_column("customer", "campaign_id", pw.IntegerField(null=True)),
        migrator.add_column("opportunity", "campaign_id", pw.IntegerField(null=True)),
    )
    q = "`" if isinstance(db, pw.MySQLDatabase) else '"'
    for table in ("customer", "opportunity"):
        name = f"{table}_campaign_id"
        db.execute_sql(f"CREATE INDEX {q}{name}{q} ON {q}{table}{q} (campaign_id)")
