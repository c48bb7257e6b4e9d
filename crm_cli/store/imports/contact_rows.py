"""Checking the rows of a contact file: each cell as `crm contact add` takes it, and the
customer each row belongs to (客户名称: a code, a numeric id or an exact name), looked up
once per batch for all its rows and kept for the next batches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm_cli.store.core.dates import parse_date, require_past
from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.core.normalize import check_email, check_mobile, check_phone, name_key
from crm_cli.store.core.tabular import Table
from crm_cli.store.core.values import MAX_ID
from crm_cli.store.customers import models as cm
from crm_cli.store.imports.bulk import select_in
from crm_cli.store.imports.contact_writes import FIELDS, Parent
from crm_cli.store.imports.customer_rows import code, limited, reason
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import Draft, Problems

Convert = Callable[[str], Any]
C = cm.Customer


def converters(today: Any) -> dict[str, Convert]:
    def birthday(text: str) -> Any:
        day = parse_date(text, today)
        require_past("birthday", day, today)
        return day

    special: dict[str, Convert] = {
        "code": code,
        "customer": str.strip,
        "mobile": lambda t: check_mobile(t, "mobile"),
        "work_phone": lambda t: check_phone(t, "phone"),
        "home_phone": lambda t: check_phone(t, "home phone"),
        "email": lambda t: check_email(t, "email"),
        "birthday": birthday,
        "name": lambda t: " ".join(t.split()),
    }
    model = cm.Contact._meta.fields
    return {
        field: limited(
            field, special.get(field, str.strip), getattr(model.get(field), "max_length", None)
        )
        for field in ("code", "customer", *FIELDS)
    }


def parse(table: Table, convert: dict[str, Convert], problems: Problems) -> list[Draft]:
    drafts = []
    for line, cells in table.records():
        values: dict[str, Any] = {}
        bad = False
        for field, text in cells.items():
            if text:
                try:
                    values[field] = convert[field](text)
                except InvalidInput as exc:
                    problems.add(line, field, text, reason(exc))
                    bad = True
        if bad:
            continue
        if not values.get("name"):
            problems.add(line, "name", "", Phrase("a contact needs a name"))
        elif not values.get("customer"):
            problems.add(line, "customer", "", Phrase("a contact belongs to a customer: name it"))
        else:
            drafts.append(Draft(line, values, cells))
    return drafts


class Customers:
    """The customers a file names (客户编号 or 客户名称: code, id or exact name), found once
    each; ``what`` says what the actor adds to them, for the refusal ("contacts to")."""

    def __init__(self, people: People, what: str = Phrase("contacts to")) -> None:
        self.people = people
        self.what = what
        self.known: dict[str, Parent | str] = {}  # reference → customer, or why not
        self.by_id: dict[int, Parent] = {}

    def resolve(self, drafts: list[Draft], problems: Problems) -> list[Draft]:
        """The drafts whose customer is found and may get contacts (``extra``: its id)."""
        wanted = {d.values["customer"] for d in drafts} - set(self.known)
        if wanted:
            self._find(wanted)
        kept = []
        for draft in drafts:
            found = self.known[draft.values["customer"]]
            if isinstance(found, str):
                problems.add(draft.line, "customer", draft.values["customer"], found)
                continue
            draft.extra["customer_id"] = found.id
            draft.extra["customer"] = found.code
            kept.append(draft)
        return kept

    def _find(self, refs: set[str]) -> None:
        columns = (C.id, C.code, C.name, C.owner, C.phone, C.province, C.city, C.is_public,
                   C.deleted_at)  # fmt: skip
        rows: dict[int, tuple[Any, ...]] = {}
        numbers = {int(r) for r in refs if r.isdecimal() and int(r) <= MAX_ID}
        for column, values in ((C.code, {r.upper() for r in refs}), (C.id, numbers),
                               (C.name_key, {name_key(r) for r in refs})):  # fmt: skip
            for row in select_in(C.select(*columns).tuples(), column, values):
                if row[8] is None and self.people.can_see(row[0], row[3], row[7]):
                    rows[row[0]] = row
        for ref in refs:
            self.known[ref] = self._one(ref, list(rows.values()))

    def _one(self, ref: str, rows: list[tuple[Any, ...]]) -> Parent | str:
        exact = [r for r in rows if r[1] == ref.upper() or str(r[0]) == ref]
        named = exact or [r for r in rows if r[2] == ref]
        if not named:
            return Phrase("no customer {ref!r}", ref=ref)
        if len(named) > 1:
            codes = ", ".join(r[1] for r in named)
            return Phrase("several customers are called {ref!r}: {codes}", ref=ref, codes=codes)
        row = named[0]
        if not self.people.can_edit(row[0], row[3]):
            return Phrase("you may not add {what} customer {code}", what=self.what, code=row[1])
        parent = Parent(row[0], row[1], row[2], row[3], row[4], row[5], row[6])
        self.by_id[parent.id] = parent
        return parent
