"""A department's attainment (TGT-1) with --size demo customers and their orders, against
the same figures computed by hand-written SQL on a raw sqlite3 connection, in one run.

The database is a copy of the demo database of `search_scale.py` (the shared cached file is
only read: its copy is migrated, and gets targets for department 华南销售部 and each of its
people for every metric). Ours: `attainment.subject_attainment` in process, the store
already open. The anchor: the department's people, the targets, and one grouped SUM or
COUNT per metric plus the pipeline, on a connection with the store's page cache. Both
must give the same figures. Target: ratio <= 1.5 for each period (a year, a quarter, a month).

    python bench/target_attainment.py [--size 1000000] [--runs 9] [--periods year,quarter,month]
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import Row, options, ratio_row, report
from _derived import demo_day, derived_db

DEPARTMENT = "华南销售部"
AMOUNTS = {"orders": "5000000", "receipts": "4000000", "new_customers": "20000",
           "contacts": "100000"}  # fmt: skip
CACHE_PAGES = -65536  # the store's cache_size (core.db): same page cache on both sides


def target_db(data: Path, size: int) -> tuple[Path, dt.date]:
    """The copy (built once) and the day its demo data was drawn for (the --as-of)."""
    return derived_db(data, "target", size, _with_targets)


def _with_targets(path: Path) -> dt.date:
    built_on = demo_day(path)
    _set_targets(path, built_on)
    return built_on


def _set_targets(path: Path, day: dt.date) -> None:
    """Migrate the copy (migration 0013 and its indexes) and set the targets."""
    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.targets import periods, targets

    domains.open_store(f"sqlite:///{path}")
    admin = users.resolve_actor("admin")
    people = [u.login for u in users.list_users(admin) if u.department == DEPARTMENT]
    for kind in periods.KINDS:
        label = periods.containing(kind, day).label
        targets.set_targets(admin, department=DEPARTMENT, period=label, amounts=AMOUNTS)
        for login in people:
            targets.set_targets(admin, user=login, period=label, amounts=AMOUNTS)
    db.close_store()


class Anchor:
    """The same figures by hand-written SQL: per person, then the department's sums."""

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(path)
        self.con.execute(f"PRAGMA cache_size = {CACHE_PAGES}")

    def figures(self, first: dt.date, last: dt.date, until: dt.date) -> dict[str, Any]:
        q = self.con.execute
        people = [r[0] for r in q('SELECT id FROM "user" WHERE department = ?', (DEPARTMENT,))]
        marks = ",".join("?" * len(people))
        days = (first.isoformat(), until.isoformat())
        stamps = (f"{first} 00:00:00", f"{until + dt.timedelta(days=1)} 00:00:00")
        subjects = [f"department:{DEPARTMENT}", *(f"user:{p}" for p in people)]
        kind = _kind(first, last)
        targets = q(
            f"SELECT subject, metric, amount FROM sales_target WHERE subject IN "
            f"({','.join('?' * len(subjects))}) AND period = ? AND starts_on = ?",
            (*subjects, kind, first.isoformat()),
        ).fetchall()
        sums = {
            "orders": q("SELECT owner_id, SUM(total) FROM sales_order WHERE owner_id IN "
                        f"({marks}) AND decided_at >= ? AND decided_at < ? AND status = "
                        "'approved' AND deleted_at IS NULL GROUP BY owner_id",
                        (*people, *stamps)),
            "receipts": q("SELECT o.owner_id, SUM(p.amount) FROM payment p JOIN sales_order o "
                          f"ON o.id = p.order_id WHERE o.owner_id IN ({marks}) AND p.paid_on "
                          ">= ? AND p.paid_on <= ? AND p.deleted_at IS NULL GROUP BY o.owner_id",
                          (*people, *days)),
            "new_customers": q("SELECT owner_id, COUNT(id) FROM customer WHERE owner_id IN "
                               f"({marks}) AND registered >= ? AND registered <= ? AND "
                               "deleted_at IS NULL GROUP BY owner_id", (*people, *days)),
            "contacts": q("SELECT user_id, COUNT(id) FROM activity WHERE user_id IN "
                          f"({marks}) AND started_at >= ? AND started_at < ? AND deleted_at "
                          "IS NULL GROUP BY user_id", (*people, *stamps)),
            "pipeline": q("SELECT owner_id, SUM(amount * probability) FROM opportunity WHERE "
                          f"owner_id IN ({marks}) AND status = 'open' AND close_date >= ? AND "
                          "close_date <= ? AND deleted_at IS NULL GROUP BY owner_id",
                          (*people, first.isoformat(), last.isoformat())),
        }  # fmt: skip
        found = {name: dict(rows.fetchall()) for name, rows in sums.items()}
        return {"people": people, "targets": targets, **found}


