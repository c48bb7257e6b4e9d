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
from pathlib import Path

from _common import DEFAULT_DATA, bench_env, build, crm_command, print_table, summary_row, timed

ANCHOR = [sys.executable, "-c", "import typer, peewee"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="customers in the database")
    parser.add_argument("--runs", type=int, default=17, help="timed runs of each command")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where databases live")
    args = parser.parse_args()
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
    version = sys.version.split()[0]
    print(f"\n{' '.join(crm)} customer add … into {args.size:,} customers (python {version};"
          " PYTHONDONTWRITEBYTECODE unset: bytecode cached)\n")  # fmt: skip
    header = ["command", "median", "anchor median", "ratio", "best", "runs"]
    print_table(header, [summary_row("crm customer add", ours, anchor)])
    print('\nanchor: python -c "import typer, peewee"; target ratio <= 1.3')


if __name__ == "__main__":
    main()
