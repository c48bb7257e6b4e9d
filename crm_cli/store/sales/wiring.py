"""What sales adds to the layers below it (loaded by `store.domains.load()`): its team
settings; the rule that money records outlive customers, so a customer with quotes,
orders or opportunities is never purged; and the owner copies on installments and lines,
which follow a customer into the trash and back (`sales.owners`)."""

from __future__ import annotations

from typing import Any

from crm_cli.store.core.errors import Conflict
from crm_cli.store.customers import lifecycle, owners
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import settings  # noqa: F401  (registers the sales settings)


def refuse_purge(row: cm.Customer) -> None:
    """The database refuses too, but without a clear line."""
    from crm_cli.store.sales import models as sm

    counts = {
        "quote(s)": sm.Quote.select().where(sm.Quote.customer == row.id).count(),
        "order(s)": sm.SalesOrder.select().where(sm.SalesOrder.customer == row.id).count(),
        "opportunity(ies)": sm.Opportunity.select()
        .where(sm.Opportunity.customer == row.id)
        .count(),
    }
    found = [f"{n} {kind}" for kind, n in counts.items() if n]
    if found:
        raise Conflict(
            "customer {code} has quotes, orders or payments ({found}); it cannot be purged",
            code=row.code,
            found=", ".join(found),
        )


def follow_customers(customer_ids: Any) -> None:
    """``sales.owners.follow_customers``, its models loaded when a customer moves, not by
    every command that loads the domains."""
    from crm_cli.store.sales import owners as sales_owners

    sales_owners.follow_customers(customer_ids)


lifecycle.purge_guards.add(refuse_purge)
owners.followers.add(follow_customers)
