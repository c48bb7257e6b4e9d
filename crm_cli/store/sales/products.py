"""Products (PRD-1): the catalogue quotes and orders are priced from.

Everyone reads products; admins and managers change them. Codes are the user's own,
stored upper-case and unique (a deleted product keeps its code). Price books live in
``pricebooks.py``; importing a product file in ``imports.products_spec``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Duplicate, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.listing import ALL, Page, rows, streaming
from crm_cli.store.core.records import Exact, User
from crm_cli.store.core.values import as_id, parse_money
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import product_terms
from crm_cli.store.sales.tax import parse_tax_rate

TEXT_FIELDS = {"name": 200, "category": 64, "subcategory": 64, "unit": 16, "notes": 100_000}
MONEY_FIELDS = ("price", "cost", "annual_fee")
FIELDS = (*TEXT_FIELDS, *MONEY_FIELDS, "tax_rate")
CENT = Decimal("0.01")


class Product(NamedTuple):
    id: int
    code: str
    name: str
    category: str
    subcategory: str
    unit: str
    price: Decimal
    cost: Decimal | None
    annual_fee: Decimal | None
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted: bool
    tax_rate: Decimal | None = None  # VAT %; None: the team's tax.rate

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        if self.tax_rate is not None:  # a percentage, not money: 13 rather than 13.00
            data["tax_rate"] = Exact(self.tax_rate)
        return data


def to_record(row: sm.Product) -> Product:
    return Product(
        id=row.id, code=row.code, name=row.name, category=row.category,
        subcategory=row.subcategory, unit=row.unit, price=row.price, cost=row.cost,
        annual_fee=row.annual_fee, notes=row.notes, created_at=row.created_at,
        updated_at=row.updated_at, deleted=row.deleted_at is not None, tax_rate=row.tax_rate,
    )  # fmt: skip


def require_catalogue_rights(actor: User, what: str) -> None:
    """Products and price books are changed by admins and managers only."""
    if actor.role not in ("admin", "manager"):
        raise PermissionDenied("only admins and managers may {what}", what=what)


def check_code(code: str) -> str:
    text = code.strip().upper()
    if not text or len(text) > 32 or any(c.isspace() or c == ":" for c in text):
        raise InvalidInput(
            "invalid product code {code!r}: 1 to 32 characters, no spaces or colons", code=code
        )
    return text


def money_value(name: str, text: Any) -> Decimal | None:
    """A price field from user text; empty clears cost and annual fee, never the price."""
    if isinstance(text, Decimal):
        text = str(text)
    raw = str(text).strip()
    if not raw:
        if name == "price":
            raise InvalidInput("invalid price '': a product needs a list price")
        return None
    value = parse_money(raw, name.replace("_", " "))
    if value < 0:
        raise InvalidInput(
            "invalid {value} {raw!r}: must not be negative", value=name.replace("_", " "), raw=raw
        )
    return value.quantize(CENT)


def apply_fields(row: sm.Product, values: Mapping[str, Any]) -> None:
    """Validate and set product fields from user text (no save)."""
    for key, text in values.items():
        name = key.strip().lower().replace("-", "_")
        if name in MONEY_FIELDS:
            setattr(row, name, money_value(name, text))
        elif name == "tax_rate":  # empty: back to the team's rate
            row.tax_rate = parse_tax_rate(text) if str(text).strip() else None
        elif name in TEXT_FIELDS:
            value = str(text).strip()
            if name == "name" and not value:
                raise InvalidInput("a product needs a name")
            if len(value) > TEXT_FIELDS[name]:
                raise InvalidInput(
                    "{name} is too long: at most {text_fields} characters",
                    name=name,
                    text_fields=TEXT_FIELDS[name],
                )
            setattr(row, name, value)
        else:
            raise InvalidInput(
                "unknown product field {key!r}; fields: {fields}", key=key, fields=", ".join(FIELDS)
            )


def snapshot(row: sm.Product) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS}


def find_row(ref: str, *, deleted: bool = False) -> sm.Product:
    """The product with this code or numeric id (live ones unless ``deleted``)."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty product reference")
    cond = sm.Product.code == text.upper()
    if (number := as_id(text, "product")) is not None:
        cond |= sm.Product.id == number
    query = sm.Product.select().where(cond)
    if not deleted:
        query = query.where(sm.Product.deleted_at.is_null())
    rows = sorted(query, key=lambda r: r.code != text.upper())
    if not rows:
        raise NotFound("no product {text!r}", text=text)
    return rows[0]


