"""What each customer field is, and turning user text into stored values.

One table of fields serves add, edit, batch update, ``--where`` filters and sort,
so a field is validated the same way on every path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.choices import fold, names_of
from crm_cli.store.core.credit_code import normalize_credit_code
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.normalize import check_email, check_mobile, check_phone, clean_name
from crm_cli.store.core.values import parse_bool, parse_money
from crm_cli.store.customers import models as cm

TEXT, PHONE, EMAIL, BOOL, DATE, MONEY, STATUS, OWNER, NAME, MOBILE = (
    "text", "phone", "email", "bool", "date", "money", "status", "owner", "name", "mobile"
)  # fmt: skip
CREDIT_CODE = "credit_code"  # 统一社会信用代码: checked, upper case, NULL when none


class FieldSpec(NamedTuple):
    name: str
    kind: str
    editable: bool = True


_EDITABLE = {
    "name": NAME, "mnemonic": TEXT, "keyword": TEXT, "is_public": BOOL, "status": STATUS,
    "type": TEXT, "source": TEXT, "industry": TEXT, "level": TEXT, "phone": PHONE,
    "fax": PHONE, "email": EMAIL, "website": TEXT, "country": TEXT, "province": TEXT,
    "city": TEXT, "address": TEXT, "postcode": TEXT, "owner": OWNER, "registered": DATE,
    "notes": TEXT, "credit_code": CREDIT_CODE,
}  # fmt: skip
_READ_ONLY = {
    "code": TEXT, "last_contact": DATE, "next_contact": DATE, "latest_progress": TEXT,
    "last_order": DATE, "total_ordered": MONEY, "total_received": MONEY,
    "balance_owed": MONEY, "audited": BOOL, "created_at": DATE, "updated_at": DATE,
    "grade": TEXT, "strategy": TEXT,  # the latest evaluation's (EVL-1)
}  # fmt: skip

FIELDS: dict[str, FieldSpec] = {
    **{k: FieldSpec(k, v) for k, v in _EDITABLE.items()},
    **{k: FieldSpec(k, v, editable=False) for k, v in _READ_ONLY.items()},
}
DERIVED = (
    "last_contact",
    "next_contact",
    "latest_progress",
    "last_order",
    "total_ordered",
    "total_received",
    "balance_owed",
)
CUSTOM_KINDS = (TEXT, "number", DATE, BOOL)


def custom_keys() -> dict[str, str]:
    """Defined custom fields of customers: key → kind."""
    rows = cm.CustomField.select().where(cm.CustomField.entity == "customer")
    return {r.key: r.kind for r in rows}


def define_custom_field(key: str, kind: str = "text", label: str = "") -> FieldSpec:
    """The spec of custom field ``key``, defining it (as text) on first use."""
    bare = key.strip().lower().removeprefix("custom.")
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", bare):
        raise InvalidInput("invalid custom field name {key!r}: use a-z, 0-9 and _", key=key.strip())
    if bare in FIELDS:
        raise InvalidInput(
            "{bare!r} is a built-in field; set it with --{value}",
            bare=bare,
            value=bare.replace("_", "-"),
        )
    if kind not in CUSTOM_KINDS:
        raise InvalidInput(
            "unknown field type {kind!r}; use one of: {custom_kinds}",
            kind=kind,
            custom_kinds=", ".join(CUSTOM_KINDS),
        )
    row, _ = cm.CustomField.get_or_create(
        entity="customer", key=bare, defaults={"kind": kind, "label": label or bare}
    )
    return FieldSpec(f"custom.{bare}", row.kind)


def spec_for(name: str, *, for_edit: bool = False) -> FieldSpec:
    """The spec of a built-in field or a defined custom field (``custom.KEY`` or ``KEY``)."""
    key = name.strip().lower().replace("-", "_")
    if key in FIELDS:
        spec = FIELDS[key]
        if for_edit and not spec.editable:
            why = "is derived" if key in DERIVED else "is not editable"
            raise InvalidInput("field {key!r} {why}; it cannot be set by hand", key=key, why=why)
        return spec
    custom = custom_keys()
    bare = key.removeprefix("custom.")
    if bare in custom:
        return FieldSpec(f"custom.{bare}", custom[bare])
    known = ", ".join(sorted(FIELDS) + [f"custom.{k}" for k in sorted(custom)])
    raise InvalidInput("unknown field {name!r}; fields: {known}", name=name.strip(), known=known)


def coerce(spec: FieldSpec, text: Any, today: dt.date) -> Any:
    """Turn user input into the stored Python value of ``spec``."""
    if text is None:
        return None
    if not isinstance(text, str):
        return text
    kind = spec.kind
    if kind == NAME:
        return clean_name(text)
    if kind == PHONE:
        return check_phone(text, spec.name)
    if kind == MOBILE:
        return check_mobile(text, spec.name)
    if kind == EMAIL:
        return check_email(text, spec.name)
    if kind == CREDIT_CODE:
        return normalize_credit_code(text) or None
    if kind == BOOL:
        return parse_bool(text, spec.name)
    if kind == DATE:
        return parse_date(text, today) if text.strip() else None
    if kind == MONEY:
        return parse_money(text, spec.name)
    if kind == "number":
        # "f": 120 stays 120, not the 1.2E+2 that str() of a normalised Decimal gives.
        return format(parse_money(text, spec.name).normalize(), "f") if text.strip() else ""
    return text.strip()


def status_id(name: str) -> int:
    """The status ``name`` names: its name, or a Chinese name of a default (意向客户)."""
    S = cm.CustomerStatus
    ids = {s.name: s.id for s in S.select(S.name, S.id).order_by(S.position)}
    found = status_named(name, list(ids))
    if found is None:
        raise InvalidInput(
            "unknown status {name!r}; statuses: {names}", name=name.strip(), names=", ".join(ids)
        )
    return int(ids[found])


def status_named(text: str, names: list[str]) -> str | None:
    """Which of the team's status ``names`` the typed ``text`` is, if any: a name as it is
    stored first (a team may call a status 潜在), else a Chinese name of a default one."""
    if text.strip() in names:
        return text.strip()
    return names_of(names, "customer status").get(fold(text))


def load_custom(row: cm.Customer) -> dict[str, Any]:
    try:
        data = json.loads(row.custom or "{}")
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def column(spec: FieldSpec) -> Any:
    """The SQL expression of a field, for filters and sorting."""
    if spec.name.startswith("custom."):
        node = _json_text(spec.name.removeprefix("custom."))
        return pw.Cast(node, "NUMERIC") if spec.kind == "number" else node
    if spec.kind == STATUS:
        return cm.Customer.status
    if spec.kind == OWNER:
        return cm.Customer.owner
    return getattr(cm.Customer, spec.name)


def _json_text(key: str) -> Any:
    from crm_cli.store.core.db import backend

    path = "$." + json.dumps(key)
    kind = backend()
    if kind == "postgres":
        return pw.SQL("(custom::jsonb ->> %s)", (key,))
    if kind == "mysql":
        return pw.SQL("JSON_UNQUOTE(JSON_EXTRACT(custom, %s))", (path,))
    return pw.fn.json_extract(cm.Customer.custom, path)
