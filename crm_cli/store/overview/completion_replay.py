"""A Tab answered again without the ORM (issue 18: completion under 150 ms).

Importing peewee and the models costs a shell's Tab more than half of its time. So when
`completion` answers a Tab on SQLite it also keeps the user's *plans* (one per kind of
value and ``variant``): the SQL it runs, rendered by the store's own rules
(``access.restrict``) for a sample of the typed text, and every query whose answer went
into that SQL (the acting user, the hierarchy, pool membership, the schema: the
*witnesses*). ``replay`` runs the plan with the standard ``sqlite3`` module, after asking
each witness again: any different answer, another day, another schema or changed store
code, and it returns None, so the store answers (and plans) again. Who sees what is thus
still decided only by ``customers.access``; this module knows no rule, only the SQL.

Also the part both ways share: which kind of plan a text needs (``variant``) and how rows
become candidates (``gather``). Imports only the standard library.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

LIMIT = 50
# The text a plan is recorded with (per variant); a value derived from it in the SQL is
# found again by equality (``derived``) and replaced by the same derivation of the real text.
_WORD = "Qj7Zx9Wk"
SAMPLES = {"word": _WORD, "text": "\ue000" + _WORD, "prefix": _WORD, "any": _WORD}


class Candidate(NamedTuple):
    """One completion: the text to insert and a hint shells may show beside it."""

    value: str
    help: str


class Pick(NamedTuple):
    """How one query's rows become candidates: ``value`` and ``help`` are format strings
    over the row (``"{1}"``), a row counts when column ``match`` starts with ``prefix``,
    and rows with the same column ``key`` count once (None: no such column)."""

    value: str
    help: str
    match: int
    prefix: str
    key: int | None


# The variants of each kind's plan (``variant``).
VARIANTS = {
    "customers": ("word", "text", "none"),
    "users": ("prefix", "all"),
    "statuses": ("any",),
    "products": ("prefix", "all"),
    "saved_searches": ("any",),
}


def normalize(kind: str, text: str) -> str:
    return text.strip() if kind == "customers" else text


def variant(kind: str, text: str) -> str:
    """Which queries ``text`` needs (after ``normalize``): one plan is kept per variant."""
    if kind == "customers":
        if not text:
            return "none"
        return "word" if text.isascii() and text.isalnum() else "text"
    if kind in ("users", "products"):
        return "prefix" if text else "all"
    return "any"


def upper_bound(prefix: str) -> str:
    """The least text above every text starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def derived(sample: str, text: str) -> dict[str, str]:
    """Each value a plan may derive from ``sample``, mapped to the same one of ``text``."""
    if not sample:
        return {}
    found = {sample: text, sample.upper(): text.upper()}
    if text:
        found[upper_bound(sample)] = upper_bound(text)
        found[upper_bound(sample.upper())] = upper_bound(text.upper())
    return found


def gather(steps: Iterable[tuple[Pick, Iterable[Any]]], limit: int | None) -> list[Candidate]:
    """Candidates from each query's rows in turn, until ``limit`` are found."""
    found: dict[Any, Candidate] = {}
    for number, (pick, rows) in enumerate(steps):
        if limit is not None and len(found) >= limit:
            break
        for row in rows:
            key = (number, len(found)) if pick.key is None else row[pick.key]
            if key not in found and str(row[pick.match]).startswith(pick.prefix):
                found[key] = Candidate(pick.value.format(*row), pick.help.format(*row))
    result = list(found.values())
    return result if limit is None else result[:limit]


def stamp(files: Iterable[str]) -> list[list[Any]]:
    """The code a plan was rendered by, as it is on disk now."""
    out: list[list[Any]] = []
    for name in files:
        info = os.stat(name)
        out.append([name, info.st_mtime_ns, info.st_size])
    return out


def replay(plan: dict[str, Any], path: Path, text: str, today: dt.date) -> list[Candidate] | None:
    """The candidates ``plan`` finds for ``text`` in the SQLite file at ``path``; None when
    the plan may no longer be what the store would run (or anything fails)."""
    try:
        if plan["today"] != today.isoformat():
            return None
        if stamp(name for name, _, _ in plan["files"]) != plan["files"]:
            return None
        return _run(plan, path, derived(plan["sample"], text))
    except (KeyError, TypeError, ValueError, OSError, sqlite3.Error):
        return None


def _run(plan: dict[str, Any], path: Path, slots: dict[str, str]) -> list[Candidate] | None:
    uri = f"{path.absolute().as_uri()}?mode=rw"  # never creates the file
    connection = sqlite3.connect(uri, uri=True, timeout=2, isolation_level=None)
    try:
        connection.execute("BEGIN")  # one snapshot for the witnesses and the answer
        for sql, params, rows in plan["witnesses"]:
            if same_rows(connection.execute(sql, params).fetchall()) != rows:
                return None
        steps = (
            (_fill(Pick(*pick), slots), connection.execute(sql, [slots.get(p, p) for p in params]))
            for sql, params, pick in plan["steps"]
        )  # a generator: a query runs only if the limit is not reached before it
        return gather(steps, plan["limit"])
    finally:
        connection.close()


def _fill(pick: Pick, slots: dict[str, str]) -> Pick:
    return pick._replace(prefix=slots.get(pick.prefix, pick.prefix))


def same_rows(rows: list[Any]) -> list[Any]:
    """Rows as a plan keeps them (JSON: lists, not tuples)."""
    loaded: list[Any] = json.loads(json.dumps(rows))
    return loaded
