"""A search sorted by a column (``customer list --search W --sort KEY``), on a plan whose
cost follows the page wherever the data allows.

Two plans give the same rows. *Collect* reads every match (through the search index)
and sorts them: its cost follows the matches. *Walk* reads the sort key's index in order,
testing each customer, until the page is full: cheap when the matches are many and spread
through the order, costly when they cluster at its far end (有限公司 by name: at 1 M the
300 k Latin names come first; 'construction' by -name: the CJK names come first).
Neither planner can know the clustering, so each plan is tried within a budget:

- SQLite, sorted by name: the matches in name order (`name_order`), for ``WALK_STEPS``
  (a salesperson who sees few of a common word's matches may need more), then as below.
- SQLite: up to ``PROBE`` matches are counted through the index; fewer are collected;
  more try the walk for ``WALK_STEPS`` thousand steps, then collect.
- PostgreSQL, sorted by name: the name index read from the stretches of the name order
  that may hold a match (`name_buckets`) for ``BUCKETS_MS``, then as below; sorted by
  another key, a word the buckets say may be common walks that key's index for
  ``ORDER_MS``, then as below.
- PostgreSQL: the planner's own choice (from its statistics) runs for ``WALK_MS``; past
  that, the matches are collected in a materialised CTE and sorted there.

Newest first (no sort key), ``newest_first``: SQLite reads the search index in id order
(``search.driven``); PostgreSQL walks the ids when the word may be in many buckets.

When the matches are many and cluster, collecting is the one way left: its cost follows
the matches (about 1 to 2 s for a word in 60 % of 1 M customers).
"""

from __future__ import annotations

from typing import Any, cast

import peewee as pw

from crm_cli.store.core.db import backend
from crm_cli.store.core.listing import within
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import name_buckets, name_order, search
from crm_cli.store.customers.policed import secured

# Matches from which SQLite tries walking the sort index. Counting them reads each match's
# row: 500 of 'construction' took 7 ms on a fresh connection at 1 M, 3000 took 38 ms.
PROBE = 500
WALK_STEPS = 15  # thousand SQLite steps the walk may take (5 to 10 ms) before collecting
# Milliseconds PostgreSQL's own plan may take before collecting: its bitmap of a word in
# 1 % of 1 M customers, sorted, takes 35 ms.
WALK_MS = 60
# Milliseconds PostgreSQL may first read by name from the buckets that may hold a match
# (`name_buckets`): a few buckets of a rare word, the first of a common one, take a few ms.
BUCKETS_MS = 60
# Milliseconds PostgreSQL may first read down another sort key's index when the word may be
# in many buckets (a word in 1 % of customers: 5 to 9 ms at 1 M): what a word spread thin
# over the buckets, or clustered at the far end of the key (珠海 by city), loses first.
ORDER_MS = 15


def sorted_by(query: Any, text: str, order: list[pw.Node], end: int | None) -> Any | None:
    """``query`` (customers, no search condition yet) restricted to ``text`` in ``order``;
    ``end``: the last row the caller reads (offset + limit), None for all. None on
    MySQL/MariaDB, where search scans the table whatever the order."""
    kind = backend()
    if kind == "sqlite":
        return _sqlite(query, text, order, end)
    if kind == "postgres":
        return _postgres(query, text, order, end)
    return None


def newest_first(query: Any, text: str, end: int | None) -> Any | None:
    """``query`` (customers, no search condition yet) restricted to ``text``, newest first
    (``search.driven``). PostgreSQL, unless a login's policies apply: the newest ids walked
    for ``BUCKETS_MS`` when the word may be in many buckets (`name_buckets.in_order`),
    before the planner's own choice. It estimated 珠海 (``珠 <-> 海``, 1 % of 1 M customers)
    as 16 rows and read all 9,313 through the word index and sorted them (64 ms); walking
    the ids finds the page in 3 ms."""
    driven = search.driven(query, text, end)
    if driven is not None or end is None or backend() != "postgres" or secured():
        return driven
    newest: list[pw.Node] = [cm.Customer.id.desc()]
    ids = name_buckets.in_order(query, text, newest, end, ms=BUCKETS_MS)
    return None if ids is None else _chosen(ids, newest)


def _sqlite(query: Any, text: str, order: list[pw.Node], end: int | None) -> Any | None:
    lead = search.driven(query, text)
    if lead is None:
        return None
    collect = lead.order_by(*order)
    if end is None:
        return collect
    if name_order.serves(order):
        descending = cast(pw.Ordering, order[0]).direction == "DESC"
        named = _found(name_order.driven(query, text, descending), order, end, steps=WALK_STEPS)
        if named is not None:
            return named
    if lead.order_by().limit(PROBE).count() < PROBE:
        return collect
    walk = query.where(search.on_row(text)).order_by(*order)
    return _found(walk, order, end, steps=WALK_STEPS) or collect


def _postgres(query: Any, text: str, order: list[pw.Node], end: int | None) -> Any | None:
    condition = search.condition(text)
    if condition is None:
        return None
    planned = query.where(condition).order_by(*order)
    if end is None:
        return planned
    ids = None if secured() else _walked(query, text, order, end)
    if ids is not None:
        return _chosen(ids, order)
    found = _found(planned, order, end, ms=WALK_MS)
    return _collected(query.where(condition), order, end) if found is None else found


def _walked(query: Any, text: str, order: list[pw.Node], end: int) -> list[int] | None:
    """PostgreSQL: the page read down the order's index, when the buckets say the word may
    be common: by name from the buckets that may hold a match; by another key testing
    each customer, for ``ORDER_MS`` (20 of 珠海, 1 % of 1 M customers, take 5 ms down
    -balance_owed; the planner took it for 16 rows and read and sorted all 9,313: 40 ms)."""
    if name_order.serves(order):
        return name_buckets.walked(query, text, order, end, ms=BUCKETS_MS)
    return name_buckets.in_order(query, text, order, end, ms=ORDER_MS)


def _found(plan: Any, order: list[pw.Node], end: int, **budget: int) -> Any | None:
    """The first ``end`` ids of ``plan`` if it reads them within ``budget``, as a query of
    those customers (by primary key, sorted again: a few rows), else None."""
    rows = within(plan.select(cm.Customer.id).limit(end), **budget)
    return None if rows is None else _chosen([i for (i,) in rows], order)


def _chosen(ids: list[int], order: list[pw.Node]) -> Any:
    """Those customers, by primary key, sorted again (a page: a few rows)."""
    C = cm.Customer
    return C.select().where(C.id.in_(ids)).order_by(*order)


def _collected(matches: Any, order: list[pw.Node], end: int) -> Any:
    """The first ``end`` matches by ``order``: the matches with their sort keys, fenced in a
    MATERIALIZED CTE (PostgreSQL reads them through the search index, not down the sort
    key's index), the top ``end`` of them sorted there, and those customers read by id."""
    C = cm.Customer
    keys: list[tuple[str, Any]] = [(f"k{i}", node) for i, node in enumerate(order)]
    found = matches.select(C.id.alias("found_id"), *(n.node.alias(a) for a, n in keys))
    cte = found.order_by().cte("found", materialized=True)
    sort = [pw.Ordering(getattr(cte.c, a), n.direction, nulls=n.nulls) for a, n in keys]
    top = pw.Select(from_list=[cte], columns=[cte.c.found_id]).order_by(*sort).limit(end)
    return C.select().where(C.id.in_(top)).with_cte(cte).order_by(*order)
