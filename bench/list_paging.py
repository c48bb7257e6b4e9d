"""List paging: the first page (50 rows) of every list command on a big database vs. a small one.

The lists of the demo data (`search_scale.py` databases, where opportunities, quotes,
orders, contact records and reminders grow with the customers): `customer list --sort
name`, `contact list`, `contact history` (the contact-record log), `opportunity list`,
`quote list`, `order list`, `receivable list` (and `--by-customer`), and `remind list` as
the sales user `wang` (reminders are per user). The pool's lists on the `pool_reclaim.py`
databases (every customer in the pool, a tenth returned once so the log has rows): `pool
list`, `pool log`.

A command with `--limit` runs as `--limit 50 -f csv` to its end. One without (its
`--help` is read each time) is timed to its 50th row of `-f csv`, then the pipe is closed
as `head` would: the first page a person sees; its row says "no --limit".
Each run must print rows. A list whose warm-up page took over a minute is timed once.
Target: ratio <= 1.2.

    python bench/list_paging.py [--big 1000000] [--small 1000] [--runs 5] [--data DIR]
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from _common import (
    Row,
    bench_env,
    checked,
    copy_database,
    crm_command,
    options,
    ratio_row,
    report,
    up_to_date,
)
from pool_reclaim import AS_OF, build, check_returned
from search_scale import search_db
from stream_csv import QUIET_CODES, drain

PAGE = 50
SLOW_S = 60.0  # a first page slower than this is timed once, not --runs times
# (command words, options, acting user)
DEMO_LISTS = [
    (("customer", "list"), ("--sort", "name"), "admin"),
    (("contact", "list"), (), "admin"),
    (("contact", "history"), (), "admin"),
    (("opportunity", "list"), (), "admin"),
    (("quote", "list"), (), "admin"),
    (("order", "list"), (), "admin"),
    (("receivable", "list"), (), "admin"),
    (("receivable", "list"), ("--by-customer",), "admin"),
    (("remind", "list"), (), "wang"),
]
POOL_LISTS = [(("pool", "list"), (), "admin"), (("pool", "log"), (), "admin")]


def pool_db(data: Path, size: int) -> Path:
    """`size` customers, all in the pool and held, a tenth returned by one reclaim."""
    due = max(size // 10, 1)
    base = data / f"reclaim-{size}-{due}" / "base.db"
    build(base, size, due)
    path, ready = base.with_name("paging.db"), base.with_name("paging.db.ready")
    if not ready.exists():
        copy_database(base, path)
        checked([*crm_command(), "pool", "reclaim", "--as-of", AS_OF], bench_env(path),
                lambda _: None)  # fmt: skip
        check_returned(path, due, "the paging database's reclaim")
        ready.write_text(f"{size}\n")
    up_to_date(f"sqlite:///{path}")
    return path


def has_limit(words: tuple[str, ...], env: dict[str, str]) -> bool:
    argv = [*crm_command(), *words, "--help"]
    return "--limit" in subprocess.run(argv, env=env, capture_output=True, text=True).stdout


def first_page(argv: list[str], env: dict[str, str], limited: bool) -> tuple[float, int]:
    """Seconds to the first page, and its rows."""
    if limited:
        done = checked([*argv, "--limit", str(PAGE), "-f", "csv"], env, lambda _: None)
        return done.seconds, done.stdout.count("\n") - 1
    got = drain([*argv, "-f", "csv"], env, stop_after=PAGE + 1)
    if got.code not in QUIET_CODES and got.lines < PAGE + 1:
        raise SystemExit(f"{' '.join(argv)} exited {got.code}: {got.stderr.strip()[-500:]}")
    return got.seconds, min(got.lines - 1, PAGE)


def measure(
    words: tuple[str, ...], extra: tuple[str, ...], envs: dict[int, dict[str, str]], runs: int
) -> Row:
    sizes = list(envs)
    limited = has_limit(words, envs[sizes[0]])
    argv = [*crm_command(), *words, *extra]
    times: dict[int, list[float]] = {size: [] for size in sizes}
    shown: dict[int, int] = {}
    rounds, run = runs + 1, 0
    while run < rounds:  # the first round warms caches, not counted
        for size in sizes:
            seconds, shown[size] = first_page(argv, envs[size], limited)
            if shown[size] < 1:
                raise SystemExit(f"{' '.join(argv)} printed no rows on {size:,} customers")
            if run:
                times[size].append(seconds)
            elif seconds > SLOW_S:  # minutes a page: one timed round tells as much
                rounds = 2
        run += 1
    how = f"--limit {PAGE}" if limited else f"no --limit: to row {PAGE}"
    label = (f"{' '.join([*words, *extra])} first page ({how}), {sizes[0]:,} vs {sizes[1]:,}"
             f" customers, {shown[sizes[0]]} vs {shown[sizes[1]]} rows")  # fmt: skip
    return ratio_row(label, times[sizes[0]], times[sizes[1]], 1.2)


def rows(args: argparse.Namespace) -> list[Row]:
    sizes = (args.big, args.small)
    demo = {size: search_db(args.data, size) for size in sizes}
    pool = {size: pool_db(args.data, size) for size in sizes}
    found = []
    for dbs, lists in ((demo, DEMO_LISTS), (pool, POOL_LISTS)):
        for words, extra, user in lists:
            envs = {size: {**bench_env(path), "CRM_USER": user} for size, path in dbs.items()}
            found.append(measure(words, extra, envs, args.runs))
            print(f"  {found[-1].figure}: {found[-1].ratio}", flush=True)
    return found


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--big", type=int, default=1_000_000, help="customers in the big one")
    parser.add_argument("--small", type=int, default=1_000, help="customers in the small one")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each list")
    args = parser.parse_args()
    report(f"first page of each list: {args.big:,} customers (ours) vs {args.small:,} (anchor)",
           rows(args), "target ratio <= 1.2", args.json)  # fmt: skip


if __name__ == "__main__":
    main()
