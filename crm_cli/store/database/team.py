"""Team mode on PostgreSQL (issue 16): `crm db init-team` and people's own logins.

``init_team`` (run as the owner of the tables) creates the group role every person's
login belongs to, gives it DML rights and nothing else, and installs the row-level
security of `team_sql`; running it again brings it up to date. ``grant_login`` maps a
login to a user (admins), creating the login in the group when the caller may. MariaDB
has no row-level security: there crm alone enforces the rules (``row_rules`` says so).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, team_mode
from crm_cli.store.core.db import backend, db_proxy, info, writing
from crm_cli.store.core.errors import N_, Conflict, InvalidInput, PermissionDenied, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.core.users import active_user_row, add_user
from crm_cli.store.database import team_functions, team_keys, team_sql

ROLE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")
MARIADB = N_(
    "crm only: MariaDB and MySQL have no row-level security, so a login that "
    "bypasses crm reads every row it has grants on; use PostgreSQL for TEAM-3"
)


class TeamSetup(NamedTuple):
    group_role: str
    schema: str
    tables: int  # with row-level security
    functions: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class LoginGrant(NamedTuple):
    user: str
    db_login: str
    created: bool  # the login role was created now

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def row_rules() -> str:
    """Who enforces USR-3 on the open database, as `crm db info` states it."""
    kind = backend()
    if kind == "sqlite":
        return Phrase("crm (SQLite: one person's file, mode 0600)")
    if kind == "mysql":
        return Phrase(MARIADB)
    group = info().team_group
    if group is None:
        return Phrase("crm only: run crm db init-team to have PostgreSQL enforce them")
    return Phrase("PostgreSQL row-level security (team mode, group role {group})", group=group)


def _name(role: str, what: str) -> str:
    if not ROLE_RE.match(role):
        raise InvalidInput(
            "invalid {what} {role!r}: use letters, digits, '_', '.', '@' or '-'",
            what=what, role=role,
        )  # fmt: skip
    return role


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _run(database: pw.Database, sql: str, refused: str) -> None:
    """One statement in a savepoint; a missing right becomes ``refused`` (exit 5)."""
    try:
        with database.atomic():
            database.execute_sql(sql)
    except pw.ProgrammingError as exc:
        if getattr(getattr(exc, "orig", exc), "pgcode", "") != "42501":
            raise
        raise PermissionDenied(refused) from None


def _role(database: pw.Database, name: str) -> tuple[Any, ...] | None:
    return database.execute_sql(
        "SELECT rolsuper OR rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = %s", (name,)
    ).fetchone()


def _require_postgres() -> pw.Database:
    if backend() != "postgres":
        if backend() == "mysql":
            raise InvalidInput("team mode needs PostgreSQL; on MariaDB the rules are {rules}",
                               rules=Phrase(MARIADB))  # fmt: skip
        raise InvalidInput("team mode needs PostgreSQL")
    return db_proxy.obj


@writing
def init_team(group: str = "crm_app", *, now: dt.datetime | None = None) -> TeamSetup:
    """Install team mode (the owner of the tables only); idempotent.

    Raises:
        PermissionDenied: the login does not own the tables, or may not create the group.
    """
    database = _require_postgres()
    group = _name(group, "group role")
    who = team_mode.login(database)
    if not who.owner:
        raise PermissionDenied(
            f"only the owner of the database's tables may run init-team (you are {who.name!r})"
        )
    schema, dbname = database.execute_sql("SELECT current_schema(), current_database()").fetchone()
    admins = _admins_of(group)
    for role in (group, admins):
        _create_group(database, role)
    for sql in _grants(_q(group), _q(schema), _q(dbname)):
        database.execute_sql(sql)
    _install_functions(database, schema, group, admins)
    team_keys.install(database.execute_sql, _q(schema))
    _install_policies(database, group, admins)
    for name in team_functions.RETIRED:
        database.execute_sql(f"DROP FUNCTION IF EXISTS {name}")
    database.execute_sql('DROP TRIGGER IF EXISTS crm_admins ON "user"')
    database.execute_sql(team_functions.ADMINS_TRIGGER)
    _run(
        database,
        "SELECT crm_admins_sync()",
        f"your login may not add logins to {admins}; ask a DBA: GRANT {admins} TO {who.name}"
        " WITH ADMIN OPTION",
    )
    database.execute_sql("DELETE FROM team_mode")
    database.execute_sql(
        "INSERT INTO team_mode (group_role, installed_at) VALUES (%s, %s)",
        (group, now or dt.datetime.now()),
    )
    functions = sum(map(len, (team_functions.FUNCTIONS, team_functions.WRITERS,
                              team_functions.ADMINS, team_keys.names())))  # fmt: skip
    return TeamSetup(group, schema, len(team_sql.POLICY_TABLES), functions)


def _admins_of(group: str) -> str:
    admins = team_mode.admin_group(group)
    if len(admins) > team_mode.NAME_MAX:
        most = team_mode.NAME_MAX - len(admins) + len(group)
        raise InvalidInput(
            "group role {group!r} is too long: at most {most} characters", group=group, most=most
        )
    return admins


def _install_functions(database: pw.Database, schema: str, group: str, admins: str) -> None:
    for sql in team_functions.functions(_q(schema), admins):
        database.execute_sql(sql)
    every = (*team_functions.FUNCTIONS, *team_functions.WRITERS, *team_functions.ADMINS)
    for name in (*every, *team_functions.MIGRATED):
        database.execute_sql(f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC")
        if name not in team_functions.ADMINS:  # the owner's alone
            database.execute_sql(f"GRANT EXECUTE ON FUNCTION {name} TO {_q(group)}")


def _create_group(database: pw.Database, role: str) -> None:
    if _role(database, role) is None:
        _run(
            database,
            f"CREATE ROLE {_q(role)} NOLOGIN",
            f"your login may not create roles; ask a DBA: CREATE ROLE {role} NOLOGIN",
        )


def _install_policies(database: pw.Database, group: str, admins: str) -> None:
    """The team's policies and the admins' (`team_sql`), in place of any installed."""
    for table in team_sql.POLICY_TABLES:
        database.execute_sql(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        for verb in ("read", "insert", "update", "delete", "admin"):
            database.execute_sql(f'DROP POLICY IF EXISTS crm_{verb} ON "{table}"')
    for sql in team_sql.policies():
        database.execute_sql(sql.replace("{group}", _q(group)))
    for sql in team_sql.admin_policies():
        database.execute_sql(sql.replace("{admins}", _q(admins)))
    for sql in team_sql.admin_view():
        database.execute_sql(sql.replace("{group}", _q(group)).replace("{admins}", _q(admins)))


def _grants(group: str, schema: str, dbname: str) -> list[str]:
    # DML only: no TRUNCATE (row-level security does not cover it), REFERENCES or TRIGGER;
    # without TEMP no pg_temp function can shadow ours. The migration record and the mode
    # are the owner's; the log is written once and never changed.
    return [
        f"REVOKE ALL ON DATABASE {dbname} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {dbname} TO {group}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {schema} TO {group}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {group}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {group}",
        f"REVOKE INSERT, UPDATE, DELETE ON schema_migration, team_mode FROM {group}",
        f"REVOKE UPDATE, DELETE ON op_log FROM {group}",
        # The pieces of every customer's text by stretch of the name order (migration
        # 0019) would tell which names exist: logins add theirs through crm_note_grams.
        f"REVOKE ALL ON customer_name_bucket, customer_gram FROM {group}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {group}",
        # Row-level security skews estimates; JIT then compiled cheap counts for 100 ms.
        f"ALTER DATABASE {dbname} SET jit = off",
    ]


@writing
def grant_login(
    actor: User, db_login: str, user_ref: str, *, now: dt.datetime | None = None
) -> LoginGrant:
    """Map ``db_login`` to a user (admins), creating the login in the group if missing.

    Raises:
        Conflict: the login is another user's. PermissionDenied: not an admin, or the
        caller may not create or enrol logins (the message says what a DBA runs).
    """
    if not actor.is_admin:
        raise PermissionDenied("only an admin may grant database logins")
    database = _require_postgres()
    group = team_mode.group_role(database)  # not info(): init-team may have run just now
    if group is None:
        raise InvalidInput("team mode is off: the owner of the tables runs crm db init-team first")
    db_login = _name(db_login.strip(), "database login")
    row = active_user_row(user_ref)
    holder = m.User.get_or_none(m.User.db_login == db_login)
    if holder is not None and holder.id != row.id:
        raise Conflict(
            "database login {db_login!r} is already {login!r}'s", db_login=db_login,
            login=holder.login,
        )  # fmt: skip
    created = _enrol(database, db_login, group)
    before, row.db_login = row.db_login, db_login
    row.save()
    change = {"db_login": [before, db_login]}
    oplog.write(actor, "user", row.id, None, "grant_login", change, now or dt.datetime.now())
    return LoginGrant(row.login, db_login, created)


@writing
def add_user_with_login(actor: User, login: str, *, db_login: str, **fields: Any) -> User:
    """``users.add_user`` and ``grant_login`` in one transaction: a refused login adds
    nobody."""
    row = add_user(actor, login, **fields)
    grant_login(actor, db_login, row.login)
    return row


def _enrol(database: pw.Database, login: str, group: str) -> bool:
    found = _role(database, login)
    ask = f"ask a DBA to run: CREATE ROLE {login} LOGIN PASSWORD '…' IN ROLE {group}"
    if found is not None and found[0]:
        raise InvalidInput(
            f"database login {login!r} is a superuser or bypasses row-level "
            "security: it would see every row; map an ordinary login"
        )
    if found is None:
        _run(
            database,
            f"CREATE ROLE {_q(login)} LOGIN IN ROLE {_q(group)}",
            f"your login may not create database logins; {ask}",
        )
        return True
    member = database.execute_sql("SELECT pg_has_role(%s, %s, 'MEMBER')", (login, group))
    if not member.fetchone()[0]:
        _run(
            database,
            f"GRANT {_q(group)} TO {_q(login)}",
            f"your login may not add {login!r} to {group}; {ask}",
        )
    return False
