"""Whose targets someone may set and read (TGT-1, USR-3), and the subject a target is for.

- Admins set and read every target.
- A manager sets the targets of everyone below them (at any depth), and of their own
  department and any department whose people are all below them; not their own: those
  come from above. They read their own targets too, and those of their subordinates'
  departments.
- Anyone else reads their own targets and their department's, and sets none.

A user who does not exist is "not found"; so is a department nobody belongs to (a
department is the text on its people's user records, nothing more).
"""

from __future__ import annotations

from typing import NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.customers.access import subordinate_ids


class Subject(NamedTuple):
    """A person or a department: what a target is for."""

    key: str  # the unique column: "user:<id>" or "department:<name>"
    user_id: int | None
    department: str
    name: str  # the login, or the department's name

    @property
    def label(self) -> str:
        return self.name if self.user_id is not None else f"department {self.name}"


class Reach(NamedTuple):
    """What an actor reads: user ids and department names; None means every one."""

    users: set[int] | None
    departments: set[str] | None


def _below(actor: User) -> set[int]:
    return subordinate_ids(actor.id) if actor.role == "manager" else set()


def reach(actor: User) -> Reach:
    if actor.is_admin:
        return Reach(None, None)
    below = _below(actor)
    departments = {actor.department} if actor.department else set()
    if below:
        rows = m.User.select(m.User.department).where(m.User.id.in_(list(below)))
        departments |= {row.department for row in rows if row.department}
    return Reach({actor.id, *below}, departments)


def members(department: str) -> list[m.User]:
    """Everyone whose user record names ``department``, deactivated people too (what they
    did in the period still counts for it), by login."""
    U = m.User
    return list(U.select().where(U.department == department).order_by(U.login))


def subject(user: str | None, department: str | None) -> Subject:
    """The person (login or id) or department named; exactly one of them.

    Raises:
        InvalidInput: both or neither given. NotFound: no such user or department.
    """
    if (user is None) == (department is None):
        raise InvalidInput("give a user or a department (one of them)")
    if user is not None:
        row = user_row(user)
        return Subject(f"user:{row.id}", row.id, "", row.login)
    name = (department or "").strip()
    if not name:
        raise InvalidInput("empty department name")
    if not members(name):
        raise NotFound("no department {name!r}: no user belongs to it", name=name)
    return Subject(f"department:{name}", None, name, name)


def require_read(actor: User, who: Subject) -> None:
    seen = reach(actor)
    if who.user_id is not None:
        if seen.users is not None and who.user_id not in seen.users:
            raise PermissionDenied("you may not see the targets of {name}", name=who.name)
    elif seen.departments is not None and who.department not in seen.departments:
        raise PermissionDenied("you may not see the targets of department {name}", name=who.name)


def require_set(actor: User, who: Subject) -> None:
    """Raises PermissionDenied unless ``actor`` may set or delete ``who``'s targets."""
    if actor.is_admin:
        return
    if actor.role != "manager":
        raise PermissionDenied("only a manager or an admin may set targets")
    below = _below(actor)
    if who.user_id is not None:
        if who.user_id == actor.id:
            raise PermissionDenied("your own targets are set by your manager or an admin")
        if who.user_id not in below:
            raise PermissionDenied(
                "you may set targets only for people below you, not {name}", name=who.name
            )
        return
    people = {row.id for row in members(who.department)} - {actor.id}
    if who.department != actor.department and not people <= below:
        raise PermissionDenied(
            "you may not set the targets of department {name}: not everyone in it is below you",
            name=who.name,
        )
