"""People (USR-1, USR-2): users, roles, the hierarchy, and the acting user."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, team_mode, user_terms
from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import db_proxy, info, reading, writing
from crm_cli.store.core.errors import N_, Conflict, InvalidInput, PermissionDenied
from crm_cli.store.core.records import ROLES, User
from crm_cli.store.core.user_rows import user_row

LOGIN_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def to_record(row: m.User, logins: dict[int, str] | None = None) -> User:
    sup_id = row.supervisor_id
    supervisor = None
    if sup_id is not None:
        supervisor = logins[sup_id] if logins is not None else m.User.get_by_id(sup_id).login
    return User(
        id=row.id,
        login=row.login,
        display=row.display,
        role=row.role,
        department=row.department,
        supervisor=supervisor,
        active=row.active,
    )


@writing
def resolve_actor(login: str, *, named: bool = True, now: dt.datetime | None = None) -> User:
    """The acting user for ``login``; the first user of a new database becomes admin.

    In team mode the connecting database login decides (see ``_team_actor``); ``named``
    says whether ``login`` was chosen (``--user``, ``CRM_USER``) or is the OS login.

    Raises:
        PermissionDenied: the login is unknown or deactivated.
    """
    if info().team_group is not None:
        database = db_proxy.obj
        who = team_mode.login(database)
        if not who.owner:  # the tables' owner is the DBA's account: --user chooses, as before
            return _team_actor(database, who.name, login.strip() if named else None, now)
    login = login.strip()
    row = m.User.get_or_none(m.User.login == login)
    if row is None:
        if m.User.select().exists():
            raise PermissionDenied(
                "unknown user {login!r}; an admin can add it with: crm user add {login}",
                login=login,
            )
        _check_login(login)
        row = m.User.create(login=login, display=login, role="admin")
    if not row.active:
        raise PermissionDenied("user {login!r} is deactivated", login=login)
    return to_record(row)


def _team_actor(database: Any, db_login: str, named: str | None, now: dt.datetime | None) -> User:
    """The user mapped to ``db_login``; an admin's login may act as ``named`` (logged)."""
    row = m.User.get_or_none(m.User.db_login == db_login)
    if row is None:
        raise PermissionDenied(
            "database login {db_login!r} is not mapped to a crm user; an admin can map it "
            "with: crm user grant {db_login} --user NAME",
            db_login=db_login,
        )
    if not row.active:
        raise PermissionDenied(
            "database login {db_login!r} belongs to {login!r}, who is deactivated",
            db_login=db_login, login=row.login,
        )  # fmt: skip
    if named is None or named == row.login:
        team_mode.act_as(database, None)
        return to_record(row)
    if row.role != "admin":
        raise PermissionDenied(
            "database login {db_login!r} is {login!r}; only an admin's login may act "
            "as another user ({named!r})",
            db_login=db_login, login=row.login, named=named,
        )  # fmt: skip
    target = m.User.get_or_none(m.User.login == named)
    if target is None or not target.active:
        raise PermissionDenied("unknown or deactivated user {named!r}", named=named)
    change = {"db_login": db_login, "as": target.login}
    oplog.write(to_record(row), "user", target.id, None, "act_as", change, now or dt.datetime.now())
    team_mode.act_as(database, target.id)
    return to_record(target)


def _check_login(login: str) -> None:
    if not LOGIN_RE.match(login):
        raise InvalidInput(
            "invalid login {login!r}: use letters, digits, '_', '.', '@' or '-'", login=login
        )


def _check_role(role: str) -> str:
    return choose(role, ROLES, "role")


def _require_admin(actor: User, refusal: str) -> None:
    """``refusal``: the whole sentence, marked with ``N_`` for the catalog."""
    if not actor.is_admin:
        raise PermissionDenied(refusal)


def active_user_row(ref: str) -> m.User:
    row = user_row(ref)
    if not row.active:
        raise InvalidInput("user {login!r} is deactivated", login=row.login)
    return row


def _supervisor_for(ref: str | None, self_id: int | None = None) -> int | None:
    if ref is None or ref.strip() == "":
        return None
    sup = active_user_row(ref)
    if self_id is not None and (sup.id == self_id or self_id in _chain_above(sup.id)):
        raise InvalidInput(
            "{login!r} cannot supervise a user above them in the hierarchy", login=sup.login
        )
    return int(sup.id)


def _chain_above(user_id: int) -> set[int]:
    parents = {u.id: u.supervisor_id for u in m.User.select(m.User.id, m.User.supervisor)}
    seen: set[int] = set()
    current = parents.get(user_id)
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen


@writing
def add_user(
    actor: User,
    login: str,
    *,
    role: str = "sales",
    department: str = "",
    supervisor: str | None = None,
    display: str = "",
) -> User:
    """Add a user (admins only)."""
    _require_admin(actor, N_("only an admin may add users"))
    login = login.strip()
    _check_login(login)
    if m.User.select().where(m.User.login == login).exists():
        raise Conflict("user {login!r} already exists", login=login)
    row = m.User.create(
        login=login,
        display=display.strip() or login,
        role=_check_role(role),
        department=department.strip(),
        supervisor=_supervisor_for(supervisor),
    )
    return to_record(row)


@reading
def list_users(
    actor: User,
    *,
    include_inactive: bool = True,
    terms: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> list[User]:
    """Users by login; ``terms``: query-language terms (SH-1, ``user_terms``)."""
    query = m.User.select().order_by(m.User.login)
    if not include_inactive:
        query = query.where(m.User.active == True)  # noqa: E712
    for cond in user_terms.conditions(terms, actor, now_or(now).date()):
        query = query.where(cond)
    rows = list(query)
    logins = {r.id: r.login for r in m.User.select(m.User.id, m.User.login)}
    return [to_record(r, logins) for r in rows]


@reading
def get_user(actor: User, ref: str) -> User:
    return to_record(user_row(ref))


@writing
def edit_user(
    actor: User,
    ref: str,
    *,
    role: str | None = None,
    department: str | None = None,
    supervisor: str | None = None,
    display: str | None = None,
    active: bool | None = None,
) -> User:
    """Change a user's role, department, supervisor, display name or active flag."""
    _require_admin(actor, N_("only an admin may edit users"))
    row = user_row(ref)
    if role is not None:
        new_role = _check_role(role)
        if row.role == "admin" and new_role != "admin":
            _keep_one_admin(row.id)
        row.role = new_role
    if department is not None:
        row.department = department.strip()
    if display is not None:
        row.display = display.strip() or row.login
    if supervisor is not None:
        row.supervisor = _supervisor_for(supervisor, self_id=row.id)
    if active is not None:
        if not active and row.role == "admin":
            _keep_one_admin(row.id)
        row.active = active
    row.save()
    return to_record(row)


def _keep_one_admin(user_id: int) -> None:
    others = m.User.select().where(
        (m.User.role == "admin") & (m.User.active == True) & (m.User.id != user_id)  # noqa: E712
    )
    if not others.exists():
        raise InvalidInput("the last active admin cannot be demoted or deactivated")


def deactivate_user(actor: User, ref: str) -> User:
    """Deactivate a user: they keep their records but can no longer act."""
    return edit_user(actor, ref, active=False)
