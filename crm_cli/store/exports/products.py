"""What `crm export products` writes: the columns (headers `crm import products` maps back)
and the products, in code order, read as the file is written (the list's own query)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from crm_cli.store.core.listing import streaming
from crm_cli.store.core.records import User
from crm_cli.store.exports.columns import CODE, MONEY, TEXT, Column, chosen
from crm_cli.store.imports.products_spec import HEADERS
from crm_cli.store.sales.products import iter_products

FIELDS = {
    "code": CODE, "name": TEXT, "category": TEXT, "subcategory": TEXT, "unit": TEXT,
    "price": MONEY, "cost": MONEY, "annual_fee": MONEY, "notes": TEXT,
}  # fmt: skip
# Only with --fields; an import leaves them out.
DERIVED = {"id": CODE, "created_at": TEXT, "updated_at": TEXT, "deleted": TEXT}


def product_columns(fields: Sequence[str] | None = None) -> list[Column]:
    """The columns of a product export, or ``fields`` of them in order."""
    found = [Column(f, HEADERS[f][0], f, kind) for f, kind in FIELDS.items()]
    return chosen(found, [Column(f, f, f, k) for f, k in DERIVED.items()], fields)


@streaming
def product_rows(
    actor: User,
    *,
    category: str | None = None,
    search: str | None = None,
    deleted: bool = False,
    terms: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """The products `crm product list` would show with these filters and terms, by code."""
    found = iter_products(actor, category=category, search=search, deleted=deleted, terms=terms)
    for product in found:
        row = product._asdict()
        row["created_at"] = product.created_at.isoformat(timespec="seconds")
        row["updated_at"] = product.updated_at.isoformat(timespec="seconds")
        yield row
