"""Receipts are deleted softly (issue 12): ``payment.deleted_at``.

A receipt leaves the books only when an import that wrote it is undone; it stays in its
table, marked, so that the money once recorded can always be traced. Every total reads
live receipts only (a deleted one is rare: no index).
"""

from typing import Any

import peewee as pw
from playhouse.migrate import migrate as run


def up(migrator: Any, db: pw.Database) -> None:
    run(migrator.add_column("payment", "deleted_at", pw.DateTimeField(null=True)))
