"""`crm user …`: people, roles and the hierarchy (admins change them)."""

import functools
from typing import Annotated

import typer

from crm_cli.commands import _complete, _terms
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    check_fields,
    note,
    session,
    show_record,
    show_records,
)
from crm_cli.store.core import users
from crm_cli.store.core.records import User

app = typer.Typer(help="Users: admin, manager and sales people.")
COLUMNS = ("login", "display", "role", "department", "supervisor", "active")
Role = Annotated[str | None, typer.Option("--role", help="admin, manager or sales.")]
Dept = Annotated[str | None, typer.Option("--department")]
Sup = Annotated[
    str | None,
    typer.Option("--supervisor", help="Login of their manager.", autocompletion=_complete.users),
]
Display = Annotated[str | None, typer.Option("--display", help="Full name shown to people.")]
DbLogin = Annotated[
    str | None, typer.Option("--db-login", help="Team mode: their own database login.")
]


@app.command("add")
def add(
    ctx: typer.Context,
    login: str,
    role: Role = None,
    department: Dept = None,
    supervisor: Sup = None,
    display: Display = None,
    db_login: DbLogin = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add a user (admins). In team mode --db-login gives them their own database login
    (as crm user grant does).

    Example: crm user add wang --role sales --supervisor li --display 王芳 --db-login wang
    """
    check_fields(fields, User._fields)
    s = session(ctx)
    adding = users.add_user
    if db_login is not None:  # one transaction: a refused login adds nobody
        from crm_cli.store.database.team import add_user_with_login

        adding = functools.partial(add_user_with_login, db_login=db_login)
    row = adding(
        s.actor(), login, role=role or "sales", department=department or "",
        supervisor=supervisor, display=display or "",
    )  # fmt: skip
    show_record(s, row.to_dict(), fmt, fields)


@app.command("grant")
def grant(
    ctx: typer.Context,
    db_login: Annotated[str, typer.Argument(metavar="LOGIN", help="The database login.")],
    user: Annotated[
        str,
        typer.Option(
            "--user", "-u", help="The crm user it acts as.", autocompletion=_complete.users
        ),
    ],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Team mode: map a person's own database login to their crm user (admins), creating
    the login in the team's group role when your login may create roles (else the message
    says what a DBA runs). The login then decides who they are; set its password with
    ALTER ROLE … PASSWORD, never in a URL.

    Example: crm user grant wang --user wang
    """
    from crm_cli.store.database.team import LoginGrant, grant_login

    check_fields(fields, LoginGrant._fields)
    s = session(ctx)
    result = grant_login(s.actor(), db_login, user)
    said = (
        "Database login {login} created and mapped to {user}."
        if result.created
        else "Database login {login} mapped to {user}."
    )
    note(said, login=result.db_login, user=result.user)
    if fmt is not None:
        show_record(s, result.to_dict(), fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Everyone, active or not.

    Terms: login, display (= name), department, role, supervisor, created; tag +active.

    Example: crm user list role:sales department:华南 +active -f csv
    """
    s = session(ctx)
    found = users.list_users(s.actor(), terms=_terms.checked(s, terms, "user"))
    rows = [u.to_dict() for u in found]
    show_records(s, rows, fmt, fields, COLUMNS)


@app.command("show")
def show(ctx: typer.Context, login: str, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """One user.

    Example: crm user show wang
    """
    s = session(ctx)
    show_record(s, users.get_user(s.actor(), login).to_dict(), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    login: str,
    role: Role = None,
    department: Dept = None,
    supervisor: Sup = None,
    display: Display = None,
    active: Annotated[bool | None, typer.Option("--active/--inactive")] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change a user's role, department, supervisor or name (admins).

    Example: crm user edit wang --role manager
    """
    check_fields(fields, User._fields)
    s = session(ctx)
    row = users.edit_user(
        s.actor(), login, role=role, department=department, supervisor=supervisor,
        display=display, active=active,
    )  # fmt: skip
    show_record(s, row.to_dict(), fmt, fields)


@app.command("deactivate")
def deactivate(ctx: typer.Context, login: str) -> None:
    """Stop a user from acting; their customers stay theirs until transferred.

    Example: crm user deactivate wang
    """
    users.deactivate_user(session(ctx).actor(), login)
    note("Deactivated {login}.", login=login)
