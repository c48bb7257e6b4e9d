"""`core.listing.merged` reads several queries at once as one ordered, paged list. On
PostgreSQL each source is a server-side cursor inside a transaction; the sources must share
one, whichever runs out first or is left unread."""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core import listing
from crm_cli.store.core.db import reading
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from tests.conftest import Team

NOW = dt.datetime(2026, 5, 10, 8, 0)


def _names(team: Team) -> None:
    for n in range(12):
        customers.add_customer(team.wang if n else team.zhao, f"样本客户{n:02d}", now=NOW)


@reading
def _merge(owners: tuple[int, int], page: listing.Page, read: int | None = None) -> list[str]:
    C = cm.Customer
    queries = [C.select(C.id, C.name).where(C.owner == o).order_by(C.id) for o in owners]
    found = listing.merged(queries, lambda row: row.id, page)
    taken = [row.name for _, row in zip(range(read or 10**6), found, strict=False)]
    found.close()  # left unread: the cursors close, the transaction stays usable
    assert C.select().count() == 12
    return taken


def test_a_source_that_runs_out_first_leaves_the_other_readable(any_team: Team) -> None:
    _names(any_team)
    one, many = any_team.zhao.id, any_team.wang.id  # zhao owns 1 customer, wang 11
    assert _merge((one, many), listing.Page(None)) == [f"样本客户{n:02d}" for n in range(12)]
    assert _merge((many, one), listing.Page(5, 2)) == [f"样本客户{n:02d}" for n in range(2, 7)]


def test_sources_left_unread_close_cleanly(any_team: Team) -> None:
    _names(any_team)
    owners = (any_team.wang.id, any_team.zhao.id)
    assert _merge(owners, listing.Page(None), read=3) == ["样本客户00", "样本客户01", "样本客户02"]