@writing
def add_product(
    actor: User,
    code: str,
    name: str,
    fields: Mapping[str, Any] | None = None,
    *,
    now: dt.datetime | None = None,
) -> Product:
    """Add a product; ``fields`` hold price (required), cost, category … as text."""
    now = now_or(now)
    require_catalogue_rights(actor, "add products")
    values = {**(fields or {}), "name": name}
    if "price" not in values:
        raise InvalidInput("a product needs a list price: give --price")
    row = sm.Product(code=check_code(code), created_at=now, updated_at=now)
    apply_fields(row, values)
    existing = sm.Product.get_or_none(sm.Product.code == row.code)
    if existing is not None:
        state = " (deleted)" if existing.deleted_at else ""
        raise Duplicate(
            "product code {code} is taken by {name!r}{state}",
            code=row.code,
            name=existing.name,
            state=state,
        )
    row.save(force_insert=True)
    oplog.write(actor, "product", row.id, None, "add", oplog.nonempty(snapshot(row)), now)
    return to_record(row)


@reading
def get_product(actor: User, ref: str) -> Product:
    return to_record(find_row(ref, deleted=True))


@reading
def products_by_code(actor: User, codes: Iterable[str]) -> dict[str, Product]:
    """Products (deleted ones too) by code, an IN list of 500 codes at a time."""
    wanted = sorted(set(codes))
    found: dict[str, Product] = {}
    for start in range(0, len(wanted), 500):
        query = sm.Product.select().where(sm.Product.code.in_(wanted[start : start + 500]))
        found.update((row.code, to_record(row)) for row in query)
    return found


@streaming
def iter_products(
    actor: User,
    *,
    category: str | None = None,
    search: str | None = None,
    deleted: bool = False,
    page: Page = ALL,
    terms: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Iterator[Product]:
    """Products by code (its unique index); ``search`` matches code, name or category text;
    ``terms``: query-language terms (SH-1, ``product_terms``), ANDed with the rest."""
    P = sm.Product
    query = P.select().where(P.deleted_at.is_null(not deleted)).order_by(P.code)
    if category:
        query = query.where((P.category == category.strip()) | (P.subcategory == category.strip()))
    if search and search.strip():
        text = search.strip()
        query = query.where(
            P.code.contains(text.upper()) | P.name.contains(text) | P.category.contains(text)
        )
    for cond in product_terms.conditions(terms, actor, now_or(now).date()):
        query = query.where(cond)
    for row in rows(page.apply(query)):
        yield to_record(row)


@reading
def list_products(
    actor: User,
    *,
    category: str | None = None,
    search: str | None = None,
    deleted: bool = False,
) -> list[Product]:
    """``iter_products`` as a list."""
    return list(iter_products(actor, category=category, search=search, deleted=deleted))


@writing
def edit_product(
    actor: User, ref: str, changes: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Product:
    """Change a product's fields; quotes and orders already written keep their prices."""
    now = now_or(now)
    require_catalogue_rights(actor, "change products")
    if not changes:
        raise InvalidInput("nothing to change: give at least one field")
    row = find_row(ref)
    before = snapshot(row)
    apply_fields(row, changes)
    changed = oplog.diff(before, snapshot(row))
    if changed:
        row.updated_at = now
        row.save()
        oplog.write(actor, "product", row.id, None, "edit", changed, now)
    return to_record(row)


@writing
def delete_product(actor: User, ref: str, *, now: dt.datetime | None = None) -> Product:
    """Soft-delete: new lines cannot use it; existing quotes and orders keep it."""
    now = now_or(now)
    require_catalogue_rights(actor, "delete products")
    row = find_row(ref)
    row.deleted_at = now
    row.updated_at = now
    row.save()
    oplog.write(actor, "product", row.id, None, "delete", {"code": row.code}, now)
    return to_record(row)


@writing
def restore_product(actor: User, ref: str, *, now: dt.datetime | None = None) -> Product:
    now = now_or(now)
    require_catalogue_rights(actor, "restore products")
    row = find_row(ref, deleted=True)
    if row.deleted_at is None:
        raise InvalidInput("product {code} is not deleted", code=row.code)
    row.deleted_at = None
    row.updated_at = now
    row.save()
    oplog.write(actor, "product", row.id, None, "restore", {"code": row.code}, now)
    return to_record(row)