def _kind(first: dt.date, last: dt.date) -> str:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return {1: "month", 3: "quarter", 12: "year"}[months]


def department_totals(anchor: dict[str, Any]) -> dict[str, Decimal]:
    """The anchor's department figures, as the store prints them."""
    money = {"orders": 100, "receipts": 100, "pipeline": 10000}
    totals = {}
    for name in ("orders", "receipts", "new_customers", "contacts", "pipeline"):
        raw = sum(anchor[name].values())
        totals[name] = (Decimal(raw) / money.get(name, 1)).quantize(Decimal("0.01"))
    return totals


def ours_totals(rows: list[Any]) -> dict[str, Decimal]:
    dept = {r.metric: r for r in rows if r.scope == "department"}
    found = {metric: Decimal(r.actual).quantize(Decimal("0.01")) for metric, r in dept.items()}
    return {**found, "pipeline": dept["orders"].pipeline}


def timing(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def compare(
    ours_call: Callable[[], Any], hand_call: Callable[[], Any], runs: int
) -> tuple[list[float], list[float], dict[str, Decimal]]:
    """Times of both sides over ``runs`` rounds after a warm-up one, and our figures;
    stops when the two disagree."""
    ours: list[float] = []
    theirs: list[float] = []
    totals: dict[str, Decimal] = {}
    for run in range(runs + 1):  # the first round warms the caches, not counted
        # Turn about, so that neither side always runs on the caches the other warmed.
        if run % 2:
            mine, got = timing(ours_call)
            hand, raw = timing(hand_call)
        else:
            hand, raw = timing(hand_call)
            mine, got = timing(ours_call)
        totals, expected = ours_totals(got), department_totals(raw)
        if totals != expected:
            raise SystemExit(f"different figures: {totals} vs {expected}")
        if run:
            ours.append(mine)
            theirs.append(hand)
    return ours, theirs, totals


def main() -> None:
    parser = options(__doc__ or "")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--periods", default="year,quarter,month", help="kinds: year, quarter, month"
    )
    args = parser.parse_args()
    path, as_of = target_db(args.data, args.size)

    from crm_cli.store import domains
    from crm_cli.store.core import users
    from crm_cli.store.targets import attainment, periods

    domains.open_store(f"sqlite:///{path}")
    admin = users.resolve_actor("admin")
    anchor = Anchor(path)
    now = dt.datetime.combine(as_of, dt.time(18))
    rows: list[Row] = []
    for kind in args.periods.split(","):
        period = periods.containing(kind.strip(), as_of)
        ours_call = functools.partial(
            attainment.subject_attainment, admin, department=DEPARTMENT, period=period.label,
            now=now,
        )  # fmt: skip
        hand_call = functools.partial(anchor.figures, period.starts_on, period.ends_on, as_of)
        ours, theirs, totals = compare(ours_call, hand_call, args.runs)
        label = (f"department attainment, {period.label} as of {as_of}, {args.size:,} "
                 f"customers ({totals['orders']:,} in orders, {totals['contacts']:,.0f} "
                 "contact records)")  # fmt: skip
        rows.append(ratio_row(label, ours, theirs, 1.5))
    report("crm target show --department at scale", rows, "target: ratio <= 1.5", args.json)


if __name__ == "__main__":
    main()
