"""Taking back what an import did to quotes: the ones it created go to the trash (as
`crm quote delete` puts them), the ones it updated get their values and lines back.

A quote changed since (its log has a later entry), or that an order was made from, is
named and nothing moves: the order would lose where it came from.
"""

from __future__ import annotations

from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.imports.bulk import chunks, select_in, tuples
from crm_cli.store.imports.customer_undo import as_stored, log_undo
from crm_cli.store.imports.quote_save import FIELDS, lines_of, put_lines
from crm_cli.store.imports.specs import Run
from crm_cli.store.sales import models as sm

Q = sm.Quote


class QuoteEntity:
    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        log = m.OpLog
        query = log.select(log.entity_id).where((log.id > mark) & (log.entity == "quote"))
        changed = {r[0] for r in select_in(query.distinct().tuples(), log.entity_id, ids)}
        order = sm.SalesOrder
        live = order.select(order.quote).where(
            order.deleted_at.is_null() & (order.status != "cancelled")
        )
        ordered = select_in(live.tuples(), order.quote, ids)
        changed |= {r[0] for r in ordered}
        rows = select_in(Q.select(Q.code, Q.ref).tuples(), Q.id, changed)
        return sorted(f"{code} {ref}".strip() for code, ref in rows)

    def remove(self, run: Run, ids: list[int]) -> None:
        owners: dict[int, int] = {}
        for part in chunks(sorted(ids)):
            owners.update(tuples(Q.select(Q.id, Q.customer).where(Q.id.in_(list(part)))))
            Q.update(deleted_at=run.now, updated_at=run.now).where(
                Q.id.in_(list(part)) & Q.deleted_at.is_null()
            ).execute()
        log_undo(run, "quote", sorted(owners.items()), {"import_batch": run.batch_id})

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        for row in select_in(Q.select(), Q.id, previous):
            values = previous[row.id]
            before = {name: getattr(row, name) for name in FIELDS}
            count = len(lines_of(row.id))
            for name in FIELDS:
                setattr(row, name, as_stored(Q, name, values[name]))
            row.updated_at = run.now
            row.save()
            put_lines(row.id, values["lines"])
            changes = oplog.diff(before, {name: getattr(row, name) for name in FIELDS})
            changes["lines"] = [count, len(values["lines"])]
            oplog.write(run.actor, "quote", row.id, row.customer_id, "import-undo", changes,
                        run.now)  # fmt: skip


ENTITY = QuoteEntity()
