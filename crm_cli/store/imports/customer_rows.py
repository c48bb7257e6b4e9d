"""Checking the rows of a customer file: each cell as `crm customer add` would take it.

A cell is checked by its field's converter; an empty cell is left out (a new customer gets
the default, an updated one keeps its value). Lengths are the columns' own, so PostgreSQL
and MariaDB never refuse a value SQLite took.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from crm_cli.store.campaigns.lookup import Codes
from crm_cli.store.core.credit_code import normalize_credit_code
from crm_cli.store.core.dates import parse_date, require_past
from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.core.normalize import check_email, check_mobile, check_phone, clean_name
from crm_cli.store.core.tabular import Table, reason_of
from crm_cli.store.core.values import parse_bool
from crm_cli.store.customers import fields as cf
from crm_cli.store.customers import models as cm
from crm_cli.store.imports.specs import Draft, Problems

Convert = Callable[[str], Any]
# A number Excel showed in E-notation and wrote so: its digits are lost for good.
E_NOTATION = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")
CONTACT_LIMIT = 100


reason = reason_of  # an error as a problem's reason


def limited(field: str, convert: Convert, limit: int | None) -> Convert:
    def checked(text: str) -> Any:
        value = convert(text)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            raise InvalidInput("longer than {limit} characters", limit=limit)
        return value

    return checked


def code(text: str) -> str:
    value = text.strip().upper()
    if E_NOTATION.match(value):
        raise InvalidInput("a number Excel shortened (E-notation); format it as text")
    if not value or any(c.isspace() for c in value):
        raise InvalidInput("a code has no spaces")
    return value


def converters(state: Any) -> dict[str, Convert]:
    """Field → how its cell becomes the stored value (``state``: a ``customers_spec.State``)."""
    today = state.run.today
    plain: dict[str, Convert] = {
        "code": code,
        "name": clean_name,
        "phone": lambda t: check_phone(t, "phone"),
        "fax": lambda t: check_phone(t, "fax"),
        "mobile": lambda t: check_mobile(t, "mobile"),
        "email": lambda t: check_email(t, "email"),
        "is_public": lambda t: parse_bool(t, "public"),
        "status": state.status_id,
        "owner": state.people.owner,
        "registered": lambda t: _past(parse_date(t, today), today),
        "contact": lambda t: clean_name(t, "contact"),
        "campaign_id": Codes().id_of,
        "credit_code": normalize_credit_code,
    }
    found: dict[str, Convert] = {}
    model = cm.Customer._meta.fields
    for field in state.spec_fields:
        if field.startswith("custom."):
            kind = state.custom[field.removeprefix("custom.")]
            spec = cf.FieldSpec(field, kind)
            found[field] = _custom(spec, today)
            continue
        limit = getattr(model.get(field), "max_length", None)
        if field in ("contact", "title"):
            limit = CONTACT_LIMIT
        found[field] = limited(field, plain.get(field, str.strip), limit)
    return found


def _custom(spec: cf.FieldSpec, today: Any) -> Convert:
    return lambda text: cf.coerce(spec, text, today)


def _past(day: Any, today: Any) -> Any:
    require_past("registered", day, today)
    return day


def parse(table: Table, convert: dict[str, Convert], problems: Problems) -> list[Draft]:
    """The rows of ``table`` as drafts; a row with a bad cell is a problem instead."""
    drafts = []
    for line, cells in table.records():
        values: dict[str, Any] = {}
        bad = False
        for field, text in cells.items():
            if not text:
                continue
            try:
                values[field] = convert[field](text)
            except InvalidInput as exc:
                problems.add(line, field, text, reason(exc))
                bad = True
        if bad:
            continue
        if "name" not in values:
            problems.add(line, "name", "", Phrase("a customer needs a name"))
        elif "mobile" in values and "contact" not in values and "phone" in values:
            problems.add(line, "mobile", cells["mobile"], Phrase("a mobile and a phone but no "
                         "contact to hold the mobile (add a 联系人 column)"))  # fmt: skip
        else:
            if "mobile" in values and "contact" not in values:
                values["phone"] = values.pop("mobile")
            drafts.append(Draft(line, values, cells))
    return drafts
