"""The digest at scale: `crm today` for a user owning 1,000 customers in a big database vs.
the same user, with the same book of business, in a small one.

Both databases get a user `bench` owning --mine customers (spread evenly over the table),
each with contact records, a planned next contact, a contact with a birthday, an approved
order with a two-part payment plan, an order with a receivable date and a service line;
every other customer gets a contact record, and one in five an order with installments
and a service line too, so the tables the digest reads grow with the database. The
user's rows are drawn from the same seed in both, so both runs print the same digest
and only the size of what is around it differs. Target: ratio <= 1.2.

The big book (`_book.py`): in a copy of the demo database of --big customers, user
`bigbook` owns --book of them and `smallbook` --small-book, drawn evenly, with everything
the digest reads about them. `crm today -f json` of the first vs. the second: target
ratio <= 1.5; and the first's peak resident memory (its own, as GNU time reports it): under 100 MB.

    python bench/today_scale.py [--big 1000000] [--small 10000] [--mine 1000] [--runs 9]
        [--book 100000] [--small-book 1000] [--book-of N (default: --big)]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
from collections.abc import Callable, Iterator
from typing import Any

from _book import USERS, book_db, sync_copies
from _common import (
    Row,
    bench_env,
    build,
    checked,
    crm_command,
    limit_row,
    options,
    ratio_row,
    report,
    timed,
)

AS_OF = dt.date(2026, 6, 1)
CHUNK = 50_000


def _day(offset: int) -> str:
    return (AS_OF + dt.timedelta(days=offset)).isoformat()


def _stamp(offset: int) -> str:
    return f"{_day(offset)} 09:00:00"


class _Rows:
    """Row tuples for the bench user's book (seeded) and for everyone else's."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def activities(self, customer: int, user: int, count: int) -> list[tuple[Any, ...]]:
        rows = []
        for n in range(count):
            start = -self.rng.randint(1, 90)
            planned = _day(self.rng.randint(-10, 20)) if n == count - 1 else None
            rows.append((customer, user, "phone", _stamp(start), f"回访 {n}", "continue",
                         planned, "remind" if planned else "", "跟进报价", _stamp(start),
                         _stamp(start)))  # fmt: skip
        return rows

    def order(self, customer: int, owner: int, due: str | None) -> tuple[Any, ...]:
        total = self.rng.randint(1_000, 10_000_000)
        code = f"BSO{customer:08d}{'R' if due else 'P'}"  # at most one of each per customer
        return (code, customer, owner, "sale", "approved", due, total, 0, 0,
                _stamp(-30), _stamp(-30))  # fmt: skip


