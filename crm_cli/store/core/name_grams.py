"""PostgreSQL: the pieces of the customers' search text in each stretch of the name order
(migration 0019's tables, built here for the migration and for the store's bulk writers;
`customers.name_buckets` keeps and reads them).

A piece (a gram) is two or three letters of the text as the server lowers it (``lower``,
which ``ILIKE`` applies to both sides too), never across white space, which no search
term holds. A text that contains a term contains every piece of the term: the buckets in
which all of a term's pieces occur are the only ones that may hold a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

BUCKET = 1024  # customers to a bucket when the name order is cut afresh
BUCKETS, GRAMS = "customer_name_bucket", "customer_gram"
_READ = 10_000  # customers read in one statement while building
_WRITE = 5_000  # pieces written in one statement (each a bit per bucket)


def grams(text: str) -> set[str]:
    """The two- and three-letter pieces of a lowered ``text``, none across white space."""
    found: set[str] = set()
    for part in text.split():
        found.update(part[i : i + 2] for i in range(len(part) - 1))
        found.update(part[i : i + 3] for i in range(len(part) - 2))
    return found


def lowered(database: Any, texts: list[str]) -> list[str]:
    """``texts`` as the server's ``lower`` has them (Python's differs for a few letters)."""
    if not texts:
        return []
    cursor = database.execute_sql(
        "SELECT lower(t) FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
        (texts,),
    )
    return [text for (text,) in cursor.fetchall()]


def build(database: Any) -> None:
    """Both tables afresh from every customer (those in the trash too: a restored one is
    found again), ``BUCKET`` customers to a bucket. About a minute for 1 M customers."""
    for table in (GRAMS, BUCKETS):
        database.execute_sql(f"DELETE FROM {table}")
    lows: list[tuple[str, int]] = []
    masks: dict[str, int] = {}
    for number, chunk in enumerate(_buckets(database)):
        lows.append(chunk[0][:2])
        bit = 1 << number
        pieces: set[str] = set()
        for _, _, text in chunk:
            pieces |= grams(text)
        for piece in pieces:
            masks[piece] = masks.get(piece, 0) | bit
    lows = lows or [("", 0)]  # no customers yet: one bucket for those to come
    database.execute_sql(
        f"INSERT INTO {BUCKETS} (bucket, low_name, low_id)"
        " SELECT n - 1, name, id"
        " FROM unnest(%s::text[], %s::int[]) WITH ORDINALITY AS u(name, id, n)",
        ([name for name, _ in lows], [cid for _, cid in lows]),
    )
    width = len(lows)
    pairs = sorted(masks.items())
    for start in range(0, len(pairs), _WRITE):
        chunk_pairs = pairs[start : start + _WRITE]
        database.execute_sql(
            f"INSERT INTO {GRAMS} (gram, buckets)"
            " SELECT g, b::varbit FROM unnest(%s::text[], %s::text[]) AS u(g, b)",
            (
                [piece for piece, _ in chunk_pairs],
                [format(mask, f"0{width}b")[::-1] for _, mask in chunk_pairs],  # bit 0 first
            ),
        )


def _buckets(database: Any) -> Iterator[list[tuple[str, int, str]]]:
    """Every customer's (name, id, lowered search text) in name order, ``BUCKET`` at a
    time, read a page at a time down the name index."""
    sql = (
        "SELECT name, id, lower(coalesce(search_text, '')) FROM customer {where}"
        f" ORDER BY name, id LIMIT {_READ}"
    )
    after: tuple[str, int] | None = None
    pending: list[tuple[str, int, str]] = []
    while True:
        where = "" if after is None else "WHERE (name, id) > (%s, %s)"
        rows = database.execute_sql(sql.format(where=where), after or ()).fetchall()
        pending.extend(rows)
        while len(pending) >= BUCKET:
            yield pending[:BUCKET]
            del pending[:BUCKET]
        if len(rows) < _READ:
            break
        after = rows[-1][:2]
    if pending:
        yield pending


def bits_of(text: str | None) -> Iterable[int]:
    """The buckets set in a bit string as the server prints it (bit 0 first)."""
    return [i for i, bit in enumerate(text or "") if bit == "1"]
