"""What activity adds to the layers below it (loaded by `store.domains.load()`): a
reminder's copy of its customer's trash date follows the customer into the trash and back,
so that `crm today` counts live reminders through an index alone (`activity.models`)."""

from __future__ import annotations

from typing import Any

from crm_cli.store.customers import owners


def follow_customers(customer_ids: Any) -> None:
    """The reminders about these customers (ids, or a query selecting ids) copy their
    customer's ``deleted_at``. The models load here, when a customer moves: every command
    loads this module."""
    from crm_cli.store.activity import models as am
    from crm_cli.store.customers import models as cm

    R, C = am.Reminder, cm.Customer
    trashed = C.select(C.deleted_at).where(C.id == R.customer)
    R.update(customer_trashed_at=trashed).where(R.customer.in_(customer_ids)).execute()


owners.followers.add(follow_customers)
