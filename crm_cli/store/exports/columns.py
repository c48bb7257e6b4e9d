"""The columns of an export: each field, its header (what `crm import` maps back to that
field), its JSON Lines key (the field's English name) and its kind (how a file types it).

Only fields an import sets are exported by default, so an export re-imports unchanged.
Derived fields (balance owed, last contact …) may be asked for with ``--fields``: their
headers are among the columns an import knows and leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers import models as cm
from crm_cli.store.imports.aliases import CONTACT, CUSTOMER, Headers

TEXT, CODE, DATE, MONEY, BOOL, NUMBER = "text", "code", "date", "money", "bool", "number"


class Column(NamedTuple):
    field: str  # the row's key: name, custom.region …
    header: str  # CSV and XLSX: what the importer maps back to ``field``
    key: str  # JSON Lines
    kind: str  # text, code (digits kept as text), date, money, bool, number


# field -> kind, in file order; the header is the field's first alias unless HEADERS says.
CUSTOMER_FIELDS = {
    "code": CODE, "name": TEXT, "mnemonic": TEXT, "keyword": TEXT, "status": TEXT,
    "type": TEXT, "source": TEXT, "industry": TEXT, "level": TEXT, "phone": CODE,
    "fax": CODE, "email": TEXT, "website": TEXT, "country": TEXT, "province": TEXT,
    "city": TEXT, "address": TEXT, "postcode": CODE, "owner": TEXT, "registered": DATE,
    "is_public": BOOL, "notes": TEXT, "credit_code": CODE,
}  # fmt: skip
# Read-only: only with --fields; an import knows these headers and leaves them out.
CUSTOMER_DERIVED = {
    "last_contact": DATE, "next_contact": DATE, "latest_progress": TEXT, "last_order": DATE,
    "total_ordered": MONEY, "total_received": MONEY, "balance_owed": MONEY,
}  # fmt: skip
CONTACT_FIELDS = {
    "customer": CODE, "code": CODE, "name": TEXT, "mnemonic": TEXT, "title": TEXT,
    "department": TEXT, "deal_role": TEXT, "birthday": DATE, "age_range": TEXT,
    "gender": TEXT, "mobile": CODE, "work_phone": CODE, "home_phone": CODE, "email": TEXT,
    "im": CODE, "spouse": TEXT, "hobbies": TEXT, "province": TEXT, "city": TEXT,
    "notes": TEXT,
}  # fmt: skip
CONTACT_DERIVED = {"customer_name": TEXT}
# A contact's customer by code (客户名称 would hold a name: codes are never ambiguous).
HEADERS = {("contacts", "customer"): "客户编号", ("contacts", "im"): "QQ/微信"}
CUSTOM_KINDS = {"number": NUMBER, "date": DATE, "bool": BOOL}


def _header(record_type: str, field: str, table: dict[str, tuple[str, ...]]) -> str:
    if field not in table:  # derived: its English name, which the importer ignores
        return field
    return HEADERS.get((record_type, field), table[field][0])


@reading
def customer_columns(fields: Sequence[str] | None = None) -> list[Column]:
    """The columns of a customer export: every importable field and each custom field
    (under its label when the importer reads the label back), or ``fields`` in order."""
    from crm_cli.store.imports.customers_spec import SPEC

    headers = Headers(SPEC.aliases())
    found = [Column(f, _header("customers", f, CUSTOMER), f, k) for f, k in CUSTOMER_FIELDS.items()]
    F = cm.CustomField
    query: Any = F.select(F.key, F.kind, F.label).where(F.entity == "customer")
    defined: list[tuple[str, str, str]] = list(query.tuples())
    for key, kind, label in defined:
        field = f"custom.{key}"
        # Its label when that reads back as this field (a label may repeat a built-in header).
        header = next(h for h in (label, key, field) if h and headers.field(h) == field)
        found.append(Column(field, header, field, CUSTOM_KINDS.get(kind, TEXT)))
    found[len(CUSTOMER_FIELDS) :] = sorted(found[len(CUSTOMER_FIELDS) :])
    extra = [Column(f, f, f, k) for f, k in CUSTOMER_DERIVED.items()]
    return _chosen(found, extra, fields)


def contact_columns(fields: Sequence[str] | None = None) -> list[Column]:
    """The columns of a contact export, or ``fields`` of them in order."""
    found = [Column(f, _header("contacts", f, CONTACT), f, k) for f, k in CONTACT_FIELDS.items()]
    extra = [Column(f, f, f, k) for f, k in CONTACT_DERIVED.items()]
    return _chosen(found, extra, fields)


def _chosen(found: list[Column], extra: list[Column], fields: Sequence[str] | None) -> list[Column]:
    """``found``, or the columns ``fields`` names (among ``found`` and ``extra``)."""
    if not fields:
        return found
    by_name = {c.field: c for c in found + extra}
    unknown = [name for name in fields if name not in by_name]
    if unknown:
        raise InvalidInput(
            "unknown field {unknown!r}; fields: {by_name}",
            unknown=unknown[0],
            by_name=", ".join(by_name),
        )
    return [by_name[name] for name in dict.fromkeys(fields)]


# The sales exports (exports/opportunities.py …) choose their columns the same way.
chosen = _chosen
