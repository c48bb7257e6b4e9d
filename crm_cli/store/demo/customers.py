"""Demo customers and their contacts, drawn in plain Python and written in bulk.

Every column the one-by-one path fills is filled here too: codes from the same sequences,
the mnemonic, the duplicate keys, the search text and index, and the operation log.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import signal
import threading
import traceback
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from types import SimpleNamespace
from typing import Any, cast

from crm_cli.store.core import models as m
from crm_cli.store.core.bulk import insert_rows
from crm_cli.store.core.codes import code_format, reserve
from crm_cli.store.core.db import backend, db_proxy
from crm_cli.store.core.normalize import fold, phone_key, split_cjk
from crm_cli.store.core.oplog import nonempty
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import search
from crm_cli.store.customers.mnemonic import mnemonic
from crm_cli.store.demo.bulk import LOG_JSON, BulkTable, code_ranges
from crm_cli.store.demo.names import Faker, Weighted
from crm_cli.store.demo.team import owners

CHUNK = 1000  # customers per round of bulk statements: bounded memory, few round trips


PARALLEL_MIN = 20_000  # below this a second process costs more than it saves


STATUS_WEIGHTS = (35, 25, 30, 10)  # potential, intent, formal, lost; any added later: 5


@dataclass
class Chunk:
    """Customers ``first``…``last`` drawn, ready to insert but for database ids."""

    first: int
    last: int
    customers: list[tuple[Any, ...]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    people: list[list[tuple[Any, ...]]] = field(default_factory=list)
    log: list[tuple[Any, ...]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # search text, CJK-split


class CustomerDrafter:
    """Draws chunks of customers in plain Python; touches the database only when made."""

    def __init__(self, actor: User, now: dt.datetime, rng: random.Random) -> None:
        self.actor_id, self.now = actor.id, now
        taken: set[str] = set(mapping(cm.Customer.select(cm.Customer.name_key, cm.Customer.id)))
        self.faker = Faker(rng, now.date(), taken)
        self.customers = BulkTable(cm.Customer)
        self.contacts = BulkTable(cm.Contact, lead=("code", "customer"))
        self.log = BulkTable(m.OpLog, lead=("entity_id", "customer_id"))
        S = cm.CustomerStatus
        self.status_names: dict[int, str] = mapping(
            S.select(S.id, S.name).order_by(S.position, S.id)
        )
        weights = (STATUS_WEIGHTS + (5,) * len(self.status_names))[: len(self.status_names)]
        self.statuses = Weighted(list(self.status_names), list(accumulate(weights)))
        self.logins: dict[int, str] = mapping(m.User.select(m.User.id, m.User.login))
        self.owners = owners(actor)
        self.customer_code = code_format("code.customer_prefix")
        self.fts = backend() == "sqlite"
        self._mnemonics: dict[str, str] = {}

    def draft(self, first: int, count: int) -> Chunk:
        code = self.customer_code
        chunk = Chunk(first, first + count - 1)
        for number in range(first, first + count):
            row = self._customer(code(number))
            people = [self._contact(p, row) for p in self.faker.contacts(row)]
            names = [p["name"] for p in people]
            # search_text reads attributes: a namespace stands in for the unsaved model.
            text = search.search_text(cast(cm.Customer, SimpleNamespace(**row)), names)
            chunk.customers.append(self.customers.tail({**row, "search_text": text}))
            chunk.codes.append(row["code"])
            chunk.people.append([self.contacts.tail(p) for p in people])
            entry = {"at": row["created_at"], "actor": self.actor_id, "entity": "customer",
                     "action": "add", "changes": self._changes(row, names)}  # fmt: skip
            chunk.log.append(self.log.tail(entry))
            if self.fts:
                chunk.texts.append((text, split_cjk(text)))
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
        return LOG_JSON.encode(nonempty(values))


def drafts(drafter: CustomerDrafter, first: int, size: int) -> Generator[Chunk, None, None]:
    """The chunks in order; big sizes are drawn by a forked child while this process writes.

    Drawing costs more than writing, and the machine has a second core: the child sends
    each chunk through a pipe, which also holds it back when it runs ahead.
    """
    if size < PARALLEL_MIN or not _can_fork():
        yield from _draft_all(drafter, first, size)
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(drafter, first, size, (receive, send)), daemon=True
    )
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


def _draft_all(drafter: CustomerDrafter, first: int, size: int) -> Iterator[Chunk]:
    for start in range(first, first + size, CHUNK):
        yield drafter.draft(start, min(CHUNK, first + size - start))


def _child(drafter: CustomerDrafter, first: int, size: int, pipe: tuple[Any, Any]) -> None:
    receive, send = pipe
    # The fork copied the parent's read end: without closing it here, a parent killed with
    # SIGKILL would leave this process blocked on a full pipe that it reads itself, forever.
    # Closed, the next send fails (EPIPE) once the parent is gone, and this process ends.
    receive.close()
    # Ctrl-C is the parent's to handle: it rolls back and terminates this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for chunk in _draft_all(drafter, first, size):
            send.send(chunk)
        send.send(None)
    except BrokenPipeError:
        return  # the parent is gone: nobody wants the rest
    except Exception:
        send.send(traceback.format_exc())


def _can_fork() -> bool:
    # A fork copies no other thread, so a lock one of them holds would stay held forever.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class CustomerWriter:
    """Writes drafted chunks: customers, then contacts and log rows with their ids."""

    def __init__(self) -> None:
        self.customers = BulkTable(cm.Customer)
        self.contacts = BulkTable(cm.Contact, lead=("code", "customer"))
        self.log = BulkTable(m.OpLog, lead=("entity_id", "customer_id"))
        self.contact_code = code_format("code.contact_prefix")

    def write(self, chunk: Chunk) -> int:
        """Insert one chunk; return how many contacts it added."""
        insert_rows(self.customers.name, self.customers.columns, chunk.customers)
        C = cm.Customer
        found = mapping(C.select(C.code, C.id).where(code_ranges(C.code, chunk.codes)))
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


def mapping(query: Any) -> dict[Any, Any]:
    """A two-column query as a dict."""
    return dict(query.tuples())


def _index(ids: list[int], texts: list[tuple[str, str]]) -> None:
    """SQLite: the search index of a chunk's customers (split in the drafter's process)."""
    rows = list(zip(ids, texts, strict=True))
    search.fill_index(db_proxy.obj.connection(), [(cid, text) for cid, (text, _) in rows],
                      words=[(cid, split) for cid, (_, split) in rows])  # fmt: skip


_LOGGED = ("code", "name", "mnemonic", "type", "source", "industry", "level", "phone", "email",
           "province", "city", "registered")  # fmt: skip
