"""The team database of `team_policy_cost.py`: demo data in team mode, built once, reused.

Database ``crmbench_policy_<size>`` and its roles (``crmbench_policy_<size>_…``: roles are
cluster-wide) are kept while the database's comment marks a finished build, as `_pg.py`
does; ``drop`` removes both. The superuser creates the owner (LOGIN CREATEROLE, a DBA's
account) and the database; crm does the rest as that owner: ``size`` demo customers (seed
1), a salesperson ``book`` under the demo manager ``li`` owning BOOK customers drawn evenly
(every k-th id) with their orders, opportunities, contact records and reminders (direct SQL,
as `_book.py` does on SQLite), `init-team`, and logins for ``book``, ``li`` (who then manages
wang, zhao and book) and ``admin``.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, NamedTuple
from urllib.parse import urlparse

from _common import add_demo, up_to_date

MARK = "crm-bench team policy, customers:"
BOOK = 2_000
# The rare word's only matches (`search_scale.NEEDLES`), in the salesperson's book.
NEEDLES = ("杭州麒麟星链科技有限公司", "深圳市麒麟星链电子有限公司", "上海麒麟星链物流有限公司")
# person -> crm user; each maps to login <prefix>_<person>
PEOPLE = {"sales": "book", "manager": "li", "admin": "admin"}
MOVES = (
    "UPDATE customer SET owner_id = %s WHERE id IN (SELECT id FROM book)",
    "UPDATE sales_order SET owner_id = %s WHERE customer_id IN (SELECT id FROM book)",
    "UPDATE opportunity SET owner_id = %s WHERE customer_id IN (SELECT id FROM book)",
    "UPDATE activity SET user_id = %s WHERE customer_id IN (SELECT id FROM book)",
    "UPDATE reminder SET user_id = %s WHERE customer_id IN (SELECT id FROM book)",
    "UPDATE contact SET owner_id = %s WHERE customer_id IN (SELECT id FROM book)",
    "UPDATE installment SET owner_id = %s WHERE order_id IN"
    " (SELECT id FROM sales_order WHERE customer_id IN (SELECT id FROM book))",
    "UPDATE order_line SET owner_id = %s WHERE order_id IN"
    " (SELECT id FROM sales_order WHERE customer_id IN (SELECT id FROM book))",
)


class PolicyDb(NamedTuple):
    """Where the database is, and how each side connects."""

    server: str  # a superuser's URL
    name: str  # database, and the prefix of its roles
    size: int
    day: dt.date = dt.date.today()  # the day the demo data was drawn for (--as-of)

    @property
    def owner(self) -> str:
        return f"{self.name}_owner"

    @property
    def group(self) -> str:
        return f"{self.name}_app"

    def login(self, person: str) -> str:
        return f"{self.name}_{person}"

    def url(self, login: str) -> str:
        parsed = urlparse(self.server)
        host = f"{parsed.hostname or '127.0.0.1'}:{parsed.port or 5432}"
        return f"postgresql://{login}@{host}/{self.name}"

    def sql(self, statement: str, *args: Any, here: bool = False) -> Any:
        import psycopg2

        target = urlparse(self.server)._replace(path=f"/{self.name}") if here else None
        conn = psycopg2.connect(target.geturl() if target else self.server)
        conn.autocommit = True  # CREATE DATABASE and VACUUM refuse to run in a transaction
        try:
            with conn.cursor() as cur:
                cur.execute(statement, args or None)
                return cur.fetchall() if cur.description else cur.rowcount
        finally:
            conn.close()

    def drop(self) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        roles = self.sql("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                         self.name.replace("_", "\\_") + "\\_%")  # fmt: skip
        for (role,) in sorted(roles, key=lambda r: r[0] in (self.group, self.owner)):
            self.sql(f'DROP ROLE IF EXISTS "{role}"')


def policy_db(server: str, size: int, reinstall: bool = True) -> PolicyDb:
    """The team database of ``size`` demo customers, built now unless a finished one is
    there (then brought up to date: migrations, and init-team's current rules unless not
    ``reinstall``)."""
    found = PolicyDb(server, f"crmbench_policy_{size}", size)
    mark = f"{MARK} {size}, book {BOOK}, drawn for "
    seen = found.sql("SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                     " WHERE datname = %s", found.name)  # fmt: skip
    if seen and (seen[0][0] or "").startswith(mark):
        print(f"reusing {found.name} ({size:,} customers)", flush=True)
        up_to_date(found.url(found.owner))
        if reinstall:
            _reinstall(found)
        return found._replace(day=dt.date.fromisoformat(seen[0][0][len(mark) :]))
    started = time.perf_counter()
    found.drop()
    found.sql(f'CREATE ROLE "{found.owner}" LOGIN CREATEROLE')
    found.sql(f'CREATE DATABASE "{found.name}" OWNER "{found.owner}"')
    found.sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", here=True)
    # The demo writes in one transaction, without statistics: a bitmap AND over the whole
    # status index per customer (the fair's buyers) never ended at 1 M customers.
    found.sql(f'ALTER DATABASE "{found.name}" SET enable_bitmapscan = off')
    add_demo(found.url(found.owner), size, lambda: _team(found))
    found.sql(f'ALTER DATABASE "{found.name}" RESET enable_bitmapscan')
    found.sql("VACUUM ANALYZE", here=True)
    found.sql(f'COMMENT ON DATABASE "{found.name}" IS %s', mark + found.day.isoformat())
    print(f"built {found.name} in {time.perf_counter() - started:,.0f} s", flush=True)
    return found


def _reinstall(found: PolicyDb) -> None:
    """init-team again: the rules of the crm installed now (it is idempotent)."""
    from crm_cli.store import domains
    from crm_cli.store.core import db
    from crm_cli.store.database import team

    domains.open_store(found.url(found.owner))
    try:
        team.init_team(found.group)
    finally:
        db.close_store()


def _team(found: PolicyDb) -> None:
    """The salesperson's book, team mode, and the three logins (the store is open)."""
    from crm_cli.store.core import db, users
    from crm_cli.store.database import team

    admin = users.resolve_actor("admin")
    book = users.add_user(admin, PEOPLE["sales"], role="sales", supervisor=PEOPLE["manager"])
    add_needles(admin)
    database = db.db_proxy.obj
    step = max(found.size // (BOOK + BOOK // 10), 1)  # a tenth spare: pooled ones are left
    with database.atomic():
        database.execute_sql(
            "CREATE TEMP TABLE book AS SELECT id FROM customer WHERE id %% %s = 0"
            " AND deleted_at IS NULL AND owner_id IS NOT NULL"
            " AND id NOT IN (SELECT customer_id FROM pool_customer) ORDER BY id LIMIT %s",
            (step, BOOK),
        )
        for statement in MOVES:
            database.execute_sql(statement, (book.id,))
        database.execute_sql("DROP TABLE book")
    team.init_team(found.group)
    for person, user in PEOPLE.items():
        team.grant_login(admin, found.login(person), user)


def add_needles(admin: Any) -> None:
    from crm_cli.store.customers import customers

    for name in NEEDLES:
        customers.add_customer(admin, name, {"city": "杭州", "owner": PEOPLE["sales"]},
                               allow_duplicate=True)  # fmt: skip
