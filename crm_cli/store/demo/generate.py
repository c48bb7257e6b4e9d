"""Sample data (``crm demo``): realistic companies, contacts and a small team, fast.

100,000 customers must take seconds, so this does not call ``add_customer`` per row.
It draws rows in Python and writes them with one bulk statement per table and chunk
(`customers.py`), then draws the sales history of those customers (`sales.py`) and the
team's calendar (`calendar.py`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from typing import Any, NamedTuple

from crm_cli.store.activity import models as am
from crm_cli.store.core import models as m
from crm_cli.store.core.codes import reserve
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import backend, db_proxy, writing
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.maintenance import after_bulk_write
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import name_buckets, name_order
from crm_cli.store.customers import owners as customer_owners
from crm_cli.store.demo.calendar import add_demo_calendar
from crm_cli.store.demo.campaigns import add_demo_campaigns
from crm_cli.store.demo.customers import CustomerDrafter, CustomerWriter, drafts
from crm_cli.store.demo.sales import add_demo_sales
from crm_cli.store.demo.targets import add_demo_targets
from crm_cli.store.demo.team import add_team
from crm_cli.store.demo.work_reports import add_demo_reports
from crm_cli.store.evaluation import models as em
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import owners as sales_owners
from crm_cli.store.schedule import models as sc
from crm_cli.store.service import models as vm

SIZES = {"small": 200, "large": 100_000}
MAX_SIZE = 10_000_000
CACHE_KIB = 512 * 1024  # SQLite page cache while writing; only pages in use take memory
# What the demo writes in bulk: analysed once it commits (``core.maintenance``).
TABLES = (cm.Customer, cm.Contact, m.OpLog, *am.ACTIVITY_MODELS, *sm.SALES_MODELS, vm.Ticket,
          *em.EVALUATION_MODELS, *sc.SCHEDULE_MODELS)  # fmt: skip

Progress = Callable[[int, int], None]


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
    if word.isdecimal() and 0 < int(word) <= MAX_SIZE:
        return int(word)
    raise InvalidInput(
        "invalid size {text!r}: use small ({small}), large ({large}) "
        "or a number of customers from 1 to {max_size}",
        text=text,
        small=SIZES["small"],
        large=SIZES["large"],
        max_size=MAX_SIZE,
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

    The sales history (``sales``): products, price books, contact records, reminders,
    opportunities, quotes, orders with plans and receipts, service tickets, evaluations,
    for a share of the customers; the team's calendar around today (``calendar``).

    The same seed draws the same names; codes continue the normal sequences, so
    running it twice adds more customers and ``add_customer`` carries on after them.

    Raises:
        PermissionDenied: the actor is not an admin. InvalidInput: a bad size.
    """
    if not actor.is_admin:
        raise PermissionDenied("only an admin may add demo data")
    if not 0 < size <= MAX_SIZE:
        raise InvalidInput(
            "size must be from 1 to {max_size}, not {size}", max_size=MAX_SIZE, size=size
        )
    users = add_team()
    drafter = CustomerDrafter(actor, now_or(now), random.Random(seed))
    writer = CustomerWriter()
    first = reserve("customer", size)
    added = 0
    code = drafter.customer_code
    # closing(): an error here stops the drawing child at once, not when garbage collected.
    with _page_cache(), closing(drafts(drafter, first, size)) as chunks:
        for chunk in chunks:
            added += writer.write(chunk)
            if progress is not None:
                progress(chunk.last - first + 1, size)
        name_order.rebuild()  # the drawn names come in no order: number them all at once
        name_buckets.rebuild()
        codes = [code(number) for number in range(first, first + size)]
        sales = add_demo_sales(actor, codes, seed=seed, now=drafter.now)
        # ``now`` as given: the calendar reads the clock in the team's zone, as agendas do.
        events = add_demo_calendar(codes, seed=seed, now=now)
        # After the sales: the fair's customers are those who bought since it began.
        events += add_demo_campaigns(codes, seed=seed, now=drafter.now)
        customer_owners.fill_missing()
        sales_owners.fill_missing()
        # Targets follow the sales: each is what its person did in the period before, raised.
        events += add_demo_targets(actor, seed=seed, now=drafter.now)
        # Last: the reports' reference figures count the records written above.
        events += add_demo_reports(seed=seed, now=drafter.now)
    after_bulk_write(TABLES, size + added + sum(sales) + events)
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


# One encoder for every entry: json.dumps with options builds a new one per call.
