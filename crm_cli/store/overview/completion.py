"""What a shell's Tab offers (issue 18): customers, users, statuses, products and saved
searches whose code or name starts with the typed text, for the acting user.

Read-only and cheap: every lookup is a range of an index (``code >= ? AND code < ?``)
cut by LIMIT, never a count or a scan, because a completion runs on each key press. A
customer is offered only to whom ``customers.access`` shows it, as in ``crm customer list``.
Each kind is a plan of queries and how their rows become candidates (`completion_replay`),
so that ``plan`` can keep it, as SQL, for a later Tab to run without the ORM.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.core import db
from crm_cli.store.core import models as m
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.core.schema import HISTORY_TABLE
from crm_cli.store.core.users import to_record
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.overview.completion_replay import (
    LIMIT,
    SAMPLES,
    VARIANTS,
    Candidate,
    Pick,
    derived,
    gather,
    normalize,
    same_rows,
    stamp,
    upper_bound,
    variant,
)

# The queries of a kind, each with how its rows become candidates, and the most to offer.
Plan = tuple[list[tuple[Any, Pick]], int | None]


def open_store(url: str) -> db.StoreInfo:
    """``domains.open_store`` for a Tab: of the wirings only the one that widens who sees
    what (the pool's, in ``access.visibility_rules``); the others govern writes, and
    loading them all costs a completion ~40 ms."""
    from crm_cli.store.pool import wiring  # noqa: F401  (the registration is the import)

    return db.open_store(url)


@reading
def acting_user(login: str) -> User | None:
    """The active user ``login``; None when unknown. Unlike ``users.resolve_actor`` it
    never writes (a first user becomes admin only when a command runs)."""
    row = m.User.get_or_none((m.User.login == login.strip()) & (m.User.active == True))  # noqa: E712
    return None if row is None else to_record(row)


@reading
def lookup(actor: User, kind: str, text: str, *, today: dt.date) -> list[Candidate]:
    """The values of ``kind`` (customers, users, statuses, products, saved_searches)
    starting with ``text`` that ``actor`` may see, in the order a shell shows them."""
    queries, limit = _PLANS[kind](actor, normalize(kind, text), today)
    return gather(((pick, query) for query, pick in queries), limit)


def _starting(column: Any, prefix: str) -> Any:
    """``column`` starts with ``prefix``, as a range its index serves (LIKE would not be,
    SQLite's being case-blind); `gather` still tests each value, so a server's collation
    that orders text otherwise cannot offer a wrong one."""
    return (column >= prefix) & (column < upper_bound(prefix))


def _customers(actor: User, text: str, today: dt.date) -> Plan:
    """Live customers ``actor`` sees whose code, name or mnemonic (助记码, the pinyin
    initials: ``zxtx`` for 中兴通讯) starts with ``text``; nothing for empty text.

    A code or mnemonic match offers the code, with the name beside it; a name match
    offers the name, with the code.
    """
    shape = variant("customers", text)
    if shape == "none":
        return [], LIMIT
    C = cm.Customer
    # Rows are (id, code, name, mnemonic); codes and mnemonics are upper-case.
    lookups = [(C.name, Pick("{2}", "{1}", 2, text, 0))]
    if shape == "word":
        by_code = Pick("{1}", "{2}", 1, text.upper(), 0)
        lookups = [(C.code, by_code), *lookups, (C.mnemonic, by_code._replace(match=3))]
    queries = []
    for column, pick in lookups:
        query: Any = C.select(C.id, C.code, C.name, C.mnemonic).where(
            _starting(column, pick.prefix) & C.deleted_at.is_null()
        )
        query = access.restrict(query, actor, today)
        queries.append((query.order_by(column).limit(LIMIT).tuples(), pick))
    return queries, LIMIT


def _users(actor: User, text: str, today: dt.date) -> Plan:
    """Active users whose login starts with ``text``, their display name beside it."""
    U = m.User
    query: Any = U.select(U.login, U.display, U.role).where(U.active == True)  # noqa: E712
    if text:
        query = query.where(_starting(U.login, text))
    query = query.order_by(U.login).limit(LIMIT).tuples()
    return [(query, Pick("{0}", "{1} ({2})", 0, text, 0))], LIMIT


def _statuses(actor: User, text: str, today: dt.date) -> Plan:
    """Configured customer statuses (a short list) in their order, starting with ``text``."""
    S = cm.CustomerStatus
    query: Any = S.select(S.name).order_by(S.position, S.id).tuples()
    return [(query, Pick("{0}", "", 0, text, None))], None


def _products(actor: User, text: str, today: dt.date) -> Plan:
    """Live products whose code (stored upper-case) or name starts with ``text``."""
    from crm_cli.store.sales import models as sm  # here: ~4 ms a customer's Tab need not pay

    P = sm.Product
    queries = []
    for column, pick in (
        (P.code, Pick("{0}", "{1}", 0, text.upper(), 0)),
        (P.name, Pick("{1}", "{0}", 1, text, 0)),
    ):
        query: Any = P.select(P.code, P.name).where(P.deleted_at.is_null())
        if pick.prefix:
            query = query.where(_starting(column, pick.prefix))
        queries.append((query.order_by(column).limit(LIMIT).tuples(), pick))
    return queries, LIMIT


def _saved_searches(actor: User, text: str, today: dt.date) -> Plan:
    """The acting user's saved customer searches whose name starts with ``text``."""
    S = cm.SavedSearch
    query: Any = S.select(S.name).where(S.owner == actor.id).order_by(S.name).limit(500)
    return [(query.tuples(), Pick("{0}", "", 0, text, None))], None


_PLANS = {
    "customers": _customers,
    "users": _users,
    "statuses": _statuses,
    "products": _products,
    "saved_searches": _saved_searches,
}


def plans(login: str, today: dt.date) -> dict[str, dict[str, Any]]:
    """Every plan (``plan``) of ``login`` by ``"kind/variant"``: one Tab that has loaded the
    ORM keeps them all, so that the user's later Tabs need it only once the day or what a
    plan depends on changed."""
    found = {}
    for kind, variants in VARIANTS.items():
        for shape in variants:
            try:
                kept = plan(login, kind, shape, today)
            except TypeError:  # a parameter JSON cannot keep: that kind goes without
                continue
            if kept is not None:
                found[f"{kind}/{shape}"] = kept
    return found


@reading
def plan(login: str, kind: str, shape: str, today: dt.date) -> dict[str, Any] | None:
    """What ``lookup`` runs for ``login`` and a text of variant ``shape``, as SQL for
    `completion_replay.replay`, with every query that shaped it (the witnesses) and its
    answer; None where it cannot be kept (not SQLite, no such user, an unusual query)."""
    if db.backend() != "sqlite":
        return None
    sample = SAMPLES.get(shape, "")
    database = db.db_proxy.obj
    # One snapshot, so that the witnesses' answers are those the plan was made from.
    with database.atomic(lock_type="DEFERRED"), _watching(database) as seen:
        actor = acting_user(login)
        if actor is None:
            return None
        queries, limit = _PLANS[kind](actor, sample, today)
        if any(not sql.lstrip().upper().startswith("SELECT") for sql, _ in seen):
            return None  # only what reads may be asked again
        # Another schema (a migration, applied here or by a newer crm), another plan.
        seen[:0] = [("PRAGMA schema_version", []), (f"SELECT name FROM {HISTORY_TABLE}", [])]
        witnesses = [
            [sql, params, same_rows(database.cursor().execute(sql, params).fetchall())]
            for sql, params in dict.fromkeys((sql, tuple(_encoded(p))) for sql, p in seen)
        ]
    steps = [[*_rendered(query), list(pick)] for query, pick in queries]
    if not _only_sample_derived(sample, steps, witnesses):
        return None
    files = {getattr(mod, "__file__", None) for name, mod in sys.modules.items()
             if name.startswith("crm_cli.store") or name in ("crm_cli", "peewee")}  # fmt: skip
    return {
        "today": today.isoformat(),
        "sample": sample,
        "files": stamp(sorted(name for name in files if name)),
        "witnesses": [[sql, list(params), rows] for sql, params, rows in witnesses],
        "steps": steps,
        "limit": limit,
    }


@contextlib.contextmanager
def _watching(database: Any) -> Iterator[list[tuple[str, Any]]]:
    """Every statement ``database`` runs meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []
    run = database.execute_sql

    def watched(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append((sql, params or []))
        return run(sql, params, *args, **kwargs)

    database.execute_sql = watched
    try:
        yield seen
    finally:
        del database.execute_sql  # the class's method again


def _rendered(query: Any) -> tuple[str, list[Any]]:
    sql, params = query.sql()
    return sql, _encoded(params)


def _encoded(params: Iterable[Any]) -> list[Any]:
    """Parameters as JSON keeps them and ``sqlite3`` binds them (dates as its adapters
    write them); TypeError for any other kind."""
    out: list[Any] = []
    for value in params:
        if isinstance(value, dt.datetime):
            value = value.isoformat(" ")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif value is not None and not isinstance(value, int | float | str):
            raise TypeError(f"a parameter of type {type(value).__name__}")
        out.append(value)
    return out


def _only_sample_derived(sample: str, steps: list[Any], witnesses: list[Any]) -> bool:
    """Whether each value with the sample in it is one `replay` knows how to replace, and
    no witness depends on the text (a plan must not be kept for one text only)."""
    known = derived(sample, sample)
    marker = SAMPLES["word"].lower()

    def marked(value: Any) -> bool:
        return isinstance(value, str) and marker in value.lower()

    for _, params, pick in steps:
        if any(marked(value) and value not in known for value in [*params, pick[3]]):
            return False
    return not any(marked(value) for _, params, _ in witnesses for value in params)
