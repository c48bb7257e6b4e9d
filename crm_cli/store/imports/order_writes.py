"""Writing imported orders: each with its lines (as `crm order add` stores them, a line
with an annual fee serviced for a year from the signing date) and its installments, an
operation-log entry under the customer, and the customer's totals recomputed; more lines
of an order an earlier batch wrote; updates of a draft's subject, dates and notes; and
taking all of it back (``ENTITY``).
"""

from __future__ import annotations

import json
from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.imports import deal_rows
from crm_cli.store.imports.bulk import chunks, select_in, tuples
from crm_cli.store.imports.contact_writes import Parent
from crm_cli.store.imports.customer_undo import as_stored, log_undo
from crm_cli.store.imports.numbering import assign_codes
from crm_cli.store.imports.specs import Draft, Run
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.lines import PricedLine, priced_row
from crm_cli.store.sales.order_totals import refresh_customer
from crm_cli.store.sales.orders import write_lines
from crm_cli.store.sales.plans import write_parts

Ord = sm.SalesOrder
EDITABLE = ("subject", "signed", "due", "notes")


def write(drafts: list[Draft], run: Run, parents: dict[int, Parent]) -> None:
    """Create, extend or update the orders of ``drafts`` as the engine decided."""
    creates = [d for d in drafts if d.action == "create" and "continues" not in d.extra]
    assign_codes(creates, "order", "code.order_prefix")
    customers: set[int] = set()
    for draft in drafts:
        if draft.action == "create" and "continues" in draft.extra:
            _extend(draft, run)
        elif draft.action == "create":
            _create(draft, run, parents[draft.extra["customer_id"]])
        elif draft.action == "update":
            _update(draft, run)
        customers.add(draft.extra["customer_id"])
    for customer in sorted(customers):  # approved orders count for the customer's totals
        refresh_customer(customer)


def _workflow(status: str, reason: str, run: Run) -> dict[str, Any]:
    """The columns the workflow would have set on its way to ``status``."""
    decided = status in ("approved", "rejected")
    return {
        "status": status,
        "submitted_at": run.now if status in ("submitted", *("approved", "rejected")) else None,
        "decided_by": run.actor.id if decided else None,
        "decided_at": run.now if decided else None,
        "reject_reason": reason if status == "rejected" else "",
        "cancel_reason": reason if status == "cancelled" else "",
        "cancelled_at": run.now if status == "cancelled" else None,
    }


def _create(draft: Draft, run: Run, parent: Parent) -> None:
    v = draft.values
    priced: list[PricedLine] = draft.extra["priced"]
    total = draft.extra["sum"]
    status = v.get("status", "draft")
    order = Ord.create(
        code=draft.code, customer=parent.id, quote=draft.extra.get("quote_id"),
        owner=draft.extra["owner"], kind=v.get("kind", "sale"), subject=v.get("subject", ""),
        signed=v.get("signed"), due=v.get("due"), total=total,
        settled=status == "approved" and total <= 0, notes=v.get("notes", ""),
        created_by=run.actor.id, created_at=run.now, updated_at=run.now,
        **_workflow(status, v.get("reason", ""), run),
    )  # fmt: skip
    write_lines(order, priced, v.get("signed") or run.today)
    write_parts(order, draft.extra["parts"])
    draft.id = order.id
    run.item("order", order.id, draft.line, "create")
    change = {"code": order.code, "status": status, "total": total, "lines": len(priced),
              "installments": len(draft.extra["parts"])}  # fmt: skip
    oplog.write(run.actor, "order", order.id, parent.id, "import", change, run.now)


def _extend(draft: Draft, run: Run) -> None:
    """More lines of an order this import wrote: all its lines written again after the
    ones it has, its total and plan made anew (it has taken no money: it is new)."""
    order = Ord.get_by_id(draft.extra["continues"])
    L = sm.OrderLine
    query = L.select(L, sm.Product).join(sm.Product).where(L.order == order.id)
    old = [priced_row(x) for x in query.order_by(L.position)]  # their VAT kept
    L.delete().where(L.order == order.id).execute()
    write_lines(order, old + draft.extra["priced"], order.signed or run.today)
    sm.Installment.delete().where(sm.Installment.order == order.id).execute()
    write_parts(order, draft.extra["parts"])
    order.total = draft.extra["before"] + draft.extra["sum"]
    order.updated_at = run.now
    order.save()
    draft.id, draft.code = order.id, order.code


def _update(draft: Draft, run: Run) -> None:
    row = Ord.get_by_id(draft.id)
    before = {k: oplog.plain(getattr(row, k)) for k in EDITABLE
              if k in draft.values and getattr(row, k) != draft.values[k]}  # fmt: skip
    draft.extra["name"] = row.subject
    if not before:
        draft.action, draft.note = "skip", "no change"
        return
    for key in before:
        setattr(row, key, draft.values[key])
    _save(run, row, before, "import")
    run.item("order", row.id, draft.line, "update", json.dumps(before, ensure_ascii=False))


def _save(run: Run, row: sm.SalesOrder, before: dict[str, Any], action: str) -> None:
    row.updated_at = run.now
    row.save()
    changes = {k: [v, oplog.plain(getattr(row, k))] for k, v in before.items()}
    oplog.write(run.actor, "order", row.id, row.customer_id, action, changes, run.now)
    refresh_customer(row.customer_id)  # the signing date is the customer's last order


class OrderEntity:
    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        """Orders the log says changed, and orders that took money (a receipt)."""
        changed = deal_rows.logged_since("order", ids, mark)
        P = sm.Payment
        paid = P.select(P.order).where(P.deleted_at.is_null()).distinct().tuples()
        changed |= {r[0] for r in select_in(paid, P.order, ids)}
        rows = select_in(Ord.select(Ord.code, Ord.subject).tuples(), Ord.id, changed)
        return sorted(f"{code} {subject}".strip() for code, subject in rows)

    def remove(self, run: Run, ids: list[int]) -> None:
        owners: list[tuple[int, int | None]] = []
        for part in chunks(sorted(ids)):
            owners += list(tuples(Ord.select(Ord.id, Ord.customer).where(Ord.id.in_(list(part)))))
            Ord.update(deleted_at=run.now, updated_at=run.now).where(
                Ord.id.in_(list(part)) & Ord.deleted_at.is_null()
            ).execute()
        log_undo(run, "order", owners, {"import_batch": run.batch_id})
        for customer in sorted({c for _, c in owners if c is not None}):
            refresh_customer(customer)

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        for row in select_in(Ord.select(), Ord.id, previous):
            before = {k: oplog.plain(getattr(row, k)) for k in previous[row.id]}
            for key, value in previous[row.id].items():
                setattr(row, key, as_stored(Ord, key, value))
            _save(run, row, before, "import-undo")


ENTITY = OrderEntity()
