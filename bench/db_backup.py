"""Backups: `crm db backup FILE` of a SQLite demo database vs. the sqlite3 shell's `.backup`.

On the demo database of `search_scale.py` (--size customers): `crm db backup OUT --quiet`
(Python sqlite3's online backup API, then the copy switched to a rollback journal) against
`sqlite3 DB ".backup OUT"` on the same database, interleaved, each writing a new file
(the previous one deleted first). Every backup is checked afterwards, outside the timing:
it opens, passes `PRAGMA quick_check` and holds every customer. Without a `sqlite3` on the
PATH the anchor is python's sqlite3 backup in a process of its own (the table says which).
Target: ratio <= 1.5.

    python bench/db_backup.py [--size 100000] [--runs 5] [--data DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from _common import Row, bench_env, crm_command, options, ratio_row, report, timed
from search_scale import search_db

FALLBACK = """
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)
"""


def anchor_argv(db: Path, out: Path) -> tuple[list[str], str]:
    shell = shutil.which("sqlite3")
    if shell:
        return [shell, str(db), f".backup '{out}'"], "sqlite3 .backup"
    return [sys.executable, "-c", FALLBACK, str(db), str(out)], "python sqlite3 backup (no sqlite3)"


def customers(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return int(con.execute("SELECT count(*) FROM customer").fetchone()[0])


def whole(out: Path, expected: int) -> Callable[[str], None]:
    """A check of the backup at ``out`` once its command has ended."""

    def check(_stdout: str) -> None:
        with contextlib.closing(sqlite3.connect(out)) as con:
            state = con.execute("PRAGMA quick_check").fetchone()[0]
            found = int(con.execute("SELECT count(*) FROM customer").fetchone()[0])
        if state != "ok" or found != expected:
            raise SystemExit(f"{out}: quick_check {state!r}, {found:,} of {expected:,} customers")

    return check


def fresh(*paths: Path) -> None:
    for path in paths:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def rows(args: argparse.Namespace) -> list[Row]:
    db = search_db(args.data, args.size)
    expected = customers(db)
    env = bench_env(db)
    out_dir = args.data / "backup-out"
    out_dir.mkdir(parents=True, exist_ok=True)
    ours_out, theirs_out = out_dir / "crm.db", out_dir / "sqlite3.db"
    ours_argv = [*crm_command(), "db", "backup", str(ours_out), "--quiet"]
    theirs_argv, anchor_name = anchor_argv(db, theirs_out)
    ours: list[float] = []
    anchor: list[float] = []
    for run in range(-1, args.runs):  # run -1 warms the bytecode and the file cache
        fresh(ours_out, theirs_out)
        mine = timed(ours_argv, env, whole(ours_out, expected))
        theirs = timed(theirs_argv, env, whole(theirs_out, expected))
        if run >= 0:  # interleaved, so a busy moment hits both sides
            ours.append(mine)
            anchor.append(theirs)
    fresh(ours_out, theirs_out)
    size = db.stat().st_size / 1024**2
    label = f"db backup of {args.size:,} customers ({size:,.0f} MB) vs {anchor_name}"
    return [ratio_row(label, ours, anchor, 1.5)]


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="customers in the database")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side")
    args = parser.parse_args()
    report(f"crm db backup of {args.size:,} demo customers", rows(args),
           "anchor: the sqlite3 shell's .backup of the same database; target ratio <= 1.5",
           args.json)  # fmt: skip


if __name__ == "__main__":
    main()
