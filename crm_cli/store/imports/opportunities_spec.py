"""Opportunities as a record type of the import engine (`crm import opportunities FILE`).

Each row names its customer (客户编号 or 客户名称), whom the actor must be allowed to
change, as `crm opportunity add` requires; the owner is the customer's. An open
opportunity obeys `add`'s rules (an amount above zero, a probability not below the team
minimum, an expected close date not in the past); a won or lost one is history: any
probability, a closing date not in the future (today when left out), and a lost one needs
its reason, as `lose` does.

An opportunity has no title of its own: its product of interest names it (商机名称 and
意向产品 are both that field). Duplicates, as a user reading a pipeline sees them: the same
code (this very opportunity) for a row that has one; for a row without, the same customer
with an opportunity of the same name, live, in the database or earlier in the file. An
update changes only the file's columns, and only of an open opportunity (a closed one must
be reopened first, as `edit` says).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.core.errors import CrmError, Phrase
from crm_cli.store.core.normalize import fold
from crm_cli.store.core.tabular import Table, phrase_of
from crm_cli.store.imports import contact_rows, deal_rows
from crm_cli.store.imports.aliases import alias_table
from crm_cli.store.imports.bulk import chunks, select_in, tuples
from crm_cli.store.imports.customer_undo import as_stored, log_undo
from crm_cli.store.imports.numbering import assign_codes
from crm_cli.store.imports.opportunity_rows import COLUMN, FIELDS, HEADERS, check, converters
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import SAME, Draft, Entity, Found, Problems, Run
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunity_fields as of

SAME_NAME = Phrase("same customer and name")
NAMES_CUSTOMER = Phrase("an opportunity names its customer")
# What a row that makes an opportunity gives, and why.
NEEDS = {
    "amount": Phrase("a new opportunity needs its amount"),
    "probability": Phrase("a new opportunity needs its probability"),
}

Opp = sm.Opportunity


class State:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.people = People(run.actor, run.today)
        self.customers = contact_rows.Customers(self.people, Phrase("opportunities to"))
        self.convert = converters(run.today)


class OpportunitiesSpec:
    name = "opportunities"
    noun = "opportunity"
    required = ("customer",)
    tables = ("opportunity",)

    def aliases(self) -> Mapping[str, str]:
        return alias_table(HEADERS)

    def start(self, run: Run) -> State:
        return State(run)

    def parse(self, table: Table, state: State, problems: Problems) -> list[Draft]:
        drafts = []
        for line, values, cells in deal_rows.cells_of(table, state.convert, problems):
            draft = Draft(line, values, cells)
            if not values.get("customer"):
                deal_rows.problem(problems, draft, "customer", NAMES_CUSTOMER)
                continue
            drafts.append(draft)
        kept = state.customers.resolve(drafts, problems)
        for draft in kept:
            try:
                if "contact" in draft.values:
                    parent: Any = state.customers.by_id[draft.extra["customer_id"]]
                    draft.values["contact"] = of.contact_id(parent, draft.values["contact"])
                given = set(draft.values)
                check(draft.values, state.run.today, given)
            except deal_rows.Bad as exc:
                deal_rows.problem(problems, draft, exc.field, exc.why)
            except CrmError as exc:  # no such contact, or several of that name
                deal_rows.problem(problems, draft, "contact", phrase_of(exc))
        return kept

    def match(self, drafts: list[Draft], state: State, problems: Problems) -> None:
        _match(drafts, state)
        for draft in drafts:
            creates = not draft.matches or state.run.policy == "create"
            for field, why in NEEDS.items():
                if creates and field not in draft.values:
                    deal_rows.problem(problems, draft, field, why)

    def write(self, drafts: list[Draft], state: State) -> None:
        _insert(state.run, [d for d in drafts if d.action == "create"], state)
        for draft in drafts:
            if draft.action == "update":
                _update(draft, state.run)

    def entity(self, name: str) -> Entity:
        return ENTITY


def _match(drafts: list[Draft], state: State) -> None:
    columns = (Opp.id, Opp.code, Opp.product, Opp.customer, Opp.status, Opp.deleted_at)
    by_code = {r[1]: r for r in select_in(Opp.select(*columns).tuples(), Opp.code,
                                          {d.code for d in drafts if d.code})}  # fmt: skip
    by_name: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    live = Opp.select(*columns).where(Opp.deleted_at.is_null()).tuples()
    for row in select_in(live, Opp.customer, {d.extra["customer_id"] for d in drafts}):
        if row[2]:
            by_name.setdefault((row[3], fold(row[2]).strip()), []).append(row)
    rows = list(by_code.values()) + [r for found in by_name.values() for r in found]
    lines = state.run.lines_of("opportunity", {r[0] for r in rows})
    seen: dict[Any, int] = {}
    for draft in drafts:
        found: list[Found] = []
        customer = draft.extra["customer_id"]
        if draft.code and (row := by_code.get(draft.code)) is not None:
            found.append(_found(row, SAME["code"], lines, customer, True))
        if draft.code and ("code", draft.code) in seen:
            found.append(Found(None, "", "", SAME["code"], seen[("code", draft.code)], True))
        # A code says which opportunity it is: look-alikes count for rows without one.
        name = "" if draft.code else fold(draft.values.get("name", "")).strip()
        for row in by_name.get((customer, name), []) if name else []:
            if row[1] != draft.code:
                found.append(_found(row, SAME_NAME, lines, customer, False))
        if name and (customer, name) in seen:
            found.append(Found(None, "", "", SAME_NAME, seen[(customer, name)]))
        seen.setdefault(("code", draft.code), draft.line)
        if name:
            seen.setdefault((customer, name), draft.line)
        draft.matches = sorted(found, key=lambda f: not f.identity)


def _found(
    row: tuple[Any, ...], why: str, lines: dict[int, int], customer: int, identity: bool
) -> Found:
    blocked = ""
    if row[5] is not None:
        blocked = Phrase("opportunity {code} is deleted", code=row[1])
    elif row[3] != customer:
        blocked = Phrase("opportunity {code} belongs to another customer", code=row[1])
    elif row[4] != "open":
        blocked = Phrase("opportunity {code} is {status}; reopen it to change it",
                         code=row[1], status=row[4])  # fmt: skip
    return Found(row[0], row[1], row[2], why, lines.get(row[0]), identity, blocked)


def _insert(run: Run, drafts: list[Draft], state: State) -> None:
    if not drafts:
        return
    assign_codes(drafts, "opportunity", "code.opportunity_prefix")
    logged = []
    for draft in drafts:
        parent = state.customers.by_id[draft.extra["customer_id"]]
        values = {k: v for k, v in draft.values.items() if k in FIELDS}
        row = Opp.create(
            **_stored(values), code=draft.code, customer=parent.id,
            owner=parent.owner or run.actor.id, created_by=run.actor.id, created_at=run.now,
            updated_at=run.now,
        )  # fmt: skip
        draft.id = row.id
        run.item("opportunity", row.id, draft.line, "create")
        logged.append((row.id, parent.id, {"code": draft.code, **values}))
    deal_rows.log_rows(run, "opportunity", logged)


def _update(draft: Draft, run: Run) -> None:
    """Change what the row's cells change (the values before kept for undo)."""
    row = Opp.get_by_id(draft.id)
    before: dict[str, Any] = {}
    merged = {**of.snapshot(row), **_stored(draft.values)}
    check(merged, run.today, set())  # the row's status against the fields it keeps
    for field in FIELDS:
        attr = COLUMN.get(field, field)
        if field in draft.values and getattr(row, attr) != draft.values[field]:
            before[attr.removesuffix("_id")] = oplog.plain(getattr(row, attr))
            setattr(row, attr, draft.values[field])
    if not before:
        draft.action, draft.note = "skip", "no change"
        return
    _save(run, row, before, "import")
    run.item("opportunity", row.id, draft.line, "update", json.dumps(before, ensure_ascii=False))


