"""The presets about money owed, time, service and the pipeline (issue 15, RPT-2) on --size
demo customers, each against the same figures by hand-written SQL on a raw sqlite3
connection (`_presets_more_anchor.py`), in one run, interleaved.

The database is a copy of the demo database of `search_scale.py` (the shared cached file is
only read): the copy is migrated and gets approved expenses at one per 20 customers (the
demo writes none). Ours: `presets.run_preset` as an admin (every record counts), in
process, the store already open; flows cover the as-of day's year, states (aging,
receivables, funnel) stand as of that day. Both sides must give the same rows. Then peak
resident memory of one process running every preset once. Target: ratio <= 1.5 for each,
peak < 200 MB.

    python bench/report_presets_more.py [--size 1000000] [--runs 5] [--only NAME,…]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import Row, limit_row, options, ratio_row, report, run, up_to_date
from _derived import derived_db
from _presets_more_anchor import Anchor

HERE = Path(__file__).resolve().parent
STATES = ("receivables-aging", "receivables-by-customer", "funnel")
NAMES = ["contact-success", "contacts-per-customer", "deal-cycle", "expense-trend", "expenses",
         "funnel", "lost-opportunities", "receivables-aging", "receivables-by-customer",
         "service-feedback", "time-spent", "top-customers-hobbies"]  # fmt: skip


def presets_db(data: Path, size: int) -> tuple[Path, dt.date]:
    """The copy (built once) and the day its demo data was drawn for (the as-of day)."""
    return derived_db(data, "presets-more", size, _migrated_with_expenses)


def _migrated_with_expenses(path: Path) -> dt.date:
    up_to_date(f"sqlite:///{path}")  # migrated before the expenses go in
    return _add_expenses(path)


def _add_expenses(path: Path) -> dt.date:
    """Expenses of every 20th customer's owner over the year before the demo's day: three
    in four approved, every other one about that customer; returns the day."""
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        (stamp,) = con.execute("SELECT max(at) FROM op_log WHERE entity = 'customer'").fetchone()
        built_on = dt.date.fromisoformat(str(stamp)[:10])
        con.execute(
            """INSERT INTO expense (code, owner_id, spent_on, category, amount, customer_id,
                                    note, status, reject_reason, created_at, updated_at)
               SELECT 'EXB' || id, owner_id, date(?, '-' || (id % 365) || ' days'),
                      CASE id % 4 WHEN 0 THEN '交通' WHEN 1 THEN '餐饮' WHEN 2 THEN '礼品'
                      ELSE 'travel' END, (id % 500 + 1) * 100,
                      CASE WHEN id % 40 = 0 THEN id END, '',
                      CASE WHEN id % 80 = 20 THEN 'submitted' ELSE 'approved' END, '',
                      ?, ?
                 FROM customer WHERE id % 20 = 0 AND owner_id IS NOT NULL""",
            (built_on.isoformat(), f"{built_on} 09:00:00", f"{built_on} 09:00:00"),
        )  # fmt: skip
    return built_on


def cases(as_of: dt.date, only: list[str] | None) -> list[tuple[str, Any]]:
    """(preset, Params) of each preset measured: flows over the as-of year."""
    from crm_cli.store.analysis import periods, presets

    year = periods.parse_period(str(as_of.year), as_of)
    names = only or NAMES
    return [(n, presets.Params(None if n in STATES else year, as_of, {})) for n in names]


def timing(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def compare(ours_call: Callable[[], Any], hand_call: Callable[[], Any], runs: int,
            name: str) -> tuple[list[float], list[float], int]:  # fmt: skip
    """Times of both sides over ``runs`` rounds after a warm-up one, taking turns; stops
    when the two disagree. Also the number of rows."""
    ours: list[float] = []
    theirs: list[float] = []
    rows = 0
    for turn in range(runs + 1):
        if turn % 2:
            mine, got = timing(ours_call)
            hand, expected = timing(hand_call)
        else:
            hand, expected = timing(hand_call)
            mine, got = timing(ours_call)
        table = [tuple(row[c.name] for c in got.columns) for row in got.rows]
        if table != expected:
            pairs = enumerate(zip(table, expected, strict=False))
            first = next((i for i, (a, b) in pairs if a != b), None)
            raise SystemExit(f"{name}: different rows ({len(table)} vs {len(expected)}), "
                             f"first at {first}")  # fmt: skip
        rows = len(table)
        if turn:
            ours.append(mine)
            theirs.append(hand)
    return ours, theirs, rows


def child(path: str, as_of: str) -> None:
    """Run every preset once (the peak memory's process)."""
    from crm_cli.store import domains
    from crm_cli.store.analysis import presets
    from crm_cli.store.core import users

    domains.open_store(f"sqlite:///{path}")
    admin = users.resolve_actor("admin")
    for name, params in cases(dt.date.fromisoformat(as_of), None):
        presets.run_preset(admin, name, params)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    parser = options(__doc__ or "")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="presets, comma-separated (default: every one)")
    args = parser.parse_args()
    path, as_of = presets_db(args.data, args.size)

    from crm_cli.store import domains
    from crm_cli.store.analysis import presets
    from crm_cli.store.core import users

    domains.open_store(f"sqlite:///{path}")
    admin = users.resolve_actor("admin")
    anchor = Anchor(str(path), as_of, as_of.year).calls()
    rows: list[Row] = []
    only = args.only.split(",") if args.only else None
    for name, params in cases(as_of, only):
        ours_call = lambda n=name, p=params: presets.run_preset(admin, n, p)  # noqa: E731
        ours, theirs, count = compare(ours_call, anchor[name], args.runs, name)
        when = f"as of {as_of}" if name in STATES else f"{as_of.year}"
        rows.append(ratio_row(f"{name}, {when}, {args.size:,} customers ({count:,} rows)",
                              ours, theirs, 1.5))  # fmt: skip
    done = run([sys.executable, str(HERE / "report_presets_more.py"), "--child", str(path),
                as_of.isoformat()], env=dict(os.environ))  # fmt: skip
    if done.code != 0:
        raise SystemExit(f"the memory run failed: {done.stderr[-2000:]}")
    rows.append(limit_row("peak memory, every preset once in one process", done.peak_mb, "MB",
                          200))  # fmt: skip
    report("crm report run (money owed, time, service, pipeline) at scale", rows,
           "target: ratio <= 1.5 each, peak < 200 MB", args.json)  # fmt: skip


if __name__ == "__main__":
    main()
