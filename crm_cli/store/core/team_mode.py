"""Team mode on PostgreSQL (issue 16, TEAM-3): who the connecting login is, and whether it
may change the schema.

A server database is in team mode once `crm db init-team` wrote its row in ``team_mode``
(migration 0016); the database then enforces USR-3 itself (`database.team_sql`) and the
acting user is the one mapped to the connecting login (``user.db_login``), not a name the
client chooses. A database without that row works as before. This module imports no other
store module, so `db` and `schema` use it without circles.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.errors import Phrase, StoreUnavailable

ACT_AS = "crm.act_as"  # the setting an admin's login acts as another user through
# PostgreSQL's longest name: a longer one is cut short, and would name another role.
NAME_MAX = 63
# The owner's view an admin's login searches through (`database.team_sql.admin_view`).
SEARCH_VIEW = "crm_customer_search"


def admin_group(group: str) -> str:
    """The group role of the admins' logins beside the team's ``group`` (`database.team`):
    its policies let them see and change every row, as the tables' owner would."""
    return f"{group}_admin"


class Login(NamedTuple):
    """The connecting login, and whether it owns the tables (a DBA's account, the only
    one that migrates and runs init-team; superusers count, as the server treats them)."""

    name: str
    owner: bool


def group_role(database: pw.Database) -> str | None:
    """The team's group role when the database is in team mode (PostgreSQL only)."""
    if not isinstance(database, pw.PostgresqlDatabase):
        return None
    row = database.execute_sql("SELECT group_role FROM team_mode LIMIT 1").fetchone()
    return str(row[0]) if row else None


def login(database: pw.Database) -> Login:
    """The login this connection authenticated as (``session_user``: no SET ROLE moves it)."""
    row = database.execute_sql(
        "SELECT session_user, coalesce(pg_has_role(session_user, c.relowner, 'MEMBER'), true)"
        " FROM (SELECT 1) one LEFT JOIN pg_class c ON c.oid = to_regclass('customer')"
    ).fetchone()
    return Login(str(row[0]), bool(row[1]))


def require_owner(database: pw.Database, pending: str) -> None:
    """Refuse, in one line, to migrate as a login that does not own the tables.

    A person's login has DML rights only: the migration would fail half-way through with
    the server's "must be owner of table"; say instead who must run it.
    """
    if not isinstance(database, pw.PostgresqlDatabase):
        return
    who = login(database)
    if not who.owner:
        raise StoreUnavailable(
            "the database needs crm's schema upgrade {pending}, which only the owner of its "
            "tables may apply (your login is {login!r}): ask them to run crm db migrate",
            pending=pending, login=who.name,
        )  # fmt: skip


class PostgresDatabase(pw.PostgresqlDatabase):
    """PostgreSQL whose every statement carries an admin's act-as, if any.

    The setting is made per transaction (``set_config(…, true)``, i.e. SET LOCAL) because
    a pooler in transaction mode (pgbouncer) hands each transaction a server connection of
    its own: a session setting would be missing from the admin's next transaction and
    still there for the next client of that server connection. So while acting as
    someone, a statement outside a transaction gets one of its own.
    """

    acting: int | None = None

    def begin(self, isolation_level: Any = None) -> None:
        super().begin(isolation_level)
        if self.acting is not None:
            self.cursor().execute("SELECT set_config(%s, %s, true)", (ACT_AS, str(self.acting)))

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if self.acting is None or self.in_transaction():
            return super().execute_sql(sql, params)
        with self.atomic():
            return super().execute_sql(sql, params)


def act_as(database: pw.Database, user_id: int | None) -> None:
    """Have the server's rules act as ``user_id`` (None: the login's own user) from now on
    in this process; the server honours it for an admin's login only. One process may run
    several commands on one open database (tests, the TUI), so each sets it."""
    if not isinstance(database, PostgresDatabase):
        raise TypeError("acting as another user needs crm's PostgreSQL database")
    database.acting = user_id
    if database.in_transaction():  # the transaction that chose the actor began without it
        value = "" if user_id is None else str(user_id)
        database.cursor().execute("SELECT set_config(%s, %s, true)", (ACT_AS, value))


def explain(text: str, login_name: str | None) -> Phrase | None:
    """A server's refusal to connect as one line a person can act on; None when it is
    some other failure (the caller prints the driver's first line). A ``Phrase``: the
    face shows it in the user's language.

    The drivers' texts: ``FATAL: password authentication failed for user "x"``,
    ``FATAL: permission denied for database "crm"`` with a DETAIL line, ``FATAL: role "x"
    does not exist``; MariaDB: ``(1045, "Access denied for user 'x'@'h' (using password:
    YES)")``.
    """
    low = text.lower()
    who = (
        Phrase("database login {login!r}", login=login_name)
        if login_name
        else Phrase("your database login")
    )
    if "password authentication failed" in low or "access denied for user" in low:
        return Phrase(
            "{who} was refused: wrong password (check ~/.pgpass, PGPASSWORD or ~/.my.cnf)", who=who
        )
    if "no password supplied" in low:  # libpq found none: the server asked for one
        return Phrase(
            "{who} needs a password: give it in the URL, PGPASSWORD, ~/.pgpass or a service file",
            who=who,
        )
    if "permission denied for database" in low:
        return Phrase(
            "{who} is not in crm's team role; an admin can add it with "
            "crm user grant {login} --user NAME",
            who=who, login=login_name or "LOGIN",
        )  # fmt: skip
    if "permission denied for table" in low:
        table = text.split("permission denied for table", 1)[1].split()[0]
        return Phrase(
            "{who} has no rights on table {table}: it is not in crm's team role, or the "
            "owner of the tables has not run crm db init-team since an upgrade",
            who=who, table=table,
        )  # fmt: skip
    if "role" in low and "does not exist" in low:
        return Phrase(
            "{who} does not exist on the server; an admin can create it with crm user grant",
            who=who,
        )
    return None
