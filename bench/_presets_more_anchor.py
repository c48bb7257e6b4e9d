"""The anchor of `report_presets_more.py`: each preset of `analysis.presets_more` written
by hand as SQL on a raw sqlite3 connection, finished in Python into the same rows the
report gives (as tuples in its column order), for an admin (no scope)."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CACHE_PAGES = -65536  # the store's cache_size (core.db): the same page cache on both sides
LIVE_ORDER = ("o.status = 'approved' AND o.deleted_at IS NULL AND c.deleted_at IS NULL "
              "AND o.settled = 0")  # fmt: skip
ITEMS = f"""
SELECT o.owner_id, o.customer_id, i.due AS due, i.amount - i.received AS open
  FROM installment i JOIN sales_order o ON o.id = i.order_id
  JOIN customer c ON c.id = o.customer_id
 WHERE {LIVE_ORDER} AND i.received < i.amount
UNION ALL
SELECT o.owner_id, o.customer_id, o.due, o.total - o.received
  FROM sales_order o JOIN customer c ON c.id = o.customer_id
 WHERE {LIVE_ORDER} AND o.received < o.total AND NOT EXISTS (
       SELECT 1 FROM installment i WHERE i.order_id = o.id AND i.received < i.amount)
"""
AGES = ("not due", "0-30", "31-60", "61-90", "90+")
STAGES = (("qualification", "初步接洽"), ("needs analysis", "需求确认"), ("proposal", "方案报价"),
          ("negotiation", "商务谈判"))  # fmt: skip


def cents(value: Any) -> Decimal:
    return (Decimal(int(value or 0)) / 100).quantize(Decimal("0.01"))


def share(num: Any, den: Any, places: int) -> Decimal | None:
    if not den:
        return None
    exact = Decimal(num or 0) / Decimal(den)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


class Anchor:
    def __init__(self, path: str, today: dt.date, year: int) -> None:
        self.con = sqlite3.connect(path)
        self.con.execute(f"PRAGMA cache_size = {CACHE_PAGES}")
        self.today = today
        self.days = (f"{year}-01-01", f"{year}-12-31")
        self.stamps = (f"{year}-01-01 00:00:00", f"{year + 1}-01-01 00:00:00")

    def q(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, args).fetchall()

    def aging(self) -> list[tuple[Any, ...]]:
        t = self.today
        back = [(t - dt.timedelta(days=d)).isoformat() for d in (30, 60, 90)]
        rows = self.q(
            f"""SELECT CASE WHEN due IS NULL OR due > ? THEN 0 WHEN due >= ? THEN 1
                WHEN due >= ? THEN 2 WHEN due >= ? THEN 3 ELSE 4 END AS age, SUM(open), COUNT(*)
                FROM ({ITEMS}) GROUP BY age ORDER BY age""", (t.isoformat(), *back))  # fmt: skip
        return [(AGES[a], cents(s), n) for a, s, n in rows]

    def by_customer(self) -> list[tuple[Any, ...]]:
        rows = self.q(
            f"""WITH items AS ({ITEMS}),
            owing AS (SELECT customer_id, SUM(open) AS owed,
                             SUM(CASE WHEN due < ? THEN open ELSE 0 END) AS overdue,
                             MIN(due) AS oldest FROM items GROUP BY customer_id),
            ordered AS (SELECT o.customer_id, SUM(o.total) AS total, SUM(o.received) AS got
                          FROM sales_order o JOIN customer c ON c.id = o.customer_id
                         WHERE o.status = 'approved' AND o.deleted_at IS NULL
                           AND c.deleted_at IS NULL GROUP BY o.customer_id)
            SELECT c.code, c.name, ordered.total, ordered.got, owing.owed, owing.overdue,
                   owing.oldest
              FROM owing JOIN ordered ON ordered.customer_id = owing.customer_id
              JOIN customer c ON c.id = owing.customer_id
             ORDER BY owing.owed DESC, c.code""", (self.today.isoformat(),))  # fmt: skip
        return [(a, b, cents(o), cents(r), cents(w), cents(v), day(d))
                for a, b, o, r, w, v, d in rows]  # fmt: skip

    def hobbies(self) -> list[tuple[Any, ...]]:
        top = self.q(
            """SELECT c.id, c.code, c.name, SUM(o.total) AS amount, COUNT(o.id)
                 FROM sales_order o JOIN customer c ON c.id = o.customer_id
                WHERE o.status = 'approved' AND o.deleted_at IS NULL AND c.deleted_at IS NULL
                  AND o.decided_at >= ? AND o.decided_at < ?
                GROUP BY c.id, c.code, c.name ORDER BY amount DESC, c.code LIMIT 10""",
            self.stamps,
        )
        marks = ",".join("?" * len(top))
        people: dict[int, list[tuple[str, str, str]]] = {}
        for cid, name, title, hobbies in self.q(
            f"SELECT customer_id, name, title, hobbies FROM contact WHERE customer_id IN "
            f"({marks}) AND deleted_at IS NULL ORDER BY customer_id, id", tuple(r[0] for r in top)
        ):  # fmt: skip
            people.setdefault(cid, []).append((name, title, hobbies))
        return [(rank, code, name, cents(s), n, *p)
                for rank, (cid, code, name, s, n) in enumerate(top, start=1)
                for p in people.get(cid) or [("", "", "")]]  # fmt: skip

    def lost(self) -> list[tuple[Any, ...]]:
        rows = self.q(
            """SELECT strftime('%Y', p.closed_on) AS y, p.reason, COUNT(p.id), SUM(p.amount)
                 FROM opportunity p JOIN customer c ON c.id = p.customer_id
                WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL AND p.status = 'lost'
                  AND p.closed_on >= ? AND p.closed_on <= ? GROUP BY y, p.reason""",
            self.days)  # fmt: skip
        found = [(y, r or "(none)", n, cents(s)) for y, r, n, s in rows]
        return sorted(found, key=lambda r: (r[0], -r[2], r[1]))

    def _activity(self, columns: str, user: bool, tail: str) -> list[tuple[Any, ...]]:
        join = 'LEFT JOIN "user" u ON u.id = a.user_id' if user else ""
        return self.q(
            f"""SELECT {columns} FROM activity a {join}
                WHERE a.deleted_at IS NULL AND a.customer_id NOT IN (
                      SELECT id FROM customer WHERE deleted_at IS NOT NULL)
                  AND a.started_at >= ? AND a.started_at < ? {tail}""", self.stamps)  # fmt: skip

    def time_spent(self) -> list[tuple[Any, ...]]:
        rows = self._activity("u.login, a.method, COUNT(a.id), COUNT(a.minutes), "
                              "SUM(a.minutes)", True, "GROUP BY u.login, a.method")  # fmt: skip
        found = [(u or "(none)", m or "(none)", n, k, int(s or 0), share(int(s or 0), 60, 1),
                  share(int(s or 0), k, 1)) for u, m, n, k, s in rows]  # fmt: skip
        return sorted(found, key=lambda r: (r[0], r[1]))

    def contacts(self) -> list[tuple[Any, ...]]:
        rows = self._activity("a.customer_id, COUNT(a.id) AS n, MAX(a.started_at) AS last",
                              False, "GROUP BY a.customer_id "
                              "ORDER BY n DESC, last DESC, a.customer_id LIMIT 20")  # fmt: skip
        marks = ",".join("?" * len(rows))
        names = {i: (code, name) for i, code, name in self.q(
            f"SELECT id, code, name FROM customer WHERE id IN ({marks})",
            tuple(r[0] for r in rows))}  # fmt: skip
        return [(*names[i], n, day(last)) for i, n, last in rows]

    def success(self) -> list[tuple[Any, ...]]:
        rows = self._activity(
            "u.login, u.display, COUNT(a.id), SUM(CASE WHEN a.result = 'deal' THEN 1 ELSE 0 "
            "END), SUM(CASE WHEN a.result = 'failed' THEN 1 ELSE 0 END)", True,
            "GROUP BY u.login, u.display")  # fmt: skip
        found = [(u or "(none)", d or u or "(none)", n, int(w or 0), int(f or 0),
                  share(int(w or 0) * 100, n, 1)) for u, d, n, w, f in rows]  # fmt: skip
        return sorted(found, key=lambda r: r[0])

    def expenses(self, group: str, name: str, timeline: bool) -> list[tuple[Any, ...]]:
        rows = self.q(
            f"""SELECT {group}, {name}, COUNT(e.id), SUM(e.amount) FROM expense e
                  JOIN "user" u ON u.id = e.owner_id LEFT JOIN customer c ON c.id = e.customer_id
                 WHERE e.status = 'approved' AND e.deleted_at IS NULL AND c.deleted_at IS NULL
                   AND e.spent_on >= ? AND e.spent_on <= ? GROUP BY 1, 2""", self.days)  # fmt: skip
        found = [(g or "(none)", n or g or "(none)", k, cents(s)) for g, n, k, s in rows]
        return sorted(found, key=(lambda r: r[0]) if timeline else (lambda r: (-r[3], r[0])))

    def feedback(self) -> list[tuple[Any, ...]]:
        rows = self.q(
            """SELECT c.code, c.name, COUNT(t.id) AS n, COUNT(t.satisfaction),
                      SUM(t.satisfaction), MIN(t.satisfaction)
                 FROM ticket t JOIN customer c ON c.id = t.customer_id
                WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND t.created_at >= ?
                  AND t.created_at < ? GROUP BY c.id, c.code, c.name ORDER BY n DESC, c.code""",
            self.stamps,
        )
        return [(a, b, n, k, share(s, k, 2), low) for a, b, n, k, s, low in rows]

    def funnel(self) -> list[tuple[Any, ...]]:
        case = " ".join(f"WHEN p.stage IN ('{a}', '{b}') THEN '{a}'" for a, b in STAGES)
        tomorrow = f"{self.today + dt.timedelta(days=1)} 00:00:00"
        found = {s or "": row for s, *row in self.q(
            f"""SELECT CASE {case} ELSE p.stage END AS s, COUNT(p.id), SUM(p.amount),
                       SUM(p.amount * p.probability)
                  FROM opportunity p JOIN customer c ON c.id = p.customer_id
                 WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL AND p.created_at < ?
                   AND (p.status = 'open' OR (p.status != 'open' AND p.closed_on > ?))
                 GROUP BY s""", (tomorrow, self.today.isoformat()))}  # fmt: skip
        listed = [a for a, _ in STAGES]
        others = sorted(s for s in found if s and s not in listed) + [""] * ("" in found)
        rows, reached = [], 0
        for stage in listed + others:
            n, s, w = found.get(stage, (0, 0, 0))
            weighted = (Decimal(int(w or 0)) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)
            rows.append([stage or "(none)", n, cents(s), weighted, None, None])
        for row in reversed(rows[: len(listed)]):
            reached += row[1]
            row[4] = reached
        for here, after in itertools.pairwise(rows[: len(listed)]):
            here[5] = share(after[4] * 100, here[4], 1)
        return [tuple(r) for r in rows]

    def cycle(self) -> list[tuple[Any, ...]]:
        rows = self.q(
            """SELECT u.login, u.display, CAST(julianday(date(p.closed_on))
                      - julianday(date(p.created_at)) AS INTEGER) AS d, COUNT(p.id)
                 FROM opportunity p JOIN customer c ON c.id = p.customer_id
                 JOIN "user" u ON u.id = p.owner_id
                WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL AND p.status = 'won'
                  AND p.closed_on >= ? AND p.closed_on <= ?
                GROUP BY u.login, u.display, d ORDER BY u.login, d""", self.days)  # fmt: skip
        people: dict[str, tuple[str, list[int]]] = {}
        for login, display, d, n in rows:
            people.setdefault(login, (display or login, []))[1].extend([d] * n)
        found = []
        for login, (display, days) in people.items():
            k = len(days)
            mid = Decimal(days[(k - 1) // 2] + days[k // 2]) / 2
            median = mid.quantize(Decimal("0.1"), ROUND_HALF_UP)
            found.append((login, display, k, share(sum(days), k, 1), median, days[0], days[-1]))
        return found

    def calls(self) -> dict[str, Callable[[], list[tuple[Any, ...]]]]:
        """preset name -> the hand-written version."""
        return {
            "receivables-aging": self.aging, "receivables-by-customer": self.by_customer,
            "top-customers-hobbies": self.hobbies, "lost-opportunities": self.lost,
            "time-spent": self.time_spent, "contacts-per-customer": self.contacts,
            "expenses": lambda: self.expenses("u.login", "u.display", False),
            "expense-trend": lambda: self.expenses("strftime('%Y-%m', e.spent_on)",
                                                   "strftime('%Y-%m', e.spent_on)", True),
            "service-feedback": self.feedback, "funnel": self.funnel,
            "contact-success": self.success, "deal-cycle": self.cycle,
        }  # fmt: skip
