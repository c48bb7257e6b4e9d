"""Sample data (``crm demo``): realistic companies, contacts and a small team, fast.

100,000 customers must take seconds, so this does not call ``add_customer`` per row.
It draws rows in Python and writes them with one bulk statement per table and chunk,
filling every column the one-by-one path fills: codes from the same sequences, the
mnemonic, the duplicate keys, the search text and index, and the operation log.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import signal
import threading
import traceback
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import reduce
from itertools import accumulate
from operator import or_
from types import SimpleNamespace
from typing import Any, NamedTuple, cast

from crm_cli.store import models as m
from crm_cli.store import search
from crm_cli.store.codes import code_format, reserve
from crm_cli.store.customer_fields import now_or
from crm_cli.store.db import backend, db_proxy, writing
from crm_cli.store.demo_bulk import DRIVER_ERRORS, BulkTable, insert_rows
from crm_cli.store.demo_names import Faker, Weighted
from crm_cli.store.errors import InvalidInput, PermissionDenied
from crm_cli.store.mnemonic import mnemonic
from crm_cli.store.normalize import fold, phone_key, split_cjk
from crm_cli.store.oplog import nonempty
from crm_cli.store.records import User

SIZES = {"small": 200, "large": 100_000}
MAX_SIZE = 10_000_000
CHUNK = 1000  # customers per round of bulk statements: bounded memory, few round trips
PARALLEL_MIN = 20_000  # below this a second process costs more than it saves
CACHE_KIB = 512 * 1024  # SQLite page cache while writing; only pages in use take memory
STATUS_WEIGHTS = (35, 25, 30, 10)  # potential, intent, formal, lost; any added later: 5
# login, display name, role, supervisor, department
TEAM = (
    ("li", "李娜", "manager", None, "华南销售部"),
    ("wang", "王芳", "sales", "li", "华南销售部"),
    ("zhao", "赵强", "sales", "li", "华南销售部"),
    ("smith", "John Smith", "manager", None, "International Sales"),
    ("chen", "陈静", "sales", "smith", "International Sales"),
    ("taylor", "Emma Taylor", "sales", "smith", "International Sales"),
)

Progress = Callable[[int, int], None]
# Raises driver errors as peewee's, which @writing retries or translates.


class DemoSummary(NamedTuple):
    """What ``add_demo_data`` added."""

    customers: int
    contacts: int
    users: int
    first_code: str
    last_code: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def parse_size(text: str) -> int:
    """``small``, ``large`` or a number of customers."""
    word = text.strip().lower().replace(",", "").replace("_", "")
    if word in SIZES:
        return SIZES[word]
    if word.isdigit() and 0 < int(word) <= MAX_SIZE:
        return int(word)
    raise InvalidInput(
        f"invalid size {text!r}: use small ({SIZES['small']}), large ({SIZES['large']}) "
        f"or a number of customers from 1 to {MAX_SIZE}"
    )


@writing
def add_demo_data(
    actor: User,
    size: int,
    *,
    seed: int | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Add ``size`` customers with contacts and sales history, and the demo team (admins).

    The sales history (``demo_sales``): products, price books, contact records, reminders,
    opportunities, quotes, orders with plans and receipts, for a share of the customers.

    The same seed draws the same names; codes continue the normal sequences, so
    running it twice adds more customers and ``add_customer`` carries on after them.

    Raises:
        PermissionDenied: the actor is not an admin. InvalidInput: a bad size.
    """
    if not actor.is_admin:
        raise PermissionDenied("only an admin may add demo data")
    if not 0 < size <= MAX_SIZE:
        raise InvalidInput(f"size must be from 1 to {MAX_SIZE}, not {size}")
    users = _add_team()
    drafter = _Drafter(actor, now_or(now), random.Random(seed))
    writer = _Writer()
    first = reserve("customer", size)
    added = 0
    code = drafter.customer_code
    # closing(): an error here stops the drawing child at once, not when garbage collected.
    with _page_cache(), closing(_drafts(drafter, first, size)) as chunks:
        for chunk in chunks:
            added += writer.write(chunk)
            if progress is not None:
                progress(chunk.last - first + 1, size)
        # Imported here: the sales history is drawn for the customers just written.
        from crm_cli.store.demo_sales import add_demo_sales

        codes = [code(number) for number in range(first, first + size)]
        add_demo_sales(actor, codes, seed=seed, now=drafter.now)
    return DemoSummary(size, added, users, code(first), code(first + size - 1))