def add_book(size: int, mine: int) -> None:
    """The bench user, their customers and records, and everyone else's records."""
    from crm_cli.store.core import users
    from crm_cli.store.core.db import db_proxy

    admin = users.resolve_actor("admin")
    bench = users.add_user(admin, "bench", role="sales", display="Bench")
    database = db_proxy.obj
    step = max(size // mine, 1)
    ids = [1 + k * step for k in range(mine)]
    conn = database.connection()
    with database.atomic():
        conn.executemany(
            "UPDATE customer SET owner_id = ? WHERE id = ?", [(bench.id, i) for i in ids]
        )
        product = _product(conn)
        _fill(conn, ids, bench.id, product, _Rows(seed=7), own=True)
        taken = set(ids)
        others = [i for i in range(1, size + 1) if i not in taken]
        owners = [row[0] for row in conn.execute("SELECT id FROM user WHERE login != 'bench'")]
        for part in _chunks(others):
            _fill(conn, part, owners, product, _Rows(seed=part[0]), own=False)
        _derive(conn)
        sync_copies(conn, None)
    print(f"\n  bench owns {mine:,} customers; {len(others):,} others have records too", flush=True)


def _product(conn: Any) -> int:
    conn.execute(
        "INSERT INTO product (code, name, category, subcategory, unit, price, notes,"
        " created_at, updated_at) VALUES ('BENCH-SVC', '年度维护服务', '服务', '', '年',"
        " 120000, '', ?, ?)", (_stamp(-400), _stamp(-400)),
    )  # fmt: skip
    return int(conn.execute("SELECT id FROM product WHERE code = 'BENCH-SVC'").fetchone()[0])


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _fill(conn: Any, ids: list[int], owner: Any, product: int, rows: _Rows, own: bool) -> None:
    """Contact records, orders, installments, service lines (and birthdays) for ``ids``."""
    pick: Callable[[], int] = (lambda: owner) if own else (lambda: rows.rng.choice(owner))
    acts, orders = [], []
    for customer in ids:
        user = pick()
        acts.extend(rows.activities(customer, user, 3 if own else 1))
        if own or customer % 5 == 0:
            orders.append(rows.order(customer, user, None))
            orders.append(rows.order(customer, user, _day(rows.rng.randint(-20, 40))))
    conn.executemany(
        "INSERT INTO activity (customer_id, user_id, method, started_at, summary, result,"
        " next_date, next_status, next_note, created_at, updated_at, purpose, reason, place,"
        " project, order_ref, failure_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,'','','','','','')",
        acts,
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO sales_order (code, customer_id, owner_id, kind, status, due, total,"
        " received, settled, created_at, updated_at, subject, reject_reason, cancel_reason,"
        " notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,'','','','')", orders,
    )  # fmt: skip
    first = conn.execute("SELECT min(id) FROM sales_order WHERE code = ?", (orders[0][0],))
    base = int(first.fetchone()[0])
    plans, lines = [], []
    for n in range(0, len(orders), 2):  # the first of each pair has a plan and a service line
        order_id, total = base + n, orders[n][6]
        half = total // 2
        plans.append((order_id, 1, _day(rows.rng.randint(-30, 0)), half, half))
        plans.append((order_id, 2, _day(rows.rng.randint(-5, 25)), total - half, 0))
        lines.append((order_id, 1, product, 1000, total, 0, total, 120000,
                      _day(rows.rng.randint(-60, 300))))  # fmt: skip
    conn.executemany("INSERT INTO installment (order_id, number, due, amount, received)"
                     " VALUES (?,?,?,?,?)", plans)  # fmt: skip
    conn.executemany(
        "INSERT INTO order_line (order_id, position, product_id, quantity, unit_price,"
        " discount, amount, annual_fee, service_end) VALUES (?,?,?,?,?,?,?,?,?)", lines,
    )  # fmt: skip
    reminders = [(pick(), c, f"提醒 {c}", _stamp(rows.rng.randint(-3, 30)), _stamp(-5))
                 for c in ids[:: 10 if own else 50]]  # fmt: skip
    conn.executemany("INSERT INTO reminder (user_id, customer_id, text, due_at, created_at)"
                     " VALUES (?,?,?,?,?)", reminders)  # fmt: skip
    if own:  # one contact per customer of the user has a birthday
        born = [(f"19{rows.rng.randint(60, 99)}-{_day(rows.rng.randint(-30, 30))[5:]}", c)
                for c in ids]  # fmt: skip
        conn.executemany("UPDATE contact SET birthday = ? WHERE id = (SELECT min(id) FROM"
                         " contact WHERE customer_id = ?)", born)  # fmt: skip


def _derive(conn: Any) -> None:
    """Customers' next contact and last contact from their newest record (as the store does)."""
    conn.execute(
        "UPDATE customer SET (last_contact, next_contact, latest_progress) = ("
        " SELECT date(a.started_at), CASE a.next_status WHEN 'remind' THEN a.next_date END,"
        " a.summary FROM activity a WHERE a.customer_id = customer.id"
        " ORDER BY a.started_at DESC, a.id DESC LIMIT 1)"
        " WHERE id IN (SELECT DISTINCT customer_id FROM activity)"
    )


def same_book_rows(args: argparse.Namespace) -> list[Row]:
    """The same user and book in a big and a small database."""
    paths = {size: args.data / f"today-{size}-{args.mine}" / "crm.db"
             for size in (args.big, args.small)}  # fmt: skip
    for size, path in paths.items():
        build(path, size, functools.partial(add_book, size, args.mine))
    envs = {size: {**bench_env(path), "CRM_USER": "bench"} for size, path in paths.items()}
    counts: dict[int, dict[str, int]] = {}
    argv = [*crm_command(), "today", "--as-of", AS_OF.isoformat(), "--format", "json"]
    times: dict[int, list[float]] = {size: [] for size in paths}
    for run in range(args.runs + 1):  # the first round warms caches, not counted
        for size in paths:
            seconds = timed(argv, envs[size], _digest("bench", counts, size))
            if run:
                times[size].append(seconds)
    for size in paths:
        print(f"  items at {size:,}: {counts[size]}")
    label = f"today, user owning {args.mine:,}, {args.big:,} vs {args.small:,} customers"
    return [ratio_row(label, times[args.big], times[args.small], 1.2)]


def _digest(user: str, counts: dict[Any, dict[str, int]], key: Any) -> Callable[[str], None]:
    def check(stdout: str) -> None:
        data = json.loads(stdout)
        if data["user"] != user or not data["items"]:
            raise SystemExit(f"unexpected digest: {stdout[:200]}")
        counts[key] = data["counts"]

    return check


def big_book_rows(args: argparse.Namespace) -> list[Row]:
    """A user owning --book of --big customers vs. one owning --small-book, same database."""
    size = args.book_of or args.big
    path, as_of = book_db(args.data, size, args.book, args.small_book)
    argv = [*crm_command(), "today", "--as-of", as_of.isoformat(), "--format", "json"]
    envs = {login: {**bench_env(path), "CRM_USER": login} for login in USERS}
    counts: dict[str, dict[str, int]] = {}
    times: dict[str, list[float]] = {login: [] for login in USERS}
    peaks: dict[str, list[float]] = {login: [] for login in USERS}
    for run in range(args.runs + 1):  # the first round warms caches, not counted
        for login in USERS:
            done = checked(argv, envs[login], _digest(login, counts, login))
            if run:
                times[login].append(done.seconds)
                peaks[login].append(done.peak_mb)
    big, small = USERS
    for login in USERS:
        print(f"  {login} items: {counts[login]}")
    missing = [k for k, n in counts[small].items() if n and not counts[big][k]]
    if missing:
        raise SystemExit(f"the big book lacks kinds the small one has: {missing}")
    books = f"{args.book:,} vs {args.small_book:,} of {size:,} customers"
    return [
        ratio_row(f"today, user owning {books}", times[big], times[small], 1.5),
        limit_row(f"today peak memory, user owning {args.book:,} of {size:,}",
                  max(peaks[big]), "MB", 100, f"{max(peaks[small]):,.0f} MB (small book)"),
    ]  # fmt: skip


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--big", type=int, default=1_000_000, help="customers in the big one")
    parser.add_argument("--small", type=int, default=10_000, help="customers in the small one")
    parser.add_argument("--mine", type=int, default=1_000, help="customers the user owns")
    parser.add_argument("--book", type=int, default=100_000, help="the big book, of --big")
    parser.add_argument("--small-book", type=int, default=1_000, help="the small book")
    parser.add_argument("--book-of", type=int, help="customers around the books (default --big)")
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each")
    args = parser.parse_args()
    found = same_book_rows(args) + big_book_rows(args)
    report("crm today -f json", found, "targets: same book <= 1.2; big book <= 1.5, < 100 MB",
           args.json)  # fmt: skip


if __name__ == "__main__":
    main()
