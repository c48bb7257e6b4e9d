"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for users:
``crm user list role:sales department:华南 supervisor:li +active``.

Fields: the user's ``login``, ``display`` (= ``name``), ``department`` (text), ``role``
(admin, manager, sales; Chinese names too), ``supervisor`` (a login or ``me``;
``supervisor:`` for none), ``created`` (date). Tag: ``+active`` (not deactivated). Words
match the login, the display name or the department.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import term_sql
from crm_cli.store.core.records import ROLES, User
from crm_cli.store.core.term_sql import Column, Vocabulary

U = m.User
FIELDS = {
    "login": Column(U.login, "text"), "display": Column(U.display, "text"),
    "name": Column(U.display, "text"), "department": Column(U.department, "text"),
    "role": Column(U.role, "choice", ROLES, "role"),
    "supervisor": Column(U.supervisor, "owner"), "created": Column(U.created_at, "date"),
}  # fmt: skip
TAGS = {"active": lambda a, t: U.active == True}  # noqa: E712 (never NULL)
VOCABULARY = Vocabulary(
    "user", FIELDS, TAGS,
    lambda w: U.login.contains(w) | U.display.contains(w) | U.department.contains(w),
)  # fmt: skip


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on users."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
