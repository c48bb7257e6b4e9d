"""The anchor of `report_presets_sales.py`: each selling preset's figures by hand-written
SQL on a raw sqlite3 connection (the same grouped queries a careful programmer would
write), finished in a few lines of Python into the rows the preset returns, in its order.

Every figure is the admin's (no owner filter) for one year, [first, after) on datetimes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

CACHE_PAGES = -65536  # the store's cache_size (core.db): same page cache on both sides
SALE = ("o.status = 'approved' AND o.deleted_at IS NULL AND c.deleted_at IS NULL "
        "AND o.decided_at >= ? AND o.decided_at < ?")  # fmt: skip
ORDERS = "sales_order o JOIN customer c ON c.id = o.customer_id"
LINES = ("order_line l JOIN sales_order o ON o.id = l.order_id JOIN customer c ON c.id = "
         "o.customer_id")  # fmt: skip
PAID = ("payment p JOIN sales_order o ON o.id = p.order_id JOIN customer c ON c.id = "
        "o.customer_id WHERE p.deleted_at IS NULL AND o.deleted_at IS NULL AND c.deleted_at "
        "IS NULL AND p.paid_on >= ? AND p.paid_on <= ?")  # fmt: skip
TOP = 20


def money(cents: Any) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01"))


def share(part: Decimal, whole: Decimal, places: int = 1) -> Decimal | None:
    if not whole:
        return None
    step = Decimal(1).scaleb(-places)
    return (part * 100 / whole).quantize(step, rounding=ROUND_HALF_UP)


class Anchor:
    def __init__(self, path: Path, year: int) -> None:
        self.con = sqlite3.connect(path)
        self.con.execute(f"PRAGMA cache_size = {CACHE_PAGES}")
        self.year = year
        self.stamps = (f"{year}-01-01 00:00:00", f"{year + 1}-01-01 00:00:00")
        self.days = (f"{year}-01-01", f"{year}-12-31")

    def q(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, args).fetchall()

    def names(self) -> dict[int, tuple[str, str]]:
        rows = self.q('SELECT id, login, display FROM "user"')
        return {uid: (login, display or login) for uid, login, display in rows}

    def buyers_by_source(self) -> list[tuple[Any, ...]]:
        found = self.q(f"SELECT c.source, COUNT(DISTINCT o.customer_id), COUNT(o.id), "
                       f"SUM(o.total) FROM {ORDERS} WHERE {SALE} GROUP BY c.source",
                       self.stamps)  # fmt: skip
        rows = [(s, b, n, money(c)) for s, b, n, c in found]
        return sorted(rows, key=lambda r: (-r[3], r[0]))

    def customer_value(self) -> list[tuple[Any, ...]]:
        found = self.q(f"SELECT c.id, c.code, c.name, COUNT(o.id), SUM(o.total) FROM {ORDERS} "
                       f"WHERE {SALE} GROUP BY c.id ORDER BY SUM(o.total) DESC, c.id LIMIT {TOP}",
                       self.stamps)  # fmt: skip
        ids = [r[0] for r in found]
        marks = ",".join("?" * len(ids))
        paid = dict(self.q(f"SELECT o.customer_id, SUM(p.amount) FROM {PAID} AND o.customer_id "
                           f"IN ({marks}) GROUP BY o.customer_id", (*self.days, *ids)))  # fmt: skip
        rows: list[tuple[Any, ...]] = []
        for n, (cid, code, name, count, cents) in enumerate(found):
            rank = rows[-1][0] if rows and found[n - 1][4] == cents else n + 1
            rows.append((rank, code, name, count, money(cents), money(paid.get(cid))))
        return rows

    def new_buyers(self) -> list[tuple[Any, ...]]:
        return self.q(
            "SELECT strftime('%Y', f), COUNT(*) FROM (SELECT o.customer_id, MIN(o.decided_at) "
            f"AS f FROM {ORDERS} WHERE o.status = 'approved' AND o.deleted_at IS NULL AND "
            "c.deleted_at IS NULL GROUP BY o.customer_id HAVING MIN(o.decided_at) >= ? AND "
            "MIN(o.decided_at) < ?) GROUP BY 1 ORDER BY 1", self.stamps)  # fmt: skip

    def top_seller(self) -> str:
        """The login of whoever sold most in the year: the salesperson benchmarked."""
        (owner,) = self.q(f"SELECT o.owner_id FROM {ORDERS} WHERE {SALE} GROUP BY o.owner_id "
                          "ORDER BY SUM(o.total) DESC LIMIT 1", self.stamps)[0]  # fmt: skip
        return self.names()[owner][0]

    def salesperson(self, login: str) -> list[tuple[Any, ...]]:
        (uid,) = self.q('SELECT id FROM "user" WHERE login = ?', (login,))[0]
        sold = {b: (n, c) for b, n, c in self.q(
            f"SELECT strftime('%Y-%m', o.decided_at), COUNT(o.id), SUM(o.total) FROM {ORDERS} "
            f"WHERE {SALE} AND o.owner_id = ? GROUP BY 1", (*self.stamps, uid))}  # fmt: skip
        paid = dict(self.q(f"SELECT strftime('%Y-%m', p.paid_on), SUM(p.amount) FROM {PAID} "
                           "AND o.owner_id = ? GROUP BY 1", (*self.days, uid)))  # fmt: skip
        new = dict(self.q("SELECT strftime('%Y-%m', registered), COUNT(id) FROM customer WHERE "
                          "owner_id = ? AND deleted_at IS NULL AND registered >= ? AND "
                          "registered <= ? GROUP BY 1", (uid, *self.days)))  # fmt: skip
        contacts = dict(self.q(
            "SELECT strftime('%Y-%m', a.started_at), COUNT(a.id) FROM activity a JOIN customer "
            "c ON c.id = a.customer_id WHERE a.user_id = ? AND a.deleted_at IS NULL AND "
            "c.deleted_at IS NULL AND a.started_at >= ? AND a.started_at < ? GROUP BY 1",
            (uid, *self.stamps)))  # fmt: skip
        keys = sorted({*sold, *paid, *new, *contacts})
        return [(k, sold.get(k, (0, 0))[0], money(sold.get(k, (0, 0))[1]), money(paid.get(k)),
                 new.get(k, 0), contacts.get(k, 0)) for k in keys]  # fmt: skip

    def leaderboard(self) -> list[tuple[Any, ...]]:
        sold = {w: (n, c) for w, n, c in self.q(
            f"SELECT o.owner_id, COUNT(o.id), SUM(o.total) FROM {ORDERS} WHERE {SALE} "
            "GROUP BY o.owner_id", self.stamps)}  # fmt: skip
        paid = dict(self.q(f"SELECT o.owner_id, SUM(p.amount) FROM {PAID} GROUP BY o.owner_id",
                           self.days))  # fmt: skip
        people = self.names()
        rows = [(people.get(w, ("", ""))[0], people.get(w, ("", ""))[1],
                 sold.get(w, (0, 0))[0], money(sold.get(w, (0, 0))[1]), money(paid.get(w)))
                for w in {*sold, *paid}]  # fmt: skip
        rows.sort(key=lambda r: (-r[3], -r[4], r[0]))
        ranked: list[tuple[Any, ...]] = []
        for n, row in enumerate(rows):
            rank = ranked[-1][0] if ranked and rows[n - 1][3] == row[3] else n + 1
            ranked.append((rank, *row))
        return ranked

    def weak_products(self) -> list[tuple[Any, ...]]:
        found = self.q(
            "SELECT p.code, p.name, p.category, COALESCE(s.q, 0), COALESCE(s.a, 0) FROM product "
            "p LEFT JOIN (SELECT l.product_id, SUM(l.quantity) AS q, SUM(l.amount) AS a FROM "
            f"{LINES} WHERE {SALE} GROUP BY "
            "l.product_id) s ON s.product_id = p.id WHERE p.deleted_at IS NULL ORDER BY "
            f"COALESCE(s.a, 0), COALESCE(s.q, 0), p.id LIMIT {TOP}", self.stamps)  # fmt: skip
        step = Decimal("0.001")
        return [(code, name, cat, (Decimal(q) / 1000).quantize(step), money(a))
                for code, name, cat, q, a in found]  # fmt: skip

    def sales_trend(self) -> list[tuple[Any, ...]]:
        found = self.q(f"SELECT strftime('%Y-%m', o.decided_at), COUNT(o.id), SUM(o.total) "
                       f"FROM {ORDERS} WHERE {SALE} GROUP BY 1 ORDER BY 1",
                       self.stamps)  # fmt: skip
        return [(b, n, money(c)) for b, n, c in found]

    def composition(self, by: str) -> list[tuple[Any, ...]]:
        if by == "customer":
            found = self.q(f"SELECT c.code, c.name, SUM(o.total) FROM {ORDERS} WHERE {SALE} "
                           f"GROUP BY c.id ORDER BY SUM(o.total) DESC, c.id LIMIT {TOP}",
                           self.stamps)  # fmt: skip
            rows = [(code, name, money(c)) for code, name, c in found]
            (whole,) = self.q(f"SELECT SUM(o.total) FROM {ORDERS} WHERE {SALE}", self.stamps)[0]
        else:
            lines = LINES
            found = self.q(
                f"SELECT p.category, SUM(l.amount) FROM {lines} JOIN product p ON p.id = "
                f"l.product_id WHERE {SALE} GROUP BY p.category", self.stamps)  # fmt: skip
            rows = sorted(((k, money(c)) for k, c in found), key=lambda r: (-r[1], r[0]))[:TOP]
            (whole,) = self.q(f"SELECT SUM(l.amount) FROM {lines} WHERE {SALE}", self.stamps)[0]
        total = money(whole)
        rest = total - sum((r[-1] for r in rows), Decimal("0.00"))
        if rest:
            rows.append(("(others)", "(others)", rest) if by == "customer" else ("(others)", rest))
        return [(*r, share(r[-1], total)) for r in rows]

    def composition_by_source(self) -> list[tuple[Any, ...]]:
        found = self.q(f"SELECT c.source, SUM(o.total) FROM {ORDERS} WHERE {SALE} "
                       "GROUP BY c.source", self.stamps)  # fmt: skip
        rows = sorted(((k, money(c)) for k, c in found), key=lambda r: (-r[1], r[0]))[:TOP]
        (whole,) = self.q(f"SELECT SUM(o.total) FROM {ORDERS} WHERE {SALE}", self.stamps)[0]
        total = money(whole)
        rest = total - sum((r[1] for r in rows), Decimal("0.00"))
        rows += [("(others)", rest)] if rest else []
        return [(*r, share(r[1], total)) for r in rows]

    def profit(self) -> list[tuple[Any, ...]]:
        found = self.q(
            "SELECT o.owner_id, SUM(l.amount), SUM(l.quantity * COALESCE(p.cost, 0)), "
            f"SUM(CASE WHEN p.cost IS NULL THEN l.amount ELSE 0 END) FROM {LINES} "
            f"JOIN product p ON p.id = l.product_id WHERE {SALE} "
            "GROUP BY o.owner_id", self.stamps)  # fmt: skip
        people = self.names()
        rows = []
        for owner, revenue, milli, uncosted in found:
            cost = (Decimal(milli) / 100000).quantize(Decimal("0.01"), ROUND_HALF_UP)
            earned = money(revenue) - cost
            login, name = people.get(owner, ("", ""))
            rows.append((login, name, money(revenue), cost, earned,
                         share(earned, money(revenue)), money(uncosted)))  # fmt: skip
        return sorted(rows, key=lambda r: (-r[4], r[0]))

    def attainment(self, as_of: dt.date) -> dict[tuple[str, str, str], Decimal]:
        """(user or department, login or name, metric) -> actual, for the year's targets,
        as of ``as_of``."""
        first = f"{self.year}-01-01"
        last = min(as_of, dt.date(self.year, 12, 31))
        stamps = (f"{first} 00:00:00", f"{last + dt.timedelta(days=1)} 00:00:00")
        days = (first, last.isoformat())
        targets = self.q("SELECT subject, metric FROM sales_target WHERE period = 'year' AND "
                         "starts_on = ?", (first,))  # fmt: skip
        people = self.q('SELECT id, department FROM "user"')
        owners = {int(n) for s, _ in targets for k, _, n in [s.partition(":")] if k == "user"}
        teams = {n for s, _ in targets for k, _, n in [s.partition(":")] if k == "department"}
        uids = sorted(owners | {uid for uid, dept in people if dept in teams})
        marks = ",".join("?" * len(uids))
        sums = {
            "orders": ("SELECT owner_id, SUM(total) FROM sales_order WHERE owner_id IN "
                       f"({marks}) AND decided_at >= ? AND decided_at < ? AND status = "
                       "'approved' AND deleted_at IS NULL GROUP BY owner_id", stamps),
            "receipts": ("SELECT o.owner_id, SUM(p.amount) FROM payment p JOIN sales_order o "
                         f"ON o.id = p.order_id WHERE o.owner_id IN ({marks}) AND p.paid_on >= "
                         "? AND p.paid_on <= ? AND p.deleted_at IS NULL GROUP BY o.owner_id", days),
            "new_customers": ("SELECT owner_id, COUNT(id) FROM customer WHERE owner_id IN "
                              f"({marks}) AND registered >= ? AND registered <= ? AND "
                              "deleted_at IS NULL GROUP BY owner_id", days),
            "contacts": ("SELECT user_id, COUNT(id) FROM activity WHERE user_id IN "
                         f"({marks}) AND started_at >= ? AND started_at < ? AND deleted_at "
                         "IS NULL GROUP BY user_id", stamps),
            "pipeline": ("SELECT owner_id, SUM(amount * probability) FROM opportunity WHERE "
                         f"owner_id IN ({marks}) AND status = 'open' AND close_date >= ? AND "
                         "close_date <= ? AND deleted_at IS NULL GROUP BY owner_id",
                         (first, f"{self.year}-12-31")),
        }  # fmt: skip
        found = {k: dict(self.q(sql, (*uids, *args))) for k, (sql, args) in sums.items()}
        scale = {"orders": 100, "receipts": 100}
        logins = self.names()
        actual: dict[tuple[str, str, str], Decimal] = {}
        for subject, metric in targets:
            kind, _, name = subject.partition(":")
            who = [int(name)] if kind == "user" else [u for u, d in people if d == name]
            raw = sum(found[metric].get(u, 0) for u in who)
            label = logins[int(name)][0] if kind == "user" else name
            actual[(kind, label, metric)] = Decimal(raw) / scale.get(metric, 1)
        return actual
