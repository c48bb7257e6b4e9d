"""Sales records for ``crm demo``: products and price books, then for the customers just
added their contact records, reminders, opportunities, quotes, orders, plans and receipts,
their service tickets (``tickets``) and evaluations (``evaluations``).

Same approach as the demo customers: rows drawn in Python (``deals``), written with one bulk
statement per table and chunk, codes drawn from the sequences once per block, one log
entry per record, and the customers' derived fields (CUS-3) set to what the records imply.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core.db import db_proxy
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.demo import catalog as cat
from crm_cli.store.demo.bulk import code_ranges
from crm_cli.store.demo.bundle import DemoCustomer, Draw
from crm_cli.store.demo.deals import Drawer
from crm_cli.store.demo.evaluations import SHARE as EVALUATION_SHARE
from crm_cli.store.demo.evaluations import Evaluations
from crm_cli.store.demo.tickets import SHARE as TICKET_SHARE
from crm_cli.store.demo.tickets import ServiceDesk
from crm_cli.store.demo.writer import Writer, log_json
from crm_cli.store.sales import models as sm

CHUNK = 2000  # customers per round
SMALL = 5000  # up to this many customers, more of them get deals: every list has rows
RECORD_SHARE = (0.6, 0.3)  # of customers with contact records: small, large
DEAL_SHARE = (0.35, 0.08)  # of customers with opportunities, quotes, orders: small, large
CJK = re.compile(r"[\u4e00-\u9fff]")


class SalesSummary(NamedTuple):
    products: int
    activities: int
    reminders: int
    opportunities: int
    quotes: int
    orders: int
    payments: int
    tickets: int
    evaluations: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def add_demo_sales(
    actor: User, codes: Sequence[str], *, seed: int | None, now: dt.datetime
) -> SalesSummary:
    """Draw and write the sales history of the customers with these codes (inside the
    caller's transaction); the same seed draws the same records."""
    rng = random.Random(None if seed is None else f"demo-sales:{seed}")
    products, added = _catalog(actor, now)
    large = len(codes) > SMALL
    drawer = Drawer(rng, now, products, _book_prices(), RECORD_SHARE[large], DEAL_SHARE[large])
    writer = Writer()
    # The desk and the evaluations draw from their own random sources: the sales records
    # a seed draws stay what they were.
    desk_draw = Draw(random.Random(None if seed is None else f"demo-tickets:{seed}"), now,
                     products, {})  # fmt: skip
    desk = ServiceDesk(desk_draw, TICKET_SHARE[large])
    judge_draw = Draw(random.Random(None if seed is None else f"demo-evaluations:{seed}"), now,
                      products, {})  # fmt: skip
    judge = Evaluations(judge_draw, EVALUATION_SHARE[large])
    for start in range(0, len(codes), CHUNK):
        customers = _customers(codes[start : start + CHUNK])
        writer.write([drawer.draw(c) for c in customers])
        desk.write(customers)
        judge.write(customers)
    writer.team_reminders(drawer)
    return SalesSummary._make([added, *writer.counts, desk.count, judge.count])


def _catalog(actor: User, now: dt.datetime) -> tuple[list[tuple[int, cat.DemoProduct]], int]:
    """The demo products and price books, adding those missing; (id, product) pairs."""
    P = sm.Product
    codes = [p.code for p in cat.PRODUCTS]
    have = {row.code for row in P.select(P.code).where(P.code.in_(codes))}
    missing = [p for p in cat.PRODUCTS if p.code not in have]
    if missing:
        P.insert_many(
            [{**p._asdict(), "created_at": now, "updated_at": now} for p in missing]
        ).execute()
    ids = {row.code: row.id for row in P.select(P.id, P.code).where(P.code.in_(codes))}
    log = [
        {
            "at": now,
            "actor": actor.id,
            "entity": "product",
            "entity_id": ids[p.code],
            "action": "add",
            "changes": log_json({"code": p.code, "name": p.name, "price": p.price}),
        }
        for p in missing
    ]
    if log:
        m.OpLog.insert_many(log).execute()
    for name, group, percent, members in cat.PRICE_BOOKS:
        if sm.PriceBook.get_or_none(sm.PriceBook.name == name) is not None:
            continue
        book = sm.PriceBook.create(name=name, customer_group=group, created_at=now)
        prices = {p.code: p.price for p in cat.PRODUCTS}
        sm.PriceBookEntry.insert_many(
            [
                {
                    "book": book.id,
                    "product": ids[code],
                    "price": (prices[code] * percent / 100).quantize(Decimal("0.01")),
                }
                for code in members
            ]
        ).execute()
    return [(ids[p.code], p) for p in cat.PRODUCTS], len(missing)


def _book_prices() -> dict[tuple[str, int], Decimal]:
    """(customer group, product id) -> price, from the live price books."""
    E, B = sm.PriceBookEntry, sm.PriceBook
    query = (
        E.select(E.product, E.price, B.customer_group)
        .join(B, on=(E.book == B.id))
        .where(B.deleted_at.is_null() & (B.customer_group != ""))
    )
    return {(row.book.customer_group, row.product_id): row.price for row in query}


def _customers(codes: Sequence[str]) -> list[DemoCustomer]:
    """The customers with these codes (just added: their ids form a range) and contacts.

    Raw cursors: peewee's row conversion would cost more than drawing the sales.
    """
    C, P = cm.Customer, cm.Contact
    query = C.select(C.id, C.owner, C.level, C.registered, C.name).where(
        code_ranges(C.code, list(codes))
    )
    rows: list[tuple[Any, ...]] = list(_raw(query.order_by(C.id)))
    people: dict[int, list[int]] = {}
    if rows:
        span = P.customer.between(rows[0][0], rows[-1][0])
        for pid, cid in _raw(P.select(P.id, P.customer).where(span).order_by(P.id)):
            people.setdefault(cid, []).append(pid)
    return [
        DemoCustomer(cid, owner, level, _day(registered), not CJK.search(name),
                     tuple(people.get(cid, ())))
        for cid, owner, level, registered, name in rows
    ]  # fmt: skip


def _raw(query: Any) -> Any:
    return db_proxy.obj.execute(query).fetchall()


def _day(value: Any) -> dt.date:
    """A date column as the driver gives it: text on SQLite, a date elsewhere."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
