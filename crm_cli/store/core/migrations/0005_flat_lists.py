"""Lists and `crm today` at any size (issue 11): indexes that serve ORDER BY … LIMIT,
and the owner copied onto the rows the digest reads, so each kind starts from the user.

- customer: an index on (key, id) for each sort key without one; (owner_id, next_contact)
  over live customers for next contacts due (counted from the index alone); the trash
  index made partial (SQLite, PostgreSQL), so that ``deleted_at IS NULL`` no longer lures
  SQLite onto an index holding every customer.
- contact: ``owner_id`` (its customer's owner; NULL while the customer is deleted) and
  ``birthday_md`` (month * 100 + day), indexed together over live contacts: the birthdays
  of a user's contacts in a window, not their whole book.
- installment, order_line: ``owner_id`` (the order's owner, fixed when it is made), with
  (owner_id, due) over unpaid installments and (owner_id, service_end) over annual fees.
- sales_order (owner_id, settled, due); reminder (user_id, due_at) over open reminders.
- the newest-first lists: opportunity, quote and sales_order (created_at, id), activity
  (started_at, id), pool_log (at, id); the pool list: pool_customer (protect_until,
  customer_id); a customer's log: op_log (customer_id, at, id); reminders set for others:
  reminder (created_by_id, due_at, id).

Existing rows get their copies here; the store keeps them from now on (`owners.py` of
the customers and sales domains).
"""

from typing import Any

import peewee as pw
from playhouse.migrate import migrate as run

SORT_KEYS = ("name", "city", "registered", "last_contact", "next_contact", "balance_owed",
             "updated_at")  # fmt: skip


def up(migrator: Any, db: pw.Database) -> None:
    mysql = isinstance(db, pw.MySQLDatabase)
    for table in ("contact", "installment", "order_line"):
        run(migrator.add_column(table, "owner_id", pw.IntegerField(null=True)))
    run(migrator.add_column("contact", "birthday_md", pw.SmallIntegerField(null=True)))
    _copy_owners(db)
    for key in SORT_KEYS:
        _index(db, f"customer_{key}_id", "customer", f"{key}, id")
    _index(db, "customer_owner_id_next_contact", "customer", "owner_id, next_contact",
           "deleted_at IS NULL")  # fmt: skip
    if not mysql:
        db.execute_sql('DROP INDEX "customer_deleted_at"')
        _index(db, "customer_deleted_at", "customer", "deleted_at", "deleted_at IS NOT NULL")
    _index(db, "contact_owner_id_birthday_md", "contact", "owner_id, birthday_md",
           "deleted_at IS NULL")  # fmt: skip
    _index(db, "installment_owner_id_due", "installment", "owner_id, due", "received < amount")
    _index(db, "order_line_owner_id_service_end", "order_line", "owner_id, service_end",
           "annual_fee IS NOT NULL")  # fmt: skip
    _index(db, "sales_order_owner_id_settled_due", "sales_order", "owner_id, settled, due")
    _index(db, "reminder_open_user_id_due_at", "reminder", "user_id, due_at",
           "done_at IS NULL AND deleted_at IS NULL")  # fmt: skip
    _index(db, "sales_order_created_at_id", "sales_order", "created_at, id")
    _index(db, "opportunity_created_at_id", "opportunity", "created_at, id")
    _index(db, "quote_created_at_id", "quote", "created_at, id")
    _index(db, "activity_started_at_id", "activity", "started_at, id")
    _index(db, "pool_customer_protect_until_customer_id", "pool_customer",
           "protect_until, customer_id")  # fmt: skip
    _index(db, "pool_log_at_id", "pool_log", "at, id")
    _index(db, "op_log_customer_id_at_id", "op_log", "customer_id, at, id")
    _index(db, "reminder_created_by_id_due_at", "reminder", "created_by_id, due_at, id")
    if isinstance(db, pw.PostgresqlDatabase):
        _stored_search_words(db)


def _stored_search_words(db: pw.Database) -> None:
    """PostgreSQL: the tsvector of one- and two-character search terms kept in a column
    instead of computed by the index's expression. A phrase (珠 <-> 海) is rechecked on
    every row the index finds, and recomputing the expression there cost 35 us a row: a
    word in 1 % of a million customers took 330 ms."""
    expression = (  # 0002's index expression, as it was written then
        "to_tsvector('simple', regexp_replace(search_text, "
        "'([\\u3400-\\u9fff\\uf900-\\ufaff])', ' \\1 ', 'g'))"
    )
    db.execute_sql(
        "ALTER TABLE customer ADD COLUMN search_words tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED"
    )
    db.execute_sql("CREATE INDEX customer_search_words_stored ON customer USING gin (search_words)")
    db.execute_sql("DROP INDEX customer_search_words")  # its expression, now the column's
    # A thousand-value histogram of the search text: PostgreSQL estimates '%word%' from it,
    # and with the default hundred a word in 1 % of rows was planned as a rare one (a
    # bitmap of all its matches, 35 ms at 1 M) instead of walking the newest first (3 ms).
    db.execute_sql("ALTER TABLE customer ALTER COLUMN search_text SET STATISTICS 1000")


def _index(db: pw.Database, name: str, table: str, columns: str, where: str = "") -> None:
    """An index; partial where the backend has them (MySQL/MariaDB index every row)."""
    partial = f" WHERE {where}" if where and not isinstance(db, pw.MySQLDatabase) else ""
    q = "`" if isinstance(db, pw.MySQLDatabase) else '"'
    db.execute_sql(f"CREATE INDEX {q}{name}{q} ON {q}{table}{q} ({columns}){partial}")


def _copy_owners(db: pw.Database) -> None:
    md = {
        pw.SqliteDatabase: "CAST(strftime('%m%d', birthday) AS INTEGER)",
        pw.PostgresqlDatabase: "CAST(EXTRACT(MONTH FROM birthday) * 100 "
        "+ EXTRACT(DAY FROM birthday) AS INTEGER)",
        pw.MySQLDatabase: "MONTH(birthday) * 100 + DAY(birthday)",
    }
    expression = next(sql for kind, sql in md.items() if isinstance(db, kind))
    db.execute_sql(
        "UPDATE contact SET owner_id = (SELECT owner_id FROM customer WHERE customer.id = "
        f"contact.customer_id AND customer.deleted_at IS NULL), birthday_md = {expression}"
    )
    for table in ("installment", "order_line"):
        db.execute_sql(
            f"UPDATE {table} SET owner_id = (SELECT owner_id FROM sales_order "
            f"WHERE sales_order.id = {table}.order_id)"
        )
