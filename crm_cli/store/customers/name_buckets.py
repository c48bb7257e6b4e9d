"""PostgreSQL: a search sorted by name, started where its matches are (migration 0019).

The name order is cut into buckets of about a thousand customers; for each two- or
three-letter piece of the search texts a bit string says which buckets have it
(`core.name_grams`). A search's pieces, ANDed, name the buckets that may hold a match, and
the name index is read from the first of them, testing each customer, until the page is
full: 有限公司 by name skips the 300 k Latin names without reading them (1.5 to 3 s when
every match was read and sorted).

The bits only ever gain: a new or renamed customer's pieces are added to its bucket
(``note``, through ``crm_note_grams``, which a team's logins may call but not read past),
and a deleted one's stay. A bit too many costs a bucket read in vain, never a match. The
bulk writers (the demo data, a copy onto PostgreSQL) cut the order afresh (``rebuild``).
"""

from __future__ import annotations

import contextlib
import functools
import operator
import time
from collections.abc import Iterable, Iterator
from typing import Any, cast

import peewee as pw

from crm_cli.store.core import name_grams
from crm_cli.store.core.db import backend
from crm_cli.store.core.listing import within
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import search

# Buckets so few that their matches are few too: the search index finds and sorts them
# faster (麒麟星链 at 1 M: 2 ms) than the name index is read through each (17 ms a bucket).
FEW = 8


def _database() -> Any:
    return cm.Customer._meta.database


def note(rows: Iterable[tuple[int, str, str]]) -> None:
    """Each (id, name, search text)'s pieces in the bucket its name falls in: a customer
    added, renamed or given a new search text. PostgreSQL only."""
    rows = list(rows)
    if backend() != "postgres" or not rows:
        return
    database = _database()
    texts = name_grams.lowered(database, [text for _, _, text in rows])
    owners: list[int] = []
    pieces: list[str] = []
    for number, text in enumerate(texts, start=1):
        found = sorted(name_grams.grams(text))
        pieces += found
        owners += [number] * len(found)
    database.execute_sql(
        "SELECT crm_note_grams(%s::text[], %s::int[], %s::text[], %s::int[])",
        ([name for _, name, _ in rows], [cid for cid, _, _ in rows], pieces, owners),
    )


def rebuild(database: Any = None) -> None:
    """The name order cut afresh and every customer's pieces noted: after a bulk write
    (the demo data; a copy onto PostgreSQL, which names its ``database``)."""
    database = database or _database()
    if isinstance(getattr(database, "obj", None) or database, pw.PostgresqlDatabase):
        name_grams.build(database)


def walked(query: Any, text: str, order: list[pw.Node], end: int, ms: int) -> list[int] | None:
    """The ids of the first ``end`` customers of ``query`` (no search condition yet) that
    match ``text``, in ``order`` (by name, then id, either way), read bucket by bucket
    from the first that may hold a match; None when no piece narrows the buckets, when
    ``FEW`` or fewer may match, or when the read takes more than ``ms`` milliseconds."""
    found = _candidates(text)
    if found is None or len(found[1]) <= FEW:
        return None
    count, buckets = found
    runs = _runs(buckets)
    descending = cast(pw.Ordering, order[0]).direction == "DESC"
    if descending:
        runs.reverse()
    lows = _lows(runs)
    pages = (_page(query, text, order, _span(lows, first, last, count)) for first, last in runs)
    ids: list[int] = []
    deadline = time.monotonic() + ms / 1000
    with _database().atomic(), _in_index_order():
        for page in pages:
            left = int((deadline - time.monotonic()) * 1000)
            rows = within(page.limit(end - len(ids)), ms=left) if left > 0 else None
            if rows is None:
                return None
            ids += [cid for (cid,) in rows]
            if len(ids) >= end:
                break
    return ids


