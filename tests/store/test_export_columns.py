"""The columns of `crm export` (store.exports.columns) against the importer's own header
table: every exported header reads back as its field, every derived one is left out."""

from __future__ import annotations

from crm_cli.store.core.records import User
from crm_cli.store.customers import fields as cf
from crm_cli.store.exports.columns import (
    CONTACT_DERIVED,
    CUSTOMER_DERIVED,
    contact_columns,
    customer_columns,
)
from crm_cli.store.imports.aliases import IGNORED, Headers
from crm_cli.store.imports.contacts_spec import SPEC as CONTACTS
from crm_cli.store.imports.customers_spec import SPEC as CUSTOMERS


def test_every_customer_header_reads_back_as_its_field(admin: User) -> None:
    cf.define_custom_field("region", "text", label="区域")
    cf.define_custom_field("tax_office", "text", label="电话")  # a label that is taken
    headers = Headers(CUSTOMERS.aliases())
    columns = customer_columns()
    assert {c.field: c.header for c in columns[-2:]} == {
        "custom.tax_office": "tax_office", "custom.region": "区域"}  # fmt: skip
    for column in columns:
        assert headers.field(column.header) == column.field, column
        assert headers.field(column.key) == column.field, column  # JSON Lines
    for column in customer_columns(list(CUSTOMER_DERIVED)):
        assert headers.field(column.header) == IGNORED, column


def test_every_contact_header_reads_back_as_its_field() -> None:
    headers = Headers(CONTACTS.aliases())
    for column in contact_columns():
        assert headers.field(column.header) == column.field, column
        assert headers.field(column.key) == column.field, column
    for column in contact_columns(list(CONTACT_DERIVED)):
        assert headers.field(column.header) == IGNORED, column