def _save(run: Run, row: sm.Opportunity, before: dict[str, Any], action: str) -> None:
    row.updated_at = run.now
    row.save()
    after = {k: getattr(row, COLUMN.get(k, k)) for k in before}
    changes = {k: [v, oplog.plain(after[k])] for k, v in before.items()}
    oplog.write(run.actor, "opportunity", row.id, row.customer_id, action, changes, run.now)


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """A row's values under the model's names (``product``, ``contact``)."""
    return {("product" if k == "name" else k): v for k, v in values.items() if k in FIELDS}


class OpportunityEntity:
    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        changed = deal_rows.logged_since("opportunity", ids, mark)
        rows = select_in(Opp.select(Opp.code, Opp.product).tuples(), Opp.id, changed)
        return sorted(f"{c} {name}".strip() for c, name in rows)

    def remove(self, run: Run, ids: list[int]) -> None:
        owners: list[tuple[int, int | None]] = []
        for part in chunks(sorted(ids)):
            owners += list(tuples(Opp.select(Opp.id, Opp.customer).where(Opp.id.in_(list(part)))))
            Opp.update(deleted_at=run.now, updated_at=run.now).where(
                Opp.id.in_(list(part)) & Opp.deleted_at.is_null()
            ).execute()
        log_undo(run, "opportunity", owners, {"import_batch": run.batch_id})

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        for row in select_in(Opp.select(), Opp.id, previous):
            before = {k: oplog.plain(getattr(row, COLUMN.get(k, k))) for k in previous[row.id]}
            for key, value in previous[row.id].items():
                setattr(row, COLUMN.get(key, key), as_stored(Opp, key, value))
            _save(run, row, before, "import-undo")


ENTITY = OpportunityEntity()
SPEC = OpportunitiesSpec()