def in_order(query: Any, text: str, order: list[pw.Node], end: int, ms: int) -> list[int] | None:
    """The ids of the first ``end`` customers of ``query`` that match ``text`` in ``order``
    (the newest first, or a sort key), read down that order's index within ``ms``
    milliseconds; None when ``FEW`` buckets or fewer may hold a match (the search index
    finds those faster) or past the time."""
    found = _candidates(text)
    if found is None or len(found[1]) <= FEW:
        return None
    page = _page(query, text, order, None).limit(end)
    with _database().atomic(), _in_index_order():
        rows = within(page, ms=ms)
    return None if rows is None else [cid for (cid,) in rows]


def _page(query: Any, text: str, order: list[pw.Node], span: Any) -> Any:
    """The customers of ``query`` in ``span`` that match ``text``, their ids in ``order``."""
    test = search.on_row(text)
    found = query.where(test if span is None else test & span)
    return found.select(cm.Customer.id).order_by(*order)


# The planner estimates a test through no index as matching few rows, and chose to read the
# whole range and sort it (1.1 s for 有限公司 at 1 M) over the name index in order, which
# stops at the page; for so costly-looking a plan it compiled the statement too (JIT: 40 ms).
_ORDERED = {"enable_seqscan": "off", "enable_bitmapscan": "off", "enable_sort": "off", "jit": "off"}


@contextlib.contextmanager
def _in_index_order() -> Iterator[None]:
    """The planner made to read the index of the page's order (the name's, the primary
    key, a sort key's) in that order, for this transaction's statements until the block ends (SET
    LOCAL: a pooler's next client never sees it)."""
    database = _database()
    names = list(_ORDERED)
    shown = ", ".join(f"current_setting('{name}')" for name in names)
    before = database.execute_sql(f"SELECT {shown}").fetchone()
    setting = "SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in names)
    database.execute_sql(setting, [_ORDERED[name] for name in names])
    try:
        yield
    finally:
        database.execute_sql(setting, list(before))


def _candidates(text: str) -> tuple[int, list[int]] | None:
    """How many buckets there are, and those holding every piece of every term of
    ``text``; None when the terms have no piece (a term of one letter) or some piece is
    in no customer's text at all (then nothing matches, and any plan finds that fast)."""
    database = _database()
    wanted: set[str] = set()
    for term in name_grams.lowered(database, search.terms(text)):
        wanted |= name_grams.grams(term)
    if not wanted:
        return None
    count, bits = database.execute_sql(
        f"SELECT count(*), bit_and(buckets)::text FROM {name_grams.GRAMS} WHERE gram = ANY(%s)",
        (sorted(wanted),),
    ).fetchone()
    if count < len(wanted) or bits is None:
        return None
    return len(bits), list(name_grams.bits_of(bits))


def _runs(buckets: list[int]) -> list[tuple[int, int]]:
    """Consecutive buckets joined: (first, last) of each run, in order."""
    runs: list[tuple[int, int]] = []
    for bucket in buckets:
        if runs and runs[-1][1] == bucket - 1:
            runs[-1] = (runs[-1][0], bucket)
        else:
            runs.append((bucket, bucket))
    return runs


def _lows(runs: list[tuple[int, int]]) -> dict[int, tuple[str, int]]:
    """The first (name, id) of each bucket that starts a run or follows one."""
    wanted = sorted({first for first, _ in runs} | {last + 1 for _, last in runs})
    rows = _database().execute_sql(
        f"SELECT bucket, low_name, low_id FROM {name_grams.BUCKETS} WHERE bucket = ANY(%s)",
        (wanted,),
    )
    return {bucket: (name, cid) for bucket, name, cid in rows.fetchall()}


def _span(lows: dict[int, tuple[str, int]], first: int, last: int, count: int) -> Any:
    """The customers of buckets ``first`` to ``last`` as a range of the name index; None
    for all of them. Bucket 0 also holds names before its first, the last those after."""
    C = cm.Customer
    key = pw.Tuple(C.name, C.id)
    bounds = []
    if first > 0:
        bounds.append(key >= pw.Tuple(*lows[first]))
    if last + 1 < count:
        bounds.append(key < pw.Tuple(*lows[last + 1]))
    return functools.reduce(operator.and_, bounds) if bounds else None
