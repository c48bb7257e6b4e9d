"""The copies `crm today` counts through, checked in plain SQL on a SQLite file (not through
the store's own `crm db check` rule, so that the two can disagree): a contact carries its
live customer's owner (NULL in the trash) and its birthday as month * 100 + day; an
installment and an order line carry their order's owner only where the digest counts the row
(an approved, live order of a live customer; for a line, not a renewal's fee order), NULL
elsewhere; a reminder carries its customer's trash date."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

_COUNTED = (
    "CASE WHEN o.status = 'approved' AND o.deleted_at IS NULL AND c.deleted_at IS NULL"
    " {more} THEN o.owner_id END"
)
_INSTALLMENT = _COUNTED.format(more="")
_LINE = _COUNTED.format(more="AND o.kind <> 'service_fee'")
_ROWS_OF = "JOIN sales_order o ON o.id = {a}.order_id JOIN customer c ON c.id = o.customer_id"

CHECKS = (
    "SELECT 'contact', p.id FROM contact p JOIN customer c ON c.id = p.customer_id "
    "WHERE p.owner_id IS NOT (CASE WHEN c.deleted_at IS NULL THEN c.owner_id END)",
    "SELECT 'birthday', id FROM contact "
    "WHERE birthday_md IS NOT CAST(strftime('%m%d', birthday) AS INTEGER)",
    f"SELECT 'installment', i.id FROM installment i {_ROWS_OF.format(a='i')} "
    f"WHERE i.owner_id IS NOT ({_INSTALLMENT})",
    f"SELECT 'order_line', l.id FROM order_line l {_ROWS_OF.format(a='l')} "
    f"WHERE l.owner_id IS NOT ({_LINE})",
)
REMINDERS = (
    "SELECT 'reminder', r.id FROM reminder r JOIN customer c ON c.id = r.customer_id "
    "WHERE r.customer_trashed_at IS NOT c.deleted_at"
)


def copies_that_disagree(path: Path, *, reminders: bool = True) -> list[tuple[Any, ...]]:
    """Rows whose copy differs from what it copies (``reminders``: from migration 0013 on)."""
    with sqlite3.connect(path) as con:
        checks = (*CHECKS, REMINDERS) if reminders else CHECKS
        return [row for sql in checks for row in con.execute(sql)]
