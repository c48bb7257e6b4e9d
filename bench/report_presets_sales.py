"""Every selling preset (issue 15, RPT-2) on a database of --size demo customers, against
the same figures by hand-written SQL on a raw sqlite3 connection, in one run.

The database is the copy of the demo database that `target_attainment.py` makes (the
shared cached file is only read; the copy has targets for the year, quarter and month of
the day the data was drawn for). Ours: `presets.run_preset` in process as the admin, for
the year of that day, the store already open. The anchor: `report_presets_sales_anchor`,
the same grouped queries on a connection with the store's page cache. Both must give the
same rows. Rounds alternate which side goes first. Targets: ratio <= 1.5 for each preset;
and the peak resident memory of a process that runs every preset once (its own, as GNU
time reports it) under 200 MB.

    python bench/report_presets_sales.py [--size 1000000] [--runs 9]
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from _common import Row, limit_row, options, ratio_row, report, run
from report_presets_sales_anchor import Anchor
from target_attainment import target_db

PEAK_MB = 200


class Case(NamedTuple):
    preset: str
    options: dict[str, str]
    anchor: Callable[[], Any]


def cases(anchor: Anchor, seller: str, as_of: dt.date) -> list[Case]:
    return [
        Case("buyers-by-source", {}, anchor.buyers_by_source),
        Case("customer-value", {}, anchor.customer_value),
        Case("new-buyers", {}, anchor.new_buyers),
        Case("salesperson", {"user": seller}, lambda: anchor.salesperson(seller)),
        Case("leaderboard", {}, anchor.leaderboard),
        Case("weak-products", {}, anchor.weak_products),
        Case("sales-trend", {}, anchor.sales_trend),
        Case("sales-composition", {}, anchor.composition_by_source),
        Case("sales-composition", {"by": "customer"}, lambda: anchor.composition("customer")),
        Case("sales-composition", {"by": "category"}, lambda: anchor.composition("category")),
        Case("profit", {}, anchor.profit),
        Case("attainment", {}, lambda: anchor.attainment(as_of)),
    ]


def figures(result: Any) -> Any:
    """Our report as the anchor gives it: row tuples, or attainment's actual figures."""
    if result.name == "attainment":
        return {(r["scope"], r["name"], r["metric"]): r["actual"] for r in result.rows}
    return [tuple(row.values()) for row in result.rows]


def timing(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def compare(
    ours_call: Callable[[], Any], hand_call: Callable[[], Any], runs: int, label: str
) -> tuple[list[float], list[float], int]:
    """Times of both sides over ``runs`` rounds after a warm-up one, and the rows;
    stops when the two disagree."""
    ours: list[float] = []
    theirs: list[float] = []
    count = 0
    for n in range(runs + 1):  # the first round warms the caches, not counted
        if n % 2:
            mine, got = timing(ours_call)
            hand, expected = timing(hand_call)
        else:
            hand, expected = timing(hand_call)
            mine, got = timing(ours_call)
        found = figures(got)
        if found != expected:
            raise SystemExit(f"{label}: different figures:\n{found}\nvs\n{expected}")
        count = len(found)
        if n:
            ours.append(mine)
            theirs.append(hand)
    return ours, theirs, count


def open_ours(path: Path, as_of: dt.date) -> Callable[[Case], Callable[[], Any]]:
    from crm_cli.store import domains
    from crm_cli.store.analysis import periods, presets
    from crm_cli.store.core import users

    domains.open_store(f"sqlite:///{path}")
    admin = users.resolve_actor("admin")
    year = periods.parse_period(str(as_of.year), as_of)

    def caller(case: Case) -> Callable[[], Any]:
        params = presets.Params(year, as_of, case.options)
        return lambda: presets.run_preset(admin, case.preset, params)

    return caller


def child(path: Path, as_of: dt.date, seller: str) -> None:
    """Every preset once, for the parent to read this process's peak memory."""
    caller = open_ours(path, as_of)
    for case in cases(Anchor(path, as_of.year), seller, as_of):  # the anchor stays unused
        caller(case)()


def peak(path: Path, as_of: dt.date, seller: str) -> float:
    argv = [sys.executable, __file__, "--child", str(path), as_of.isoformat(), seller]
    done = run(argv, dict(os.environ))
    if done.code != 0:
        raise SystemExit(f"the memory run failed: {done.stderr[-2000:]}")
    return done.peak_mb


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), dt.date.fromisoformat(sys.argv[3]), sys.argv[4])
        return
    parser = options(__doc__ or "")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    path, as_of = target_db(args.data, args.size)
    anchor = Anchor(path, as_of.year)
    seller = anchor.top_seller()
    caller = open_ours(path, as_of)
    rows: list[Row] = []
    for case in cases(anchor, seller, as_of):
        shown = " ".join(f"--{k} {v}" for k, v in case.options.items())
        label = f"{case.preset} {shown}".strip()
        ours, theirs, count = compare(caller(case), case.anchor, args.runs, label)
        figure = f"report run {label} --period {as_of.year} ({count} rows), {args.size:,} customers"
        rows.append(ratio_row(figure, ours, theirs, 1.5))
        print(rows[-1].figure, rows[-1].ratio, flush=True)
    top = peak(path, as_of, seller)
    rows.append(limit_row(f"every selling preset once, peak memory, {args.size:,} customers",
                          top, "MB", PEAK_MB))  # fmt: skip
    report("crm report run (selling presets) at scale", rows,
           "target: ratio <= 1.5 each; peak memory under 200 MB", args.json)  # fmt: skip


if __name__ == "__main__":
    main()
