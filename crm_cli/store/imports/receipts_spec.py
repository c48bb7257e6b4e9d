"""Receipts (收款单) as a record type of the import engine (`crm import receipts FILE`).

Each row names its order (订单编号), which the actor must see and may record money on
(the team setting ``payment.recorders``, as `crm pay` asks); the order must be approved.
`crm pay`'s rules hold row by row and across the file: an amount above zero, never more
than the order (or the named installment, 期数) still owes, a date not in the future.
Without an installment the money goes to the oldest open installments, as `pay` puts it;
a row that would so become several receipts may not carry a code of its own.

Duplicates, as a bookkeeper sees them: a row with a receipt code is that receipt (the same
code in the database or earlier in the file); a row without one duplicates a receipt of the
same order, date and amount (or a day's receipts of that order together). Receipts are
never changed once recorded, so ``--on-duplicate update`` refuses them; skip leaves them,
create adds one more. Undo moves the receipts it added to the trash (no total counts them
any more; the log keeps what each one was) and recomputes the installments, orders and
customers they paid.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crm_cli.store.core.errors import CrmError, InvalidInput, Phrase
from crm_cli.store.core.tabular import Table, phrase_of
from crm_cli.store.imports import deal_rows, receipt_money, receipt_writes
from crm_cli.store.imports.aliases import IGNORED, alias_table
from crm_cli.store.imports.bulk import select_in
from crm_cli.store.imports.customer_rows import code, limited
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import SAME, Draft, Entity, Found, Problems, Run
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.payments import Paying, parse_amount

SAME_PAYMENT = Phrase("same order, date and amount")
NEEDS = {
    "order": Phrase("a receipt needs its order"),
    "amount": Phrase("a receipt needs its amount"),
}

P = sm.Payment
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("收款单号", "收款编号", "收款单编号", "回款编号", "单据编号", "编号", "code",
             "receipt", "receipt code"),
    "order": ("订单编号", "订单号", "合同编号", "合同号", "关联订单", "order", "order code"),
    "amount": ("收款金额", "回款金额", "实收金额", "到账金额", "金额", "amount"),
    "paid_on": ("收款日期", "回款日期", "到账日期", "付款日期", "日期", "paid on", "paid_on",
                "date"),
    "method": ("付款方式", "收款方式", "支付方式", "结算方式", "method", "payment method"),
    "installment": ("期数", "期次", "分期", "第几期", "installment"),
    "note": ("备注", "说明", "摘要", "note", "notes"),
    "user": ("经手人", "收款人", "登记人", "user", "recorded by"),
    # The customer follows the order; these are what lists print.
    IGNORED: ("id", "customer", "客户编号", "客户名称", "客户", "customer_name", "created_at"),
}  # fmt: skip


def _installment(text: str) -> int:
    number = text.strip().removeprefix("第").removesuffix("期")
    if not number.isdecimal() or not 1 <= int(number) <= 9999:
        raise InvalidInput("an installment is a number from 1 (期数)")
    return int(number)


class State:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.people = People(run.actor, run.today)
        self.orders = receipt_money.Orders(run.actor, run.today)
        self.convert: dict[str, deal_rows.Convert] = {
            "code": code, "order": code, "amount": parse_amount, "paid_on": str.strip,
            "installment": _installment, "method": limited("method", str.strip, 32),
            "note": limited("note", str.strip, 300), "user": lambda t: deal_rows.user_of(
                self.people, t),
        }  # fmt: skip


class ReceiptsSpec:
    name = "receipts"
    noun = "receipt"
    required = ("order", "amount")
    tables = ("payment", "installment", "sales_order")

    def aliases(self) -> Mapping[str, str]:
        return alias_table(HEADERS)

    def start(self, run: Run) -> State:
        return State(run)

    def parse(self, table: Table, state: State, problems: Problems) -> list[Draft]:
        drafts = []
        for line, values, cells in deal_rows.cells_of(table, state.convert, problems):
            draft = Draft(line, values, cells)
            missing = next((f for f in ("order", "amount") if f not in values), None)
            if missing is not None:
                deal_rows.problem(problems, draft, missing, NEEDS[missing])
                continue
            try:
                paying = Paying(state.run.actor, state.run.now, values.get("paid_on"),
                                values.get("method", ""), values.get("note", ""))  # fmt: skip
            except CrmError as exc:
                deal_rows.problem(problems, draft, "paid_on", phrase_of(exc))
                continue
            values["paid_on"] = paying.paid_on
            drafts.append(draft)
        return state.orders.resolve(drafts, problems)

    def match(self, drafts: list[Draft], state: State, problems: Problems) -> None:
        _match(drafts, state)
        for draft in drafts:
            if draft.matches and state.run.policy in ("fail", "update"):
                _refuse(draft, state.run.policy, problems)
        state.orders.spend(drafts, state.run.policy, problems)

    def write(self, drafts: list[Draft], state: State) -> None:
        receipt_writes.write([d for d in drafts if d.action == "create"], state.run)

    def entity(self, name: str) -> Entity:
        return receipt_writes.ENTITY


def _match(drafts: list[Draft], state: State) -> None:
    """Each draft's duplicates: the same code; the same order, date and amount (a receipt,
    or a day's receipts together: `pay` splits one amount over installments)."""
    columns = (P.id, P.code, P.order, P.paid_on, P.amount)
    by_code = {r[1]: r for r in select_in(P.select(*columns).tuples(), P.code,
                                          {d.code for d in drafts if d.code})}  # fmt: skip
    same: dict[tuple[int, Any, Decimal], list[tuple[Any, ...]]] = {}
    days: dict[tuple[int, Any], list[tuple[Any, ...]]] = {}
    live = P.select(*columns).where(P.deleted_at.is_null()).tuples()
    for row in select_in(live, P.order, {d.extra["order_id"] for d in drafts}):
        same.setdefault((row[2], row[3], row[4]), []).append(row)
        days.setdefault((row[2], row[3]), []).append(row)
    for (order, day), rows in days.items():
        if len(rows) > 1:  # several receipts of one day: also as their sum
            same.setdefault((order, day, sum(r[4] for r in rows)), []).extend(rows)
    ids = {r[0] for r in by_code.values()} | {r[0] for rows in same.values() for r in rows}
    lines = state.run.lines_of("payment", ids)
    seen: dict[Any, int] = {}
    for draft in drafts:
        found = []
        key = (draft.extra["order_id"], draft.values["paid_on"], draft.values["amount"])
        if draft.code and (row := by_code.get(draft.code)) is not None:
            found.append(_found(row, SAME["code"], lines, True))
        if draft.code and ("code", draft.code) in seen:
            found.append(Found(None, "", "", SAME["code"], seen[("code", draft.code)], True))
        if not draft.code:  # a code says which receipt it is: look-alikes are others
            for row in same.get(key, []):
                found.append(_found(row, SAME_PAYMENT, lines, False))
            if key in seen:
                found.append(Found(None, "", "", SAME_PAYMENT, seen[key]))
            seen.setdefault(key, draft.line)
        else:
            seen.setdefault(("code", draft.code), draft.line)
        draft.matches = sorted(found, key=lambda f: not f.identity)


def _found(row: tuple[Any, ...], why: str, lines: dict[int, int], identity: bool) -> Found:
    never = Phrase("receipts are not changed once recorded; --on-duplicate skip leaves it")
    name = Phrase("{amount:.2f} on {day}", amount=row[4], day=row[3])
    return Found(row[0], row[1], name, why, lines.get(row[0]), identity, never)


def _refuse(draft: Draft, policy: str, problems: Problems) -> None:
    """A duplicate refused under the receipt's own columns (the engine would name a
    column "name", which a receipt has not)."""
    listing = Phrase.joined("; ", [f.describe() for f in draft.matches[:3]])
    if policy == "update":
        why = Phrase("{listing}: receipts are not changed once recorded; --on-duplicate skip "
                     "leaves it", listing=listing)  # fmt: skip
    else:
        why = Phrase("possible duplicate of {listing}; --on-duplicate skip or create decides",
                     listing=listing)  # fmt: skip
    field = "code" if draft.matches[0].identity else "amount"
    problems.add(draft.line, field, draft.cells.get(field, ""), why, True)


SPEC = ReceiptsSpec()
