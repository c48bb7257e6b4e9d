"""The team database of `team_load.py`: demo data, team mode, and people with logins.

Built once per run under a fixed prefix (roles are cluster-wide), dropped at the end
(``drop``), and dropped first when an interrupted run left one. The superuser creates the
owner (LOGIN CREATEROLE, a DBA's account) and the database; crm does the rest as that
owner, as `tests/team_server.py` does: demo data, `init-team`, one sales user per person
mapped to their own login, customers of their own with approved orders to pay, and an
open pool that every person is a member of.
"""

from __future__ import annotations

import random
import time
from typing import Any, NamedTuple
from urllib.parse import urlparse

from _common import add_demo

PREFIX = "crmload"
OWNER = f"{PREFIX}_owner"
GROUP = f"{PREFIX}_app"
DBNAME = f"{PREFIX}_db"
SOLO = "solo"  # the single user of the baseline, set up as each of the people
BOSS = "boss"  # an admin with a login of their own (acting as others: `_act_as.py`)
ORDERS = 2  # approved orders with a plan, per person
INSTALLMENTS = 12


class Person(NamedTuple):
    """What one simulated person knows before starting: who they are and what is theirs."""

    name: str  # crm user
    login: str  # database login
    customers: tuple[str, ...]  # codes of their own customers
    orders: tuple[str, ...]  # approved orders of theirs, INSTALLMENTS each


class Team(NamedTuple):
    people: tuple[Person, ...]
    solo: Person
    pool: tuple[str, ...]  # unassigned pool customers at the start
    product: str
    words: tuple[str, ...]  # search words: pieces of customers' names
    boss: str = f"{PREFIX}_{BOSS}"  # the admin's database login


class Server:
    """The PostgreSQL server at ``url`` (a superuser's), and URLs on it for any login."""

    def __init__(self, url: str) -> None:
        parsed = urlparse(url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 5432
        self.superuser = parsed.username or "postgres"
        self.admin_db = parsed.path.lstrip("/") or "postgres"

    def url(self, login: str, port: int | None = None, host: str | None = None) -> str:
        return f"postgresql://{login}@{host or self.host}:{port or self.port}/{DBNAME}"

    def sql(self, statement: str, *args: Any, dbname: str | None = None) -> Any:
        import psycopg2

        conn = psycopg2.connect(dbname=dbname or self.admin_db, user=self.superuser,
                                host=self.host, port=self.port)  # fmt: skip
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(statement, args or None)
                return cur.fetchall() if cur.description else cur.rowcount
        finally:
            conn.close()

    def drop(self) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")
        roles = self.sql("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", f"{PREFIX}\\_%")
        for (name,) in sorted(roles, key=lambda r: r[0] in (GROUP, OWNER)):
            self.sql(f'DROP ROLE IF EXISTS "{name}"')

    def create(self) -> None:
        self.drop()
        self.sql(f"CREATE ROLE {OWNER} LOGIN CREATEROLE")
        self.sql(f"CREATE DATABASE {DBNAME} OWNER {OWNER}")
        self.sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", dbname=DBNAME)


def build(server: Server, size: int, people: int, own: int, pool: int) -> Team:
    """A new team database: ``size`` demo customers; ``people`` sales users (and the solo
    user) with ``own`` customers each and ORDERS approved orders; ``pool`` in the pool."""
    started = time.perf_counter()
    server.create()
    owner_url = server.url(OWNER)
    add_demo(owner_url, size)
    from crm_cli.store import domains
    from crm_cli.store.core import db, settings, users

    domains.open_store(owner_url)
    admin = users.resolve_actor("admin")
    from crm_cli.store.database import team

    team.init_team(GROUP)
    settings.set_setting(admin, "payment.recorders", "owner,manager,admin")
    team_ = _people(admin, people, own, pool)
    db.close_store()
    server.sql("VACUUM ANALYZE", dbname=DBNAME)
    print(f"built {DBNAME}: {size:,} demo customers, {people} people + {SOLO}, "
          f"{len(team_.pool):,} in the pool, in {time.perf_counter() - started:.0f} s",
          flush=True)  # fmt: skip
    return team_


def _people(admin: Any, people: int, own: int, pool_size: int) -> Team:
    from crm_cli.store.customers import lifecycle
    from crm_cli.store.customers import models as cm
    from crm_cli.store.database import team
    from crm_cli.store.pool import configure
    from crm_cli.store.pool import moves as pool_moves
    from crm_cli.store.sales import models as sm
    from crm_cli.store.sales import order_flow, orders

    rng = random.Random(7)
    from crm_cli.store.pool import models as pm

    pooled_now = pm.PoolCustomer.select(pm.PoolCustomer.customer)
    live = cm.Customer.select(cm.Customer.code, cm.Customer.name).where(
        cm.Customer.deleted_at.is_null()
        & cm.Customer.owner.is_null(False)
        & (cm.Customer.audited == False)  # noqa: E712
        & cm.Customer.id.not_in(pooled_now)
    )
    rows = list(live.order_by(cm.Customer.id).tuples())
    rng.shuffle(rows)
    needed = (people + 1) * own + pool_size
    if len(rows) < needed:
        raise SystemExit(f"--size {len(rows)} is too small: {needed:,} customers are needed")
    product = sm.Product.select(sm.Product.code).order_by(sm.Product.id).first().code
    names = [f"p{n:02d}" for n in range(people)] + [SOLO]
    found = []
    for n, name in enumerate(names):
        login = f"{PREFIX}_{name}"
        team.add_user_with_login(admin, name, db_login=login, role="sales")
        mine = [code for code, _ in rows[n * own : (n + 1) * own]]
        lifecycle.transfer_customers(admin, mine, name)
        placed = []
        for code in mine[:ORDERS]:
            view = orders.add_order(admin, code, lines=[f"{product}:1:1200000"],
                                    installments=INSTALLMENTS)  # fmt: skip
            order_flow.submit_order(admin, view.order.code)
            order_flow.approve_order(admin, view.order.code)
            placed.append(view.order.code)
        found.append(Person(name, login, tuple(mine), tuple(placed)))
    pooled = [code for code, _ in rows[len(names) * own : len(names) * own + pool_size]]
    configure.update_pool_settings(
        admin, {"enabled": "yes", "limit": "100000"}, members=tuple(names)
    )
    failed = [o.message for o in pool_moves.add(admin, pooled) if not o.done]
    if failed:
        raise SystemExit(f"pool add failed: {failed[0]}")
    team.add_user_with_login(admin, BOSS, db_login=f"{PREFIX}_{BOSS}", role="admin")
    words = sorted({_word(name, rng) for _, name in rows[:400]} - {""})
    return Team(tuple(found[:-1]), found[-1], tuple(pooled), product, tuple(words))


def _word(name: str, rng: random.Random) -> str:
    """What a person types to find ``name``: a word of a Latin name, two characters of a
    Chinese one."""
    if name.isascii():
        return max(name.split(), key=len) if name.split() else ""
    start = rng.randrange(max(1, len(name) - 1))
    return name[start : start + 2].strip()
