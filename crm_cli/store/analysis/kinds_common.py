"""Fields many record types share: the customer's (name, status, source, industry, place,
grade) and a user's (login, department), through joins named ``customer``, ``status`` and
``owner``."""

from __future__ import annotations

from typing import Any

from crm_cli.store.analysis.fields import Field, Join
from crm_cli.store.core import models as core
from crm_cli.store.customers import models as cm


def aliases() -> tuple[Any, Any, Any]:
    """Fresh aliases of customer, customer status and user (for one record type)."""
    return cm.Customer.alias("c"), cm.CustomerStatus.alias("cs"), core.User.alias("ou")


def customer_joins(
    source: Any, customer_id: Any, c: Any, s: Any, needs: tuple[str, ...] = ()
) -> dict[str, Join]:
    return {
        "customer": Join(source, c, c.id == customer_id, needs),
        "status": Join(c, s, s.id == c.status, ("customer",)),
    }


def customer_fields(c: Any, s: Any) -> list[Field]:
    via = ("customer",)
    texts = ("source", "industry", "type", "level", "province", "city", "grade")
    return [
        Field("customer", "text", c.name, via),
        Field("customer_code", "text", c.code, via),
        Field("customer_status", "text", s.name, ("status",)),
        *(Field(name, "text", getattr(c, name), via) for name in texts),
    ]


def owner_fields(u: Any, name: str = "owner") -> list[Field]:
    via = ("owner",)
    return [
        Field(name, "text", u.login, via),
        Field(f"{name}_department", "text", u.department, via),
    ]


def live(column: Any, joins: tuple[str, ...] = ()) -> Field:
    """A condition every counted record meets: ``column`` (a trash date) is empty."""
    return Field("live", "bool", column.is_null(), joins)


def money(name: str, expr: Any, joins: tuple[str, ...] = ()) -> Field:
    """A money column (cents)."""
    return Field(name, "money", expr, joins, places=2)


def merged(*groups: list[Field]) -> dict[str, Field]:
    """The fields by name; the first of a name wins (a contact's own city over its
    customer's)."""
    found: dict[str, Field] = {}
    for group in groups:
        for item in group:
            found.setdefault(item.name, item)
    return found
