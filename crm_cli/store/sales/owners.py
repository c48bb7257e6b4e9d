"""The order's owner copied onto its installments and lines (migration 0005), so
`crm today` reads a user's unpaid installments and ending service fees through an index
on the owner. An order's owner never changes, so the copy is written once, with the row;
``fill_missing`` fills rows a bulk writer (the demo) made without it."""

from __future__ import annotations

from crm_cli.store.sales import models as sm


def fill_missing() -> None:
    Ord = sm.SalesOrder
    for model in (sm.Installment, sm.OrderLine):
        owner = Ord.select(Ord.owner).where(Ord.id == model.order)
        model.update(owner_id=owner).where(model.owner_id.is_null()).execute()
