"""The migrations build exactly the tables and columns the models describe, on every backend."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crm_cli.store.core import models as m
from crm_cli.store.core.db import db_proxy
from crm_cli.store.customers import models as cm
from crm_cli.store.database.tables import tables
from crm_cli.store.pool import models as pm
from crm_cli.store.sales import models as sm

ALL_MODELS = (
    m.User, m.Setting, m.Sequence, cm.CustomerStatus, cm.CustomField, cm.Customer,
    cm.Delegation, cm.Contact, m.OpLog, cm.SavedSearch, *sm.SALES_MODELS, *pm.POOL_MODELS,
)  # fmt: skip


def every_model() -> list[object]:
    """Every table's model, found as the backups find them: a new domain is covered at once."""
    return [table.model for table in tables()]


# Columns the database computes itself, which no model writes: PostgreSQL's stored tsvector
# of short search terms (migration 0005).
GENERATED = {"postgresql": {("customer", "search_words")}}


def test_every_model_column_exists_in_the_migrated_schema(any_db: str) -> None:
    database = db_proxy.obj
    generated = GENERATED.get(any_db.split(":", 1)[0], set())
    assert set(ALL_MODELS) <= set(every_model())
    for model in every_model():
        table = model._meta.table_name
        columns = {c.name for c in database.get_columns(table)}
        columns -= {column for name, column in generated if name == table}
        expected = {f.column_name for f in model._meta.sorted_fields}
        assert expected == columns, f"{table}: {expected ^ columns}"


def test_sequences_for_the_sales_codes_exist(any_db: str) -> None:
    names = {row.name for row in m.Sequence.select()}
    assert {"customer", "contact", "opportunity", "quote", "order", "payment"} <= names


def test_scaled_fields_round_trip_exactly(any_db: str) -> None:
    now = dt.datetime(2026, 11, 25, 9, 0)
    product = sm.Product.create(code="P1", name="x", price="0.10", created_at=now, updated_at=now)
    book = sm.PriceBook.create(name="b", created_at=now)
    sm.PriceBookEntry.create(book=book, product=product, price=Decimal("0.20"))
    customer = cm.Customer.create(code="C1", name="甲", created_at=now, updated_at=now)
    quote = sm.Quote.create(code="Q1", customer=customer, created_at=now, updated_at=now)
    line = sm.QuoteLine.create(
        quote=quote, position=1, product=product, quantity=Decimal("2.125"),
        unit_price=Decimal("0.10"), discount=Decimal("12.5"), amount=Decimal("0.19"),
    )  # fmt: skip
    again = sm.QuoteLine.get_by_id(line.id)
    assert again.quantity == Decimal("2.125") and str(again.discount) == "12.50"
    assert str(again.amount) == "0.19"
