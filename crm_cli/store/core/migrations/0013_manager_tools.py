"""The manager's tools (issue 14): work reports and their comments (WRK-1), sales targets
(TGT-1), marketing campaigns (CMP-1) and expenses (EXP-1); and the campaign a customer came
from and an opportunity belongs to (``customer.campaign_id``, ``opportunity.campaign_id``).

Also for `crm today`: the owner's copies on installments and order lines now exist only where
it counts the row (see ``_COPY``), and the index of open reminders holds their customer.

Frozen copies of the models as they were at this migration. The two campaign columns are
plain integers, not foreign keys: campaigns are a domain above customers and sales, and are
only ever soft-deleted, so the number always names a row.
"""

from typing import Any

import peewee as pw
from playhouse.migrate import migrate as run


class _Money(pw.BigIntegerField):
    """Cents, as core.models.MoneyField stores them."""


# The owner's copy on installments and order lines is kept only where `crm today` counts
# the row (sales.owners), so that the index alone counts them; recomputed here once.
_COPY = (
    "UPDATE {table} SET owner_id = (SELECT o.owner_id FROM sales_order o"
    " JOIN customer c ON c.id = o.customer_id WHERE o.id = {table}.order_id"
    " AND o.status = 'approved' AND o.deleted_at IS NULL AND c.deleted_at IS NULL{more})"
)


def _count_copies(db: pw.Database) -> None:
    db.execute_sql(_COPY.format(table="installment", more=""))
    db.execute_sql(_COPY.format(table="order_line", more=" AND o.kind <> 'service_fee'"))
    # A reminder's copy of its customer's trash date, and the index of open reminders over
    # live customers: `crm today` counts a user's due reminders in that index alone.
    db.execute_sql(
        "UPDATE reminder SET customer_trashed_at = (SELECT c.deleted_at FROM customer c"
        " WHERE c.id = reminder.customer_id) WHERE customer_id IS NOT NULL"
    )
    if not isinstance(db, pw.MySQLDatabase):  # no partial indexes there: the index stays
        db.execute_sql('DROP INDEX "reminder_open_user_id_due_at"')
        db.execute_sql(
            'CREATE INDEX "reminder_open_user_id_due_at" ON "reminder" (user_id, due_at)'
            " WHERE done_at IS NULL AND deleted_at IS NULL AND customer_trashed_at IS NULL"
        )


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
            indexes = (
                (("author", "period", "starts_on"), True),
                (("starts_on", "id"), False),
            )

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
                (("spent_on", "id"), False),
            )

    db.create_tables([WorkReport, WorkReportComment, SalesTarget, Campaign, Expense])
    run(
        migrator.add_column("reminder", "customer_trashed_at", pw.DateTimeField(null=True)),
        migrator.add_column("customer", "campaign_id", pw.IntegerField(null=True)),
        migrator.add_column("opportunity", "campaign_id", pw.IntegerField(null=True)),
    )
    _count_copies(db)
    q = "`" if isinstance(db, pw.MySQLDatabase) else '"'
    for table in ("customer", "opportunity"):
        name = f"{table}_campaign_id"
        db.execute_sql(f"CREATE INDEX {q}{name}{q} ON {q}{table}{q} (campaign_id)")
    # The approval inbox (overview.approvals) lists submitted orders oldest first; no index
    # had the status, so an admin's inbox read every order ever written.
    db.execute_sql(
        f"CREATE INDEX {q}sales_order_status_submitted_at{q} "
        f"ON {q}sales_order{q} (status, submitted_at)"
    )
    # Targets' attainment (targets.actuals) sums each person's records of a period: one
    # range of an index on (person, day) per person, whatever the size of the tables. The
    # counts (customers, contact records) come from the index alone where it holds only
    # live rows (partial; MySQL/MariaDB index every row).
    live = "" if isinstance(db, pw.MySQLDatabase) else " WHERE deleted_at IS NULL"
    for name, table, columns, where in (
        ("sales_order_owner_id_decided_at", "sales_order", "owner_id, decided_at", ""),
        ("customer_owner_id_registered", "customer", "owner_id, registered", live),
        ("activity_user_id_started_at", "activity", "user_id, started_at", live),
        ("opportunity_owner_id_close_date", "opportunity", "owner_id, close_date", ""),
    ):
        db.execute_sql(f"CREATE INDEX {q}{name}{q} ON {q}{table}{q} ({columns}){where}")
