"""The orders a receipt file pays, and where each row's money goes.

Orders are found by code, once per import, through the customer visibility rule, and must
take money from the actor (`crm pay`'s rules: approved, not cancelled, the team's
recorders). Per batch, what each order and installment still owes is read once and spent
row by row, so two rows of a file can never pay more than is owed between them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.core.errors import CrmError, InvalidInput, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import phrase_of
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.imports.bulk import select_in
from crm_cli.store.imports.specs import Draft, Problems
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_base import require_recorder

Ord, Inst = sm.SalesOrder, sm.Installment
Part = tuple[int | None, int | None, Decimal]  # installment id, its number, amount


class Payable(NamedTuple):
    id: int
    code: str
    customer_id: int
    customer: str


class Ledger:
    """What one order still owes, as this batch spends it."""

    def __init__(self, owed: Decimal, plan: list[tuple[int, int, Decimal]]) -> None:
        self.owed = owed
        self.plan = plan  # (installment id, number, open), oldest due first

    def parts(self, code: str, amount: Decimal, number: int | None) -> list[Part]:
        """Where ``amount`` goes (as `crm pay` splits it), spent from the ledger.

        Raises:
            InvalidInput: more than owed, no such installment, or one paid already.
        """
        if amount > self.owed:
            raise InvalidInput(
                "amount {amount:.2f} is more than the {owed:.2f} owed on {code}",
                amount=amount,
                owed=self.owed,
                code=code,
            )
        chosen = [p for p in self.plan if number is None or p[1] == number]
        if number is not None and not chosen:
            raise InvalidInput("order {code} has no installment {number}", code=code, number=number)
        if number is not None and chosen[0][2] <= 0:
            raise InvalidInput(
                "installment {number} of order {code} is paid already", number=number, code=code
            )
        if number is not None and amount > chosen[0][2]:
            raise InvalidInput(
                "amount {amount:.2f} is more than the {owed:.2f} owed on "
                "installment {number} of {code}",
                amount=amount, owed=chosen[0][2], number=number, code=code,
            )  # fmt: skip
        parts: list[Part] = []
        left = amount
        for index, (inst_id, inst_number, open_part) in enumerate(self.plan):
            if (number is not None and inst_number != number) or open_part <= 0 or left <= 0:
                continue
            take = min(open_part, left)
            parts.append((inst_id, inst_number, take))
            self.plan[index] = (inst_id, inst_number, open_part - take)
            left -= take
        if left > 0:  # no plan, or money beyond it: on the order as a whole
            parts.append((None, None, left))
        self.owed -= amount
        return parts


class Orders:
    """The orders a file names, found once each."""

    def __init__(self, actor: User, today: dt.date) -> None:
        self.actor, self.today = actor, today
        self.known: dict[str, Payable | str] = {}  # order code → the order, or why not

    def resolve(self, drafts: list[Draft], problems: Problems) -> list[Draft]:
        """The drafts whose order takes money from the actor (``extra``: its ids)."""
        wanted = {d.values["order"] for d in drafts} - set(self.known)
        query = Ord.select(Ord, cm.Customer).join(cm.Customer, on=(Ord.customer == cm.Customer.id))
        query = access.restrict(query.where(Ord.deleted_at.is_null()), self.actor, self.today)
        for row in select_in(query, Ord.code, wanted):
            self.known[row.code] = self._payable(row)
        kept = []
        for draft in drafts:
            code = draft.values["order"]
            found = self.known.setdefault(code, Phrase("no order {code!r}", code=code))
            if isinstance(found, str):
                problems.add(draft.line, "order", draft.cells.get("order", ""), found)
                continue
            draft.extra.update(order_id=found.id, customer=found.customer,
                               customer_id=found.customer_id)  # fmt: skip
            draft.extra["name"] = f"{found.code} {draft.values['amount']:.2f}"
            kept.append(draft)
        return kept

    def _payable(self, row: Any) -> Payable | str:
        try:
            require_recorder(self.actor, row, "record payments of")
        except CrmError as exc:
            return phrase_of(exc)
        if row.status == "cancelled":
            return Phrase("order {code} is cancelled; it takes no payments", code=row.code)
        if row.status != "approved":
            return Phrase("order {code} is {status}; only approved orders take payments",
                          code=row.code, status=row.status)  # fmt: skip
        return Payable(row.id, row.code, row.customer.id, row.customer.code)

    def spend(self, drafts: list[Draft], policy: str, problems: Problems) -> None:
        """Each row that will add a receipt takes its money from what its order owes
        (``extra["parts"]``); a row that cannot is a problem."""
        adding = [d for d in drafts if d.line not in problems.lines and _adds(d, policy)]
        ledgers = _ledgers({d.extra["order_id"] for d in adding})
        for draft in adding:
            ledger = ledgers[draft.extra["order_id"]]
            amount, number = draft.values["amount"], draft.values.get("installment")
            try:
                parts = ledger.parts(draft.values["order"], amount, number)
            except CrmError as exc:
                field = "installment" if "installment" in str(exc) else "amount"
                problems.add(draft.line, field, draft.cells.get(field, ""), phrase_of(exc))
                continue
            if draft.code and len(parts) > 1:
                numbers = " and ".join(str(p[1] or "the order") for p in parts)
                why = Phrase("it pays installments {numbers} of {order}: several receipts, one "
                             "code; give its installment (期数) or leave out its code",
                             numbers=numbers, order=draft.values["order"])  # fmt: skip
                problems.add(draft.line, "code", draft.code, why)
            draft.extra["parts"] = parts


def _adds(draft: Draft, policy: str) -> bool:
    """Whether the engine will make this row a new receipt (its duplicates known)."""
    if not draft.matches:
        return True
    return policy == "create" and not any(f.identity for f in draft.matches)


def _ledgers(order_ids: set[int]) -> dict[int, Ledger]:
    found = {
        row[0]: Ledger(row[1] - row[2], [])
        for row in select_in(
            Ord.select(Ord.id, Ord.total, Ord.received).tuples(), Ord.id, order_ids
        )
    }
    query = Inst.select(Inst.order, Inst.id, Inst.number, Inst.amount, Inst.received).order_by(
        Inst.due, Inst.number
    )
    for order, inst_id, number, amount, received in select_in(
        query.tuples(), Inst.order, order_ids
    ):
        found[order].plan.append((inst_id, number, amount - received))
    return found
