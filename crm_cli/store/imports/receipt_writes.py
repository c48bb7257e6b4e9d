"""Writing imported receipts as `crm pay` writes them (a receipt per installment paid, an
operation-log entry under the customer, the installments', orders' and customers' money
recomputed with exact sums), and taking them back (``ENTITY``).
"""

from __future__ import annotations

from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.imports import deal_rows
from crm_cli.store.imports.bulk import chunks, select_in
from crm_cli.store.imports.numbering import assign_codes
from crm_cli.store.imports.specs import Draft, Run
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_totals import refresh_customer, refresh_installment, refresh_order

P, Ord, Inst = sm.Payment, sm.SalesOrder, sm.Installment


def write(drafts: list[Draft], run: Run) -> None:
    """Add the receipts of ``drafts`` (``extra["parts"]``: where each one's money goes)."""
    assign_codes(drafts, "payment", "code.payment_prefix")
    touched: list[tuple[int, int | None, int]] = []  # order, installment, customer
    for draft in drafts:
        for index, (inst_id, number, amount) in enumerate(draft.extra["parts"]):
            code = draft.code if index == 0 else next_code("payment", "code.payment_prefix")
            v = draft.values
            row = P.create(
                code=code, order=draft.extra["order_id"], installment=inst_id, amount=amount,
                paid_on=v["paid_on"], method=v.get("method", ""), note=v.get("note", ""),
                user=v.get("user", run.actor.id), created_at=run.now,
            )  # fmt: skip
            draft.id = draft.id or row.id
            run.item("payment", row.id, draft.line, "create")
            change = {"code": code, "order": v["order"], "amount": amount, "paid_on": v["paid_on"],
                      "installment": number, "method": v.get("method", "")}  # fmt: skip
            oplog.write(run.actor, "payment", row.id, draft.extra["customer_id"], "import",
                        oplog.nonempty(change), run.now)  # fmt: skip
            touched.append((draft.extra["order_id"], inst_id, draft.extra["customer_id"]))
    _refresh(touched)


def _refresh(touched: list[tuple[int, int | None, int]]) -> None:
    """The money of what the receipts paid, summed anew from the receipts themselves."""
    for inst in select_in(Inst.select(), Inst.id, {t[1] for t in touched if t[1]}):
        refresh_installment(inst)
    for order in select_in(Ord.select(), Ord.id, {t[0] for t in touched}):
        refresh_order(order)
    for customer in sorted({t[2] for t in touched}):
        refresh_customer(customer, copies=False)


class ReceiptEntity:
    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        changed = deal_rows.logged_since("payment", ids, mark)
        query = P.select(P.code, Ord.code).join(Ord, on=(P.order == Ord.id)).tuples()
        return sorted(f"{code} ({order})" for code, order in select_in(query, P.id, changed))

    def remove(self, run: Run, ids: list[int]) -> None:
        """Move the receipts to the trash (``deleted_at``): no total counts them any more,
        the log says who took them back and what each was."""
        query = P.select(P, Ord.customer.alias("customer_id")).join(Ord, on=(P.order == Ord.id))
        touched: list[tuple[int, int | None, int]] = []
        for row in select_in(query.objects(), P.id, ids):
            was: dict[str, Any] = {"code": row.code, "amount": row.amount, "paid_on": row.paid_on,
                                   "import_batch": run.batch_id}  # fmt: skip
            oplog.write(run.actor, "payment", row.id, row.customer_id, "import-undo", was, run.now)
            touched.append((row.order_id, row.installment_id, row.customer_id))
        for part in chunks(sorted(ids)):
            P.update(deleted_at=run.now).where(P.id.in_(list(part))).execute()
        _refresh(touched)

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        """Never called: an import never updates a receipt."""


ENTITY = ReceiptEntity()
