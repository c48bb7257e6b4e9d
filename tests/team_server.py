"""A PostgreSQL database of its own for team-mode tests (issue 16), with per-run role names.

Roles are cluster-wide, so every name starts with a per-run prefix and ``drop`` removes
them all with the database. The superuser of ``tests.conftest.POSTGRES_URL`` creates the
owner (LOGIN CREATEROLE, as a DBA would for crm's owner account) and the database; crm
does the rest as that owner.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

from crm_cli.store import domains
from crm_cli.store.activity.activities import log_contact
from crm_cli.store.core import db, users
from crm_cli.store.customers.contacts import add_contact
from crm_cli.store.customers.customers import add_customer
from crm_cli.store.customers.delegations import delegate_customers
from crm_cli.store.database import team
from crm_cli.store.sales.orders import add_order
from crm_cli.store.sales.products import add_product
from tests.conftest import POSTGRES_URL, _unavailable


class TeamServer:
    def __init__(self) -> None:
        self.prefix = f"t{uuid.uuid4().hex[:8]}"
        self.owner = f"{self.prefix}_owner"
        self.group = f"{self.prefix}_app"
        self.dbname = f"{self.prefix}_crm"
        parsed = urlparse(POSTGRES_URL)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 5432
        self.superuser = parsed.username or "postgres"
        self.admin_db = parsed.path.lstrip("/")

    def login(self, person: str) -> str:
        """The database login of a crm user in this run."""
        return f"{self.prefix}_{person}"

    def url(self, login: str) -> str:
        return f"postgresql://{login}@{self.host}:{self.port}/{self.dbname}"

    def connect(self, login: str, dbname: str | None = None) -> Any:
        import psycopg2

        conn = psycopg2.connect(
            dbname=dbname or self.dbname, user=login, host=self.host, port=self.port,
            connect_timeout=3,
        )  # fmt: skip
        conn.autocommit = True
        return conn

    def sql(self, login: str, statement: str, *args: Any, dbname: str | None = None) -> Any:
        """Rows of one statement run as ``login`` (None for a statement without rows)."""
        conn = self.connect(login, dbname)
        try:
            with conn.cursor() as cur:
                cur.execute(statement, args or None)
                return cur.fetchall() if cur.description else cur.rowcount
        finally:
            conn.close()

    def trial(self, login: str, statement: str) -> int:
        """The rows ``statement`` would change as ``login``, rolled back."""
        conn = self.connect(login)
        conn.autocommit = False
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
                return int(cur.rowcount)
        finally:
            conn.rollback()
            conn.close()

    def create(self) -> None:
        try:
            import psycopg2
        except ImportError:
            _unavailable("psycopg2 is not installed (pip install '.[postgres]')")
        try:
            self.sql(self.superuser, "SELECT 1", dbname=self.admin_db)
        except psycopg2.OperationalError as exc:
            _unavailable(f"no PostgreSQL server at {POSTGRES_URL}: {str(exc).strip()}")
        self.sql(self.superuser, f"CREATE ROLE {self.owner} LOGIN CREATEROLE", dbname=self.admin_db)
        self.sql(self.superuser, f"CREATE DATABASE {self.dbname} OWNER {self.owner}",
                 dbname=self.admin_db)  # fmt: skip
        self.sql(self.superuser, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")

    def drop(self) -> None:
        """Drop the database and every role of this run (nothing when no server answered)."""
        try:
            self.sql(self.superuser, "SELECT 1", dbname=self.admin_db)
        except Exception:
            return
        self.sql(self.superuser, f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)",
                 dbname=self.admin_db)  # fmt: skip
        roles = self.sql(self.superuser, "SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                         f"{self.prefix}\\_%", dbname=self.admin_db)  # fmt: skip
        # Members first: the group role goes once nobody is in it.
        for (name,) in sorted(roles, key=lambda r: r[0] == self.group):
            self.sql(self.superuser, f'DROP ROLE IF EXISTS "{name}"', dbname=self.admin_db)


CUSTOMERS = {
    "王一": ("wang", False), "王公开": ("wang", True), "赵一": ("zhao", False),
    "陈一": ("chen", False), "陈委托": ("chen", False), "陈过期": ("chen", False),
    "李一": ("li", False), "池一": ("chen", False),
}  # fmt: skip
TODAY = dt.date.today()


def seed(server: TeamServer) -> None:
    """The team, a customer each way of seeing one, and records under each, as the owner."""
    now = dt.datetime.now().replace(microsecond=0)
    domains.open_store(server.url(server.owner))
    boss = users.resolve_actor("boss")
    users.add_user(boss, "li", role="manager")
    users.add_user(boss, "wang", supervisor="li")
    users.add_user(boss, "zhao", supervisor="wang")
    users.add_user(boss, "chen")
    users.add_user(boss, "gone")
    add_product(boss, "P1", "产品", {"price": "100"}, now=now)
    for name, (owner, public) in CUSTOMERS.items():
        fields = {"owner": owner, "is_public": public}
        add_customer(boss, name, fields, allow_duplicate=True, now=now)
        add_contact(boss, name, f"{name}联系人", now=now)
        log_contact(boss, name, {"summary": f"拜访{name}"}, now=now)
        add_order(boss, name, lines=["P1:2"], subject=f"{name}订单", installments=2, now=now)
    delegate_customers(boss, ["陈委托"], "wang", TODAY + dt.timedelta(days=30), now=now)
    delegate_customers(boss, ["陈委托"], "li", TODAY + dt.timedelta(days=30), now=now)
    past = now - dt.timedelta(days=10)
    delegate_customers(boss, ["陈过期"], "wang", TODAY - dt.timedelta(days=1), now=past)
    db.close_store()


@contextmanager
def team_database(*people: str) -> Iterator[TeamServer]:
    """A seeded database of its own, dropped afterwards; in team mode when ``people`` are
    named: init-team as the owner and a login mapped to each of them."""
    found = TeamServer()
    try:
        found.create()
        seed(found)
        if people:
            domains.open_store(found.url(found.owner))
            boss = users.resolve_actor("boss")
            team.init_team(found.group)
            for person in people:
                team.grant_login(boss, found.login(person), person)
            db.close_store()
        yield found
    finally:
        db.close_store()
        found.drop()


def sent_selects(server: TeamServer, person: str, calls: Callable[[Any], object]) -> list[str]:
    """The SELECTs the store sends for ``calls`` as ``person``'s login, parameters bound."""
    domains.open_store(server.url(server.login(person)))
    sent: list[str] = []
    conn = db.db_proxy.obj.connection()

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            sql, params = record.msg if isinstance(record.msg, tuple) else (record.msg, None)
            text = conn.cursor().mogrify(sql, params or None).decode()
            if " CURSOR FOR " in text:
                text = text.split(" CURSOR FOR ", 1)[1]
            if text.lstrip().upper().startswith(("SELECT", "WITH")) and "FROM" in text:
                sent.append(text)

    logger, handler = logging.getLogger("peewee"), Catch()
    level = logger.level
    try:
        actor = users.resolve_actor(person)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        calls(actor)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        db.close_store()
    return sent
