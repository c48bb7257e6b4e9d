"""Quotes as a record type of the import engine (`crm import quotes FILE`, which
`crm quote import` also runs).

One row per line item; rows sharing a quote's key (its code, 报价单编码, when the row gives
one, as an export does; else its reference, 报价单号) form one quote wherever they are in
the file (``quote_rows``). Every quote obeys what `crm quote add` obeys (``sales``: a
customer the actor may change, the customer's contact, a valid-until not before today,
live products, a line's own price, else the customer group's price book, else the list
price); the file's codes are kept, the others drawn.

Duplicates: a quote is its code or its reference, so a live quote with the same reference
(or a quote with the same code) is the same quote, never a look-alike. ``--on-duplicate
skip`` leaves it; ``update`` gives it the file's quote-level values and replaces its lines
with the file's, as `crm quote edit --line` does (refused while it is audited, or when it
is another customer's); ``create`` is refused (a reference names one quote).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_cli.store.core.errors import Phrase
from crm_cli.store.core.tabular import Table
from crm_cli.store.imports import quote_rows, quote_save
from crm_cli.store.imports.aliases import IGNORED, alias_table
from crm_cli.store.imports.bulk import select_in
from crm_cli.store.imports.specs import SAME, Draft, Entity, Found, Problems, Run
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import quote_lookups
from crm_cli.store.sales.quote_checks import Customer, Group

Q = sm.Quote
SAME_REF = Phrase("same reference")
HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("报价单号", "报价单", "报价编号", "单号", "quote", "ref", "reference", "quote ref",
            "quote no"),
    "code": ("报价单编码", "系统编号", "code", "quote code"),
    "customer": ("客户编号", "客户编码", "客户", "客户名称", "customer", "customer code",
                 "customer name"),
    "contact": ("联系人", "contact"),
    "subject": ("主题", "报价主题", "subject"),
    "valid_until": ("有效期至", "有效期", "valid until"),
    "notes": ("备注", "notes", "note"),
    "product": ("产品编码", "产品", "product", "product code"),
    "quantity": ("数量", "quantity", "qty"),
    "price": ("单价", "price", "unit price"),
    "discount": ("折扣", "discount"),
    IGNORED: ("id", "customer_name", "客户全称", "product_name", "产品名称", "amount", "金额",
              "total", "总计", "handler", "audited", "created_at", "position"),
}  # fmt: skip
COLUMNS = (Q.id, Q.code, Q.ref, Q.customer, Q.audited, Q.deleted_at)


class State:
    """One quote import: its quotes (a ``Group`` each, lines aside) and look-ups."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.actor = run.actor
        self.today = run.today
        self.books = quote_lookups.Books()
        self.groups: dict[str, Group] = {}
        self.customers: dict[int, Customer] = {}  # shared by their quotes
        self.number = 0  # batches read
        self.batch = quote_rows.Batch()
        self.refused = False  # a problem somewhere: nothing more is written


class QuotesSpec:
    name = "quotes"
    noun = "quote"
    required = ()  # checked by ``quote_rows.require_columns``: a reference or a code
    vcard = False
    tables = ("quote", "quote_line")

    def aliases(self) -> Mapping[str, str]:
        return alias_table(HEADERS)

    def start(self, run: Run) -> State:
        return State(run)

    def parse(self, table: Table, state: State, problems: Problems) -> list[Draft]:
        if state.number == 0:
            quote_rows.require_columns(table)
        state.batch = quote_rows.read(table, state.groups, state.number, state, problems)
        state.number += 1
        state.refused = state.refused or bool(problems.found)
        return state.batch.drafts

    def match(self, drafts: list[Draft], state: State, problems: Problems) -> None:
        by_code = {r[1]: r for r in select_in(Q.select(*COLUMNS).tuples(), Q.code,
                                              {d.code for d in drafts if d.code})}  # fmt: skip
        by_ref: dict[str, list[tuple[Any, ...]]] = {}
        live = Q.select(*COLUMNS).where(Q.deleted_at.is_null()).tuples()
        for row in select_in(live, Q.ref, {d.values["ref"] for d in drafts if d.values["ref"]}):
            by_ref.setdefault(row[2], []).append(row)
        rows = [*by_code.values(), *(r for found in by_ref.values() for r in found)]
        lines = state.run.lines_of("quote", {r[0] for r in rows})
        for draft in drafts:
            found = _found(draft, by_code, by_ref, lines)
            if found and state.run.policy == "fail":
                _refuse(draft, found[0], problems)
            else:
                draft.matches = found

    def write(self, drafts: list[Draft], state: State) -> None:
        if len(drafts) < len(state.batch.drafts):
            state.refused = True  # the duplicate policy refused a row
        if not state.refused:
            quote_save.write(drafts, state)

    def entity(self, name: str) -> Entity:
        from crm_cli.store.imports.quote_undo import ENTITY

        return ENTITY


def _found(
    draft: Draft,
    by_code: dict[str, tuple[Any, ...]],
    by_ref: dict[str, list[tuple[Any, ...]]],
    lines: dict[int, int],
) -> list[Found]:
    group: Group = draft.extra["group"]
    found: list[Found] = []
    candidates = [(by_code.get(draft.code), SAME["code"])]
    candidates += [(row, SAME_REF) for row in by_ref.get(draft.values["ref"], ())]
    for row, why in candidates:
        if row is None or any(f.id == row[0] for f in found):
            continue
        blocked = ""
        if row[5] is not None:
            blocked = Phrase("quote {code} is deleted", code=row[1])
        elif row[4]:
            blocked = Phrase("quote {code} is audited; un-audit it before changing it", code=row[1])
        elif row[3] != group.customer.id:
            blocked = Phrase("quote {code} is another customer's", code=row[1])
        found.append(Found(row[0], row[1], row[2], why, lines.get(row[0]), True, blocked))
    return found


def _refuse(draft: Draft, found: Found, problems: Problems) -> None:
    """A quote the database has already (the default policy): said as what it is."""
    hint = Phrase("--on-duplicate skip, update or create decides")
    if found.reason == "same code":
        why = Phrase("quote {code} exists; {hint}", code=found.code, hint=hint)
        problems.add(draft.line, "code", draft.cells["code"], why, conflict=True)
    else:
        why = Phrase("already imported as quote {code}; {hint}", code=found.code, hint=hint)
        problems.add(draft.line, "ref", draft.cells["ref"], why, conflict=True)


SPEC = QuotesSpec()
