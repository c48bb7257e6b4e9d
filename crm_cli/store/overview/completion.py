"""What a shell's Tab offers (issue 18): customers, users, statuses, products and saved
searches whose code or name starts with the typed text, for the acting user.

Read-only and cheap: every lookup is a range of an index (``code >= ? AND code < ?``)
cut by LIMIT, never a count or a scan, because a completion runs on each key press. A
customer is offered only to whom ``customers.access`` shows it, as in ``crm customer list``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from crm_cli.store.core import db
from crm_cli.store.core import models as m
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.core.users import to_record
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm

LIMIT = 50


class Candidate(NamedTuple):
    """One completion: the text to insert and a hint shells may show beside it."""

    value: str
    help: str


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


def _starting(column: Any, prefix: str) -> Any:
    """``column`` starts with ``prefix``, as a range its index serves (LIKE would not be,
    SQLite's being case-blind); callers still test each value, so a server's collation
    that orders text otherwise cannot offer a wrong one."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (column >= prefix) & (column < upper)


@reading
def customers(
    actor: User, text: str, *, limit: int = LIMIT, today: dt.date | None = None
) -> list[Candidate]:
    """Live customers ``actor`` sees whose code, name or mnemonic (助记码, the pinyin
    initials: ``zxtx`` for 中兴通讯) starts with ``text``; nothing for empty text.

    A code or mnemonic match offers the code, with the name beside it; a name match
    offers the name, with the code.
    """
    text = text.strip()
    if not text:
        return []
    C = cm.Customer
    found: dict[int, Candidate] = {}
    ascii_word = text.isascii() and text.isalnum()
    # (column, prefix, its place in the row read); codes and mnemonics are upper-case.
    lookups: list[tuple[Any, str, int]] = [(C.name, text, 2)]
    if ascii_word:
        lookups = [(C.code, text.upper(), 1), *lookups, (C.mnemonic, text.upper(), 3)]
    for column, prefix, place in lookups:
        if len(found) >= limit:
            break
        query: Any = C.select(C.id, C.code, C.name, C.mnemonic).where(
            _starting(column, prefix) & C.deleted_at.is_null()
        )
        query = access.restrict(query, actor, today or dt.date.today())
        for row in query.order_by(column).limit(limit).tuples():
            if row[0] not in found and row[place].startswith(prefix):
                by_name = place == 2
                found[row[0]] = Candidate(row[2], row[1]) if by_name else Candidate(row[1], row[2])
    return list(found.values())[:limit]


@reading
def users(actor: User, text: str, *, limit: int = LIMIT) -> list[Candidate]:
    """Active users whose login starts with ``text``, their display name beside it."""
    U = m.User
    query: Any = U.select(U.login, U.display, U.role).where(U.active == True)  # noqa: E712
    if text:
        query = query.where(_starting(U.login, text))
    rows = query.order_by(U.login).limit(limit).tuples()
    return [Candidate(login, f"{display} ({role})") for login, display, role in rows]


@reading
def statuses(actor: User, text: str) -> list[Candidate]:
    """Configured customer statuses (a short list) in their order, starting with ``text``."""
    S = cm.CustomerStatus
    names: Any = S.select(S.name).order_by(S.position, S.id).tuples()
    return list(_matching(((name, "") for (name,) in names), text))


@reading
def products(actor: User, text: str, *, limit: int = LIMIT) -> list[Candidate]:
    """Live products whose code (stored upper-case) or name starts with ``text``."""
    from crm_cli.store.sales import models as sm  # here: ~4 ms a customer's Tab need not pay

    P = sm.Product
    found: dict[str, Candidate] = {}
    for column, prefix, by_code in ((P.code, text.upper(), True), (P.name, text, False)):
        query: Any = P.select(P.code, P.name).where(P.deleted_at.is_null())
        if prefix:
            query = query.where(_starting(column, prefix))
        for code, name in query.order_by(column).limit(limit).tuples():
            if (code if by_code else name).startswith(prefix):
                found.setdefault(code, Candidate(code, name) if by_code else Candidate(name, code))
    return list(found.values())[:limit]


@reading
def saved_searches(actor: User, text: str) -> list[Candidate]:
    """The acting user's saved customer searches whose name starts with ``text``."""
    S = cm.SavedSearch
    rows: Any = S.select(S.name).where(S.owner == actor.id).order_by(S.name).limit(500).tuples()
    return list(_matching(((name, "") for (name,) in rows), text))


def _matching(pairs: Iterable[tuple[str, str]], text: str) -> Iterator[Candidate]:
    for value, hint in pairs:
        if value.startswith(text):
            yield Candidate(value, hint)
