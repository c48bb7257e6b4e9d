"""The big-book database for `today_scale.py`: a copy of the demo database of `search_scale.py`
in which user `bigbook` owns --book customers and user `smallbook` owns --small-book.

Both books are drawn evenly from the demo customers (every k-th id, the two sets apart),
so they hold the same mix the demo draws: contact records with next contacts, manual
reminders, contact birthdays, opportunities, orders with payment plans and receipts,
receivables, annual service fees. Each user takes over everything of its customers that
`crm today` reads by owner: the customers, their orders, opportunities, contact records
and reminders (direct SQL on the copy, then a checkpoint when the store closes), and the
copies of the owner the store keeps on contacts, installments and order lines.

Direct SQL, because the store has no way to give a user a book with its orders: a
transfer moves customers, and an order's owner never changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from _common import copy_database, up_to_date
from search_scale import search_db

USERS = ("bigbook", "smallbook")
MOVES = (
    "UPDATE customer SET owner_id = :user WHERE id IN (SELECT id FROM temp.book)",
    "UPDATE sales_order SET owner_id = :user WHERE customer_id IN (SELECT id FROM temp.book)",
    "UPDATE opportunity SET owner_id = :user WHERE customer_id IN (SELECT id FROM temp.book)",
    "UPDATE activity SET user_id = :user WHERE customer_id IN (SELECT id FROM temp.book)",
    "UPDATE reminder SET user_id = :user WHERE customer_id IN (SELECT id FROM temp.book)",
)


def book_db(data: Path, size: int, book: int, small: int) -> tuple[Path, dt.date]:
    """The database (built once) and the day its demo data was drawn for (the digest's
    --as-of: the demo's dates are relative to its build)."""
    path = data / f"today-book-{size}-{book}-{small}" / "crm.db"
    ready = path.with_name("crm.db.ready")
    if not (ready.exists() and path.exists()):
        source = search_db(data, size)
        path.parent.mkdir(parents=True, exist_ok=True)
        ready.unlink(missing_ok=True)
        copy_database(source, path)
        _give_books(path, size, book, small)
        ready.write_text(_built_on(path).isoformat() + "\n")
    else:
        print(f"reusing {path} ({book:,} and {small:,} of {size:,} customers)", flush=True)
        up_to_date(f"sqlite:///{path}")
    return path, dt.date.fromisoformat(ready.read_text().strip())


def picks(size: int, book: int, small: int) -> tuple[list[int], list[int]]:
    """Customer ids of the two books: every k-th id, then every j-th of the ids left."""
    step = max(size // book, 1)
    big = list(range(1, size + 1, step))[:book]
    taken = set(big)
    rest = [n for n in range(1, size + 1) if n not in taken]
    return big, rest[:: max(len(rest) // small, 1)][:small]


def _give_books(path: Path, size: int, book: int, small: int) -> None:
    from crm_cli.store import domains
    from crm_cli.store.core import db, users

    domains.open_store(f"sqlite:///{path}")
    admin = users.resolve_actor("admin")
    ids = [users.add_user(admin, login, role="sales").id for login in USERS]
    conn = db.db_proxy.obj.connection()
    with db.db_proxy.atomic():
        for user, book_ids in zip(ids, picks(size, book, small), strict=True):
            conn.execute("CREATE TEMP TABLE book (id INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO temp.book VALUES (?)", [(n,) for n in book_ids])
            for statement in MOVES:
                conn.execute(statement, {"user": user})
            sync_copies(conn, "SELECT id FROM temp.book")
            conn.execute("DROP TABLE temp.book")
    db.close_store()  # the last connection closes: the WAL is checkpointed into the file
    print(f"built {path}: bigbook owns {book:,}, smallbook {small:,} customers", flush=True)


def _built_on(path: Path) -> dt.date:
    with contextlib.closing(sqlite3.connect(path)) as con:
        (stamp,) = con.execute("SELECT max(at) FROM op_log WHERE entity = 'customer'").fetchone()
    return dt.date.fromisoformat(str(stamp)[:10])


def sync_copies(conn: Any, customers: str | None) -> None:
    """What the store keeps in step when it writes (migration 0005, `owners.py`), for rows
    written here by SQL: each contact's copy of its customer's owner and its birthday as
    month * 100 + day, each installment's and order line's copy of its order's owner.
    ``customers``: a query of the customer ids changed (None: every row). A schema
    without the copies is left as it is."""
    where = f"customer_id IN ({customers})" if customers else "1 = 1"
    orders = f"order_id IN (SELECT id FROM sales_order WHERE {where})"
    if "owner_id" in _columns(conn, "contact"):
        conn.execute("UPDATE contact SET owner_id = (SELECT owner_id FROM customer"
                     f" WHERE customer.id = contact.customer_id) WHERE {where}")  # fmt: skip
    if "birthday_md" in _columns(conn, "contact"):
        conn.execute("UPDATE contact SET birthday_md = CAST(strftime('%m%d', birthday) AS"
                     f" INTEGER) WHERE birthday IS NOT NULL AND {where}")  # fmt: skip
    for table in ("installment", "order_line"):
        if "owner_id" in _columns(conn, table):
            conn.execute(f"UPDATE {table} SET owner_id = (SELECT owner_id FROM sales_order"
                         f" WHERE sales_order.id = {table}.order_id) WHERE {orders}")  # fmt: skip


def _columns(conn: Any, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
