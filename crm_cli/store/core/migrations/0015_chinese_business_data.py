"""Chinese business data (issue 17, point 3): the customer's unified social credit code
(统一社会信用代码, SPEC CUS-8) and VAT on products and on quote and order lines
(SPEC PRD-2). One migration for both: they were written side by side.

``customer.credit_code``: NULL until given, the 18 characters as the store writes them.
A plain index, not a unique one: the duplicate check uses it to find a live customer with
the same code and refuses the save unless allowed; a UNIQUE index would refuse what the
check allows (an acknowledged duplicate) and a customer in the trash holding its code.

``product.tax_rate``, and ``tax_rate`` and ``tax`` on ``quote_line`` and ``order_line``.
A product without a rate of its own (every product so far) takes the team's ``tax.rate``.
Every line written before has a rate of 0 and a tax of 0: its amount, the quote's and the
order's total, and everything summed from them (receivables, payments, reports) stay what
they were, and the amount excluding tax is the amount. The line columns are added NOT NULL
with a default in the column itself, in one statement on each backend: existing rows get 0
without a table rebuild (the migrator would add the column, fill it, then rebuild the
table on SQLite to forbid NULL), and a bulk insert that names only the older columns (a
quote import) stores 0, as the models do.

No row is rewritten.
"""

from typing import Any

import peewee as pw
from playhouse.migrate import migrate as run


def up(migrator: Any, db: pw.Database) -> None:
    q = "`" if isinstance(db, pw.MySQLDatabase) else '"'
    run(migrator.add_column("customer", "credit_code", pw.CharField(max_length=18, null=True)))
    db.execute_sql(f"CREATE INDEX {q}customer_credit_code{q} ON {q}customer{q} (credit_code)")
    # Hundredths of a percent, as the models' percent_field stores it; NULL: the default.
    run(migrator.add_column("product", "tax_rate", pw.BigIntegerField(null=True)))
    kind = "INTEGER" if isinstance(db, pw.SqliteDatabase) else "BIGINT"  # as BigIntegerField
    for table in ("quote_line", "order_line"):
        # tax_rate in hundredths of a percent, tax in cents (MoneyField)
        for column in ("tax_rate", "tax"):
            db.execute_sql(
                f"ALTER TABLE {q}{table}{q} ADD COLUMN {q}{column}{q} {kind} NOT NULL DEFAULT 0"
            )
