"""What `crm quote import` prints of each quote an import made or would make: its
reference, customer, number of lines and total, read back by code a batch at a time
(inside the import's own transaction for a dry run, which is then rolled back)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.quote_lookups import lookup


class ImportedQuote(NamedTuple):
    """A quote the file made (in a dry run: would make, and ``code`` is empty)."""

    code: str
    ref: str
    customer: str
    customer_name: str
    lines: int
    total: Decimal
    row: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


@reading
def imported_quotes(actor: User, codes: Iterable[str]) -> dict[str, ImportedQuote]:
    """The quotes with these codes the actor may see, by code (``row`` left 0: the
    caller knows it)."""
    Q, C, L = sm.Quote, cm.Customer, sm.QuoteLine
    today = now_or(None).date()

    def quotes(batch: Any) -> pw.Query:
        chosen = Q.select(Q.id, Q.code, Q.ref, C.code, C.name, Q.total)
        query = chosen.join(C, on=Q.customer == C.id).where(pw.Expression(Q.code, "IN", batch))
        return access.restrict(query, actor, today)

    def counts(batch: Any) -> pw.Query:
        chosen = L.select(L.quote, pw.fn.COUNT(L.id)).where(pw.Expression(L.quote, "IN", batch))
        return chosen.group_by(L.quote)

    # As the driver returns them (the total in cents), each SQL text built once: peewee's
    # conversion of every value costs more than the queries.
    rows = lookup(quotes, codes)
    lines: dict[int, int] = dict(lookup(counts, [row[0] for row in rows]))
    return {
        code: ImportedQuote(code, ref, customer, name, lines.get(quote_id, 0),
                            Decimal(cents).scaleb(-2), 0)
        for quote_id, code, ref, customer, name, cents in rows
    }  # fmt: skip
