"""The demo team: two managers with two salespeople each, who own the demo customers."""

from __future__ import annotations

from itertools import accumulate

from crm_cli.store.core import models as m
from crm_cli.store.core.records import User
from crm_cli.store.demo.names import Weighted

# login, display name, role, supervisor, department


TEAM = (
    ("li", "李娜", "manager", None, "华南销售部"),
    ("wang", "王芳", "sales", "li", "华南销售部"),
    ("zhao", "赵强", "sales", "li", "华南销售部"),
    ("smith", "John Smith", "manager", None, "International Sales"),
    ("chen", "陈静", "sales", "smith", "International Sales"),
    ("taylor", "Emma Taylor", "sales", "smith", "International Sales"),
)


def add_team() -> int:
    """The demo hierarchy: two managers with two salespeople each; existing logins stay."""
    added = 0
    for login, display, role, boss, department in TEAM:
        if m.User.get_or_none(m.User.login == login) is not None:
            continue
        above = m.User.get_or_none(m.User.login == boss) if boss else None
        m.User.create(
            login=login, display=display, role=role, department=department,
            supervisor=above.id if above else None,
        )  # fmt: skip
        added += 1
    return added


def owners(actor: User) -> Weighted[int]:
    """The demo team's active people: salespeople own most customers, managers a few."""
    rows = m.User.select(m.User.id, m.User.role).where(
        m.User.login.in_([login for login, *_ in TEAM]) & (m.User.active == True)  # noqa: E712
    )
    weights = {row.id: 9 if row.role == "sales" else 1 for row in rows} or {actor.id: 1}
    ids = sorted(weights)
    return Weighted(ids, list(accumulate(weights[i] for i in ids)))
