"""Finding an expense and who may see it (EXP-1, USR-3).

Everyone sees their own expenses; whoever is above the owner in the hierarchy (at any
depth) sees theirs too, and may approve them; admins see all. An expense one may not see
is "not found".
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.expenses import models as xm

X = xm.Expense


def seen_by(actor: User) -> pw.Expression | None:
    """The condition on ``Expense`` for what ``actor`` sees; None: everything."""
    if actor.is_admin:
        return None
    return X.owner.in_([actor.id, *subordinate_ids(actor.id)])


def live() -> Any:
    return X.select().where(X.deleted_at.is_null())


def restrict(query: Any, actor: User) -> Any:
    cond = seen_by(actor)
    return query if cond is None else query.where(cond)


def find(actor: User, ref: str) -> xm.Expense:
    """The live expense named by code or numeric id, if ``actor`` may see it."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty expense reference")
    cond = X.code == text.upper()
    if (number := as_id(text, "expense")) is not None:
        cond |= X.id == number
    row = restrict(live().where(cond), actor).first()
    if row is None:
        raise NotFound("no expense {text!r}", text=text)
    return row