@contextmanager
def _page_cache() -> Iterator[None]:
    """SQLite: a big page cache while the demo writes, then the usual one again.

    Nine indexes take random keys; with the default 2 MB cache their pages keep being
    spilled to the WAL and read back, which costs a fifth of the writing time.
    """
    if backend() != "sqlite":
        yield
        return
    database = db_proxy.obj
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _add_team() -> int:
    """The demo hierarchy: two managers with two salespeople each; existing logins stay."""
    added = 0
    for login, display, role, boss, department in TEAM:
        if m.User.get_or_none(m.User.login == login) is not None:
            continue
        above = m.User.get_or_none(m.User.login == boss) if boss else None
        m.User.create(
            login=login, display=display, role=role, department=department,
            supervisor=above.id if above else None,
        )  # fmt: skip
        added += 1
    return added


@dataclass
class _Chunk:
    """Customers ``first``…``last`` drawn, ready to insert but for database ids."""

    first: int
    last: int
    customers: list[tuple[Any, ...]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    people: list[list[tuple[Any, ...]]] = field(default_factory=list)
    log: list[tuple[Any, ...]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # search text, CJK-split


class _Drafter:
    """Draws chunks of customers in plain Python; touches the database only when made."""

    def __init__(self, actor: User, now: dt.datetime, rng: random.Random) -> None:
        self.actor_id, self.now = actor.id, now
        taken: set[str] = set(_mapping(m.Customer.select(m.Customer.name_key, m.Customer.id)))
        self.faker = Faker(rng, now.date(), taken)
        self.customers = BulkTable(m.Customer)
        self.contacts = BulkTable(m.Contact, lead=("code", "customer"))
        self.log = BulkTable(m.OpLog, lead=("entity_id", "customer_id"))
        S = m.CustomerStatus
        self.status_names: dict[int, str] = _mapping(
            S.select(S.id, S.name).order_by(S.position, S.id)
        )
        weights = (STATUS_WEIGHTS + (5,) * len(self.status_names))[: len(self.status_names)]
        self.statuses = Weighted(list(self.status_names), list(accumulate(weights)))
        self.logins: dict[int, str] = _mapping(m.User.select(m.User.id, m.User.login))
        self.owners = _owners(actor)
        self.customer_code = code_format("code.customer_prefix")
        self.fts = backend() == "sqlite"
        self._mnemonics: dict[str, str] = {}

    def draft(self, first: int, count: int) -> _Chunk:
        code = self.customer_code
        chunk = _Chunk(first, first + count - 1)
        for number in range(first, first + count):
            row = self._customer(code(number))
            people = [self._contact(p, row) for p in self.faker.contacts(row)]
            names = [p["name"] for p in people]
            # search_text reads attributes: a namespace stands in for the unsaved model.
            text = search.search_text(cast(m.Customer, SimpleNamespace(**row)), names)
            chunk.customers.append(self.customers.tail({**row, "search_text": text}))
            chunk.codes.append(row["code"])
            chunk.people.append([self.contacts.tail(p) for p in people])
            entry = {"at": row["created_at"], "actor": self.actor_id, "entity": "customer",
                     "action": "add", "changes": self._changes(row, names)}  # fmt: skip
            chunk.log.append(self.log.tail(entry))
            if self.fts:
                chunk.texts.append((text, text.translate(_SPLITTER)))
        return chunk

    def _customer(self, code: str) -> dict[str, Any]:
        faker = self.faker
        row = faker.company()
        at = dt.time(faker.number(9, 17), faker.number(0, 59), faker.number(0, 59))
        created = min(dt.datetime.combine(row["registered"], at), self.now)
        row.update(
            code=code, mnemonic=mnemonic(row["name"]),
            status=faker.weighted(self.statuses) if self.statuses.values else None,
            owner=faker.weighted(self.owners),
            created_by=self.actor_id, created_at=created, updated_at=created,
            phone_key=phone_key(row["phone"]), email_key=fold(row["email"]),
        )  # fmt: skip
        return row

    def _contact(self, person: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
        """The keys ``contacts.add_contact`` derives from a person's fields."""
        name = person["name"]
        if name not in self._mnemonics:  # people's names repeat: read each once
            self._mnemonics[name] = mnemonic(name)
        person.update(
            mnemonic=self._mnemonics[name], name_key=fold(name).strip(),
            phone_key=phone_key(person["mobile"] or person["work_phone"]),
            email_key=fold(person["email"]), created_at=row["created_at"],
            updated_at=row["created_at"],
        )  # fmt: skip
        return person

    def _changes(self, row: dict[str, Any], contact_names: list[str]) -> str:
        """The main fields, as ``add_customer`` logs them, and the contacts added."""
        values = {k: row[k] for k in _LOGGED if k in row}
        values["status"] = self.status_names.get(row["status"])
        values["owner"] = self.logins.get(row["owner"])
        values["contacts"] = contact_names
        return _JSON.encode(nonempty(values))


def _drafts(drafter: _Drafter, first: int, size: int) -> Generator[_Chunk, None, None]:
    """The chunks in order; big sizes are drawn by a forked child while this process writes.

    Drawing costs more than writing, and the machine has a second core: the child sends
    each chunk through a pipe, which also holds it back when it runs ahead.
    """
    if size < PARALLEL_MIN or not _can_fork():
        yield from _draft_all(drafter, first, size)
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(drafter, first, size, send), daemon=True)
    child.start()
    send.close()
    try:
        while (item := receive.recv()) is not None:
            if isinstance(item, str):
                raise RuntimeError(f"drawing demo data failed in the child process:\n{item}")
            yield item
    finally:
        receive.close()
        child.terminate()
        child.join()


def _draft_all(drafter: _Drafter, first: int, size: int) -> Iterator[_Chunk]:
    for start in range(first, first + size, CHUNK):
        yield drafter.draft(start, min(CHUNK, first + size - start))


def _child(drafter: _Drafter, first: int, size: int, send: Any) -> None:
    # Ctrl-C is the parent's to handle: it rolls back and terminates this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for chunk in _draft_all(drafter, first, size):
            send.send(chunk)
        send.send(None)
    except Exception:
        send.send(traceback.format_exc())


def _can_fork() -> bool:
    # A fork copies no other thread, so a lock one of them holds would stay held forever.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class _Writer:
    """Writes drafted chunks: customers, then contacts and log rows with their ids."""

    def __init__(self) -> None:
        self.customers = BulkTable(m.Customer)
        self.contacts = BulkTable(m.Contact, lead=("code", "customer"))
        self.log = BulkTable(m.OpLog, lead=("entity_id", "customer_id"))
        self.contact_code = code_format("code.contact_prefix")

    def write(self, chunk: _Chunk) -> int:
        """Insert one chunk; return how many contacts it added."""
        insert_rows(self.customers.name, self.customers.columns, chunk.customers)
        C = m.Customer
        found = _mapping(C.select(C.code, C.id).where(_code_ranges(chunk.codes)))
        ids = [found[code] for code in chunk.codes]
        number = reserve("contact", sum(len(group) for group in chunk.people))
        contacts = []
        for cid, group in zip(ids, chunk.people, strict=True):
            for tail in group:
                contacts.append((self.contact_code(number), cid, *tail))
                number += 1
        insert_rows(self.contacts.name, self.contacts.columns, contacts)
        log = [(cid, cid, *tail) for cid, tail in zip(ids, chunk.log, strict=True)]
        insert_rows(self.log.name, self.log.columns, log)
        if chunk.texts:
            _index(ids, chunk.texts)
        return len(contacts)


def _code_ranges(codes: list[str]) -> Any:
    """A condition matching ``codes``, numbers drawn in order: one range per code length.

    Codes of one length sort like their numbers, and nobody else draws from the block;
    the number outgrowing the width (C999999, C1000000) starts a second range.
    """
    bounds: dict[int, tuple[str, str]] = {}
    for code in codes:
        low, _ = bounds.get(len(code), (code, code))
        bounds[len(code)] = (low, code)
    return reduce(or_, (m.Customer.code.between(low, high) for low, high in bounds.values()))


def _mapping(query: Any) -> dict[Any, Any]:
    """A two-column query as a dict."""
    return dict(query.tuples())


def _owners(actor: User) -> Weighted[int]:
    """The demo team's active people: salespeople own most customers, managers a few."""
    rows = m.User.select(m.User.id, m.User.role).where(
        m.User.login.in_([login for login, *_ in TEAM]) & (m.User.active == True)  # noqa: E712
    )
    weights = {row.id: 9 if row.role == "sales" else 1 for row in rows} or {actor.id: 1}
    ids = sorted(weights)
    return Weighted(ids, list(accumulate(weights[i] for i in ids)))


class _Splitter(dict[int, str]):
    """``normalize.split_cjk`` as one ``str.translate``: it judges each character once."""

    def __missing__(self, code: int) -> str:
        self[code] = split_cjk(chr(code))  # split_cjk works character by character
        return self[code]


_SPLITTER = _Splitter()


def _index(ids: list[int], texts: list[tuple[str, str]]) -> None:
    """SQLite: the FTS tables ``search.reindex`` fills, in two bulk statements."""
    conn = db_proxy.obj.connection()
    with DRIVER_ERRORS:
        conn.executemany(
            "INSERT INTO customer_fts(rowid, body) VALUES (?, ?)",
            [(cid, text) for cid, (text, _) in zip(ids, texts, strict=True)],
        )
        conn.executemany(
            "INSERT INTO customer_words(rowid, body) VALUES (?, ?)",
            [(cid, split) for cid, (_, split) in zip(ids, texts, strict=True)],
        )


def _plain(value: Any) -> Any:
    """JSON for the log as ``oplog`` writes it: dates ISO, times to the second."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot log {type(value).__name__}")


# One encoder for every entry: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, default=_plain)
_LOGGED = ("code", "name", "mnemonic", "type", "source", "industry", "level", "phone", "email",
           "province", "city", "registered")  # fmt: skip
