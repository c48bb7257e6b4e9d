"""Customer evaluations (issue 13, EVL-1): ``customer_evaluation``, and the latest grade and
strategy kept on the customer (``customer.grade``, ``customer.strategy``, NULL until a first
evaluation) with an index on (key, id) each, so that `customer list --where "grade = A"`
and `--sort grade` read an index, as every other customer filter and sort key does.

A frozen copy of the model as it was at this migration. The customer foreign key leads the
composite index and gets none of its own (MariaDB needs one such index, and it is there).
"""

from typing import Any

import peewee as pw
from playhouse.migrate import migrate as run


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

    class CustomerEvaluation(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="+", index=False)
        evaluator = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        evaluated_at = pw.DateTimeField()
        grade = pw.CharField(max_length=16)
        scores = pw.TextField(default="{}")
        strategy = pw.CharField(max_length=32, null=True)
        note = pw.TextField(default="")

        class Meta:
            indexes = ((("customer", "evaluated_at"), False),)

    db.create_tables([CustomerEvaluation])
    run(
        migrator.add_column("customer", "grade", pw.CharField(max_length=16, null=True)),
        migrator.add_column("customer", "strategy", pw.CharField(max_length=32, null=True)),
    )
    q = "`" if isinstance(db, pw.MySQLDatabase) else '"'
    for key in ("grade", "strategy"):
        name = f"customer_{key}_id"
        db.execute_sql(f"CREATE INDEX {q}{name}{q} ON {q}customer{q} ({key}, id)")
