"""SQLite: the customers numbered in name order (migration 0018), for a search sorted by
name (``customer list --search W --sort name``, a name column clicked while searching).

``customer_name_rank`` numbers the customers so that the numbers grow with (name, id);
``customer_name_fts`` and ``customer_name_words`` hold each customer's search text as the
search index of migration 0002 does, under that number. FTS5 reads its matches in rowid
order, so a search sorted by name reads the matches in name order and stops after the
page, whether the word is in five names or in most and wherever in the order they
cluster (0.1 to 1 ms at 1 M customers; reading every match of 有限公司 and sorting them
took 1.2 s, walking the name index past the 300 k Latin names as long).

Numbers start ``GAP`` apart. A new or renamed customer takes the middle of the free numbers
between its neighbours; when none is left (many names added at one place), the customers
after it are spread out again (``_respace``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, cast

import peewee as pw

from crm_cli.store.core.db import backend
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import search

GAP = 1 << 20
SPARSE = 1 << 10  # the least gap a respaced window leaves: ten halvings before the next
RANKS, TRIGRAMS, WORDS = "customer_name_rank", "customer_name_fts", "customer_name_words"
# The nearest ranked customer on each side in (name, id) order: the name index, in order,
# each customer's number looked up (CROSS JOIN: SQLite keeps the written order).
_NEIGHBOUR = (
    "SELECT r.rank FROM customer c CROSS JOIN customer_name_rank r ON r.customer_id = c.id"
    " WHERE (c.name, c.id) {op} (?, ?) ORDER BY c.name {way}, c.id {way} LIMIT 1"
)
_BEFORE = _NEIGHBOUR.format(op="<", way="DESC")
_AFTER = _NEIGHBOUR.format(op=">", way="ASC")
# The next numbered customer after a number (the first of all): its number, name and id.
_FOLLOWING = (
    f"SELECT r.rank, c.name, c.id FROM {RANKS} r CROSS JOIN customer c ON c.id = r.customer_id"
    " {where} ORDER BY r.rank LIMIT 1"
)
_NEXT = _FOLLOWING.format(where="WHERE r.rank > ?")
_FIRST = _FOLLOWING.format(where="")  # numbers go below zero for names sorting first


def _sql(sql: str, params: Iterable[Any] = ()) -> Any:
    return cm.Customer._meta.database.execute_sql(sql, tuple(params))


def _one(sql: str, params: Iterable[Any], conn: Any = None) -> Any:
    """The first column of the first row (None: no row), through ``conn`` when given."""
    row = (conn.execute(sql, tuple(params)) if conn else _sql(sql, params)).fetchone()
    return None if row is None else row[0]


def index(customer_id: int, name: str, text: str) -> None:
    """A customer's number and search text, after it was added, renamed or its search text
    changed (``search.reindex``'s caller calls this too). SQLite only."""
    if backend() != "sqlite":
        return
    old = _one(f"SELECT rank FROM {RANKS} WHERE customer_id = ?", (customer_id,))
    before = _one(_BEFORE, (name, customer_id))
    after = _one(_AFTER, (name, customer_id))
    if old is not None:
        _drop_texts(old, old)
        if (before is None or before < old) and (after is None or old < after):
            _add_text(old, text)
            return
        _sql(f"DELETE FROM {RANKS} WHERE rank = ?", (old,))
    (rank,) = _room(before, after, 1)
    _sql(f"INSERT INTO {RANKS} (rank, customer_id) VALUES (?, ?)", (rank, customer_id))
    _add_text(rank, text)


def index_many(rows: Iterable[tuple[int, str, str]]) -> None:
    """``index`` for each (id, name, search text) of a batch of new customers (no number
    yet), in name order, on the connection itself, the texts written together.

    The batch's customers that fall between the same two numbered ones are numbered
    together, spread evenly over the gap (or the gap widened once for all of them):
    numbered one by one, each took the middle of what the one before left, and an import
    of names that sort together respaced every few customers. ``index``'s ``_AFTER``
    would read past every later customer of the batch, inserted but not numbered yet."""
    if backend() != "sqlite":
        return
    conn = cm.Customer._meta.database.connection()
    batch = sorted(rows, key=lambda row: (row[1], row[0]))
    keys = [(name, customer_id) for customer_id, name, _ in batch]
    texts: list[tuple[int, str]] = []
    start = 0
    while start < len(batch):
        before = _one(_BEFORE, keys[start], conn)
        after = conn.execute(*((_FIRST, ()) if before is None else (_NEXT, (before,)))).fetchone()
        # The customers between ``before`` and ``after`` are not numbered: the batch's.
        end = len(batch) if after is None else bisect_left(keys, (after[1], after[2]), start)
        numbers = _room(before, None if after is None else after[0], end - start)
        group = list(zip(numbers, batch[start:end], strict=True))
        conn.executemany(
            f"INSERT INTO {RANKS} (rank, customer_id) VALUES (?, ?)",
            [(rank, customer_id) for rank, (customer_id, _, _) in group],
        )
        # The texts can wait: a respacing (``_room``) moves only customers after ``before``.
        texts.extend((rank, text) for rank, (_, _, text) in group)
        start = end
    _write_texts(conn, texts)


def _write_texts(conn: Any, texts: list[tuple[int, str]]) -> None:
    """The texts of ``texts`` (rank, search text) into both tables."""
    search.fill_index(conn, texts, (TRIGRAMS, WORDS))


def unindex(customer_id: int) -> None:
    if backend() != "sqlite":
        return
    rank = _one(f"SELECT rank FROM {RANKS} WHERE customer_id = ?", (customer_id,))
    if rank is not None:
        _sql(f"DELETE FROM {RANKS} WHERE rank = ?", (rank,))
        _drop_texts(rank, rank)


def rebuild(database: Any = None) -> None:
    """Every customer numbered afresh, ``GAP`` apart, from the search index of migration
    0002: after a bulk write (the demo data; a copy or a restore onto SQLite, which names
    its ``database``)."""
    database = database or cm.Customer._meta.database
    if not isinstance(getattr(database, "obj", None) or database, pw.SqliteDatabase):
        return
    for table in (RANKS, TRIGRAMS, WORDS):
        database.execute_sql(f"DELETE FROM {table}")
    database.execute_sql(
        f"INSERT INTO {RANKS} (rank, customer_id)"
        f" SELECT {GAP} * row_number() OVER (ORDER BY name, id), id FROM customer"
    )
    for table, source in ((TRIGRAMS, "customer_fts"), (WORDS, "customer_words")):
        database.execute_sql(
            f"INSERT INTO {table} (rowid, body) SELECT r.rank, s.body"
            f" FROM {RANKS} r JOIN {source} s ON s.rowid = r.customer_id"
        )


def _room(before: int | None, after: int | None, count: int) -> range:
    """``count`` free numbers, in order, between two customers' (None: no customer on that
    side): the middle of the gap for one, the gap shared evenly for more, and the customers
    after ``before`` spread out first when the gap leaves them less than ``SPARSE`` apart."""
    if before is None:
        top = GAP * (count + 1) if after is None else after
        return range(top - GAP * count, top, GAP)
    if after is not None:
        step = (after - before) // (count + 1)
        if step < SPARSE and not (count == 1 and step >= 1):
            step = _respace(before, count)
    else:
        step = GAP
    return range(before + step, before + step * count + 1, step)


def _respace(before: int, count: int) -> int:
    """Room for ``count`` more after ``before``: the next ``width`` customers spread evenly
    up to the one after them, ``width`` doubling until all can be ``SPARSE`` apart (at the
    end of the order, ``GAP`` apart). Returns the step: ``before + step`` on are free."""
    width = 16
    while True:
        ranks = [r for (r,) in _sql(
            f"SELECT rank FROM {RANKS} WHERE rank > ? ORDER BY rank LIMIT ?", (before, width + 1)
        )]  # fmt: skip
        if len(ranks) <= width:
            step = GAP
            break
        step = (ranks[width] - before) // (width + count + 1)
        if step >= SPARSE:
            ranks = ranks[:width]
            break
        width *= 2
    _renumber(before, ranks[-1], step, count)
    return step


def _renumber(before: int, last: int, step: int, count: int) -> None:
    """The customers numbered after ``before`` up to ``last`` renumbered ``step`` apart,
    leaving ``count`` numbers free from ``before + step``."""
    span = (before, last)
    where = "WHERE rank > ? AND rank <= ? ORDER BY rank"
    moved = _sql(f"SELECT rank, customer_id FROM {RANKS} {where}", span).fetchall()
    new = {old: before + step * (i + count + 1) for i, (old, _) in enumerate(moved)}
    texts = {
        table: _sql(
            f"SELECT rowid, body FROM {table} WHERE rowid > ? AND rowid <= ?", span
        ).fetchall()
        for table in (TRIGRAMS, WORDS)
    }
    _sql(f"DELETE FROM {RANKS} WHERE rank > ? AND rank <= ?", span)
    _drop_texts(*span, lower_open=True)
    conn = cm.Customer._meta.database.connection()
    conn.executemany(
        f"INSERT INTO {RANKS} (rank, customer_id) VALUES (?, ?)",
        [(new[old], cid) for old, cid in moved],
    )
    for table, rows in texts.items():
        conn.executemany(
            f"INSERT INTO {table} (rowid, body) VALUES (?, ?)",
            [(new[old], body) for old, body in rows],
        )


def _drop_texts(low: int, high: int, *, lower_open: bool = False) -> None:
    above = ">" if lower_open else ">="
    for table in (TRIGRAMS, WORDS):
        _sql(f"DELETE FROM {table} WHERE rowid {above} ? AND rowid <= ?", (low, high))


def _add_text(rank: int, text: str) -> None:
    _write_texts(cm.Customer._meta.database.connection(), [(rank, text)])


def serves(order: list[pw.Node]) -> bool:
    """Whether ``order`` is the order these tables keep: by name, then id, either way."""
    C = cm.Customer
    if len(order) != 2 or not all(isinstance(node, pw.Ordering) for node in order):
        return False
    name, tie = cast("list[pw.Ordering]", order)
    same_way = name.direction == tie.direction and name.nulls is None and tie.nulls is None
    return name.node is C.name and tie.node is C.id and same_way


def driven(query: Any, text: str, descending: bool) -> Any:
    """``query`` (customers, no search condition yet) restricted to ``text`` and read in name
    order from these tables: LIMIT stops the read after the page."""
    R, C = cm.CustomerNameRank, cm.Customer

    def link(led: Any, index: Any) -> Any:
        led = led.join(R, pw.JOIN.CROSS).join(C, pw.JOIN.CROSS)
        return led.where((R.rank == index.rowid) & (C.id == R.customer_id))

    led, index = search.led(query, text, (cm.NameTrigrams, cm.NameWords), link)
    return led.order_by(index.rowid.desc() if descending else index.rowid.asc())
