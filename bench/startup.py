"""Start-up: `crm customer add <name>` into a big database vs. `python -c "import typer, peewee"`.

The add is real: a fresh Chinese company name each run, no --allow-duplicate, so the
duplicate check runs against every customer. Target: ratio <= 1.3.

    python bench/startup.py [--size 100000] [--runs 17] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from _common import Row, bench_env, build, crm_command, options, ratio_row, report, timed

ANCHOR = [sys.executable, "-c", "import typer, peewee"]


def rows(args: argparse.Namespace) -> list[Row]:
    db_path = args.data / f"startup-{args.size}" / "crm.db"
    build(db_path, args.size)
    env = bench_env(db_path)
    crm = crm_command()
    stamp = f"{int(time.time()) % 100000:05d}{os.getpid() % 100:02d}"

    def add(run: int) -> list[str]:
        # A number inside the name keeps it unique without matching a demo keyword.
        return [*crm, "customer", "add", f"杭州市云帆{stamp}{run:03d}号网络科技有限公司"]

    def added(stdout: str) -> None:
        if "云帆" not in stdout:
            raise SystemExit(f"the add printed no record: {stdout!r}")

    for warm in range(2):  # writes the bytecode caches and warms the OS file cache
        timed(add(900 + warm), env, added)
        timed(ANCHOR, env, lambda _: None)
    ours: list[float] = []
    anchor: list[float] = []
    for run in range(args.runs):  # interleaved, so a busy moment hits both sides
        ours.append(timed(add(run), env, added))
        anchor.append(timed(ANCHOR, env, lambda _: None))
    label = f'customer add into {args.size:,} customers vs python -c "import typer, peewee"'
    return [ratio_row(label, ours, anchor, 1.3)]


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="customers in the database")
    parser.add_argument("--runs", type=int, default=17, help="timed runs of each command")
    args = parser.parse_args()
    title = f"crm customer add into {args.size:,} customers, bytecode cached"
    report(title, rows(args), 'anchor: python -c "import typer, peewee"; target ratio <= 1.3',
           args.json)  # fmt: skip


if __name__ == "__main__":
    main()
