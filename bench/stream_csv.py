"""Streaming output: `crm customer list -f csv` of every customer, and `crm customer list | head`.

On the demo database of `search_scale.py` (--size customers):
- throughput: rows per second of `customer list -f csv` read to the end through a pipe,
  against the sqlite3 command-line shell printing the same columns of the same rows
  (`sqlite3 -csv -header DB "SELECT ..."`, joins for status and owner, money as 0.00), or,
  without a `sqlite3` on the PATH, python's sqlite3 + csv modules (the table says which).
  Both are checked to print every live customer. Target: ratio >= 0.25;
- memory: crm's peak resident memory (its own ru_maxrss) in that run. Target: < 150 MB;
- ending quietly: `customer list | head` and `customer list -f csv | head`, the reader
  closing the pipe after ten lines: crm must end with exit 0 or by SIGPIPE (141 in a
  shell), with nothing on stderr (no traceback, no "Exception ignored").

    python bench/stream_csv.py [--size 1000000] [--runs 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple, cast

from _common import (
    Row,
    bench_env,
    checked,
    crm_command,
    limit_row,
    options,
    peak_of,
    rate_row,
    report,
    with_peak,
)
from search_scale import search_db

# The columns `customer list -f csv` may print, as SQL over customer c, status s, user u.
SQL_OF = {
    "code": "c.code", "name": "c.name", "status": "s.name", "owner": "u.login",
    "city": "c.city", "phone": "c.phone", "last_contact": "c.last_contact",
    "next_contact": "c.next_contact", "balance_owed": "printf('%.2f', c.balance_owed / 100.0)",
    "level": "c.level", "email": "c.email", "province": "c.province",
}  # fmt: skip
FALLBACK = """
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
cur = con.execute(sys.argv[2])
out = csv.writer(sys.stdout, lineterminator="\\n")
out.writerow([d[0] for d in cur.description])
out.writerows(cur)
"""
QUIET_CODES = (0, 141, -signal.SIGPIPE)


class Stream(NamedTuple):
    seconds: float  # to the last line read
    peak_mb: float
    lines: int
    code: int
    stderr: str


def drain(argv: list[str], env: dict[str, str], stop_after: int | None = None) -> Stream:
    """Read ``argv``'s output through a pipe, counting lines; with ``stop_after``, close the
    pipe after that many lines, as `head` does."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        measured = argv if stop_after is not None else with_peak(argv)  # head: stderr as is
        proc = subprocess.Popen(measured, env=env, stdout=subprocess.PIPE, stderr=err)
        pipe = cast(io.BufferedReader, proc.stdout)
        lines = 0
        while chunk := pipe.read1(1 << 20):
            lines += chunk.count(b"\n")
            if stop_after is not None and lines >= stop_after:
                break
        seconds = time.perf_counter() - started
        pipe.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    peak, text = peak_of(text, usage.ru_maxrss / 1024)
    return Stream(seconds, peak, lines, code, text)


def anchor_argv(db: Path, columns: list[str]) -> tuple[list[str], str]:
    """The anchor's command for the same columns, and its name."""
    unknown = [c for c in columns if c not in SQL_OF]
    if unknown:
        raise SystemExit(f"customer list -f csv prints {unknown}: add them to SQL_OF")
    picked = ", ".join(f"{SQL_OF[c]} AS {c}" for c in columns)
    sql = (f"SELECT {picked} FROM customer c LEFT JOIN customer_status s ON s.id = c.status_id"
           " LEFT JOIN user u ON u.id = c.owner_id WHERE c.deleted_at IS NULL"
           " ORDER BY c.id DESC")  # fmt: skip
    shell = shutil.which("sqlite3")
    if shell:
        return [shell, "-csv", "-header", str(db), sql], "sqlite3 shell"
    return [sys.executable, "-c", FALLBACK, str(db), sql], "python sqlite3 + csv (no sqlite3)"


def _live(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as con:
        sql = "SELECT count(*) FROM customer WHERE deleted_at IS NULL"
        return int(con.execute(sql).fetchone()[0])


def throughput(args: argparse.Namespace, db: Path) -> list[Row]:
    env = bench_env(db)
    columns = checked([*crm_command(), "customer", "list", "-f", "csv", "-n", "1"], env,
                      lambda out: None).stdout.splitlines()[0].split(",")  # fmt: skip
    theirs_argv, anchor_name = anchor_argv(db, columns)
    ours_argv = [*crm_command(), "customer", "list", "-f", "csv"]
    expected = _live(db) + 1  # and the header
    ours: list[Stream] = []
    theirs: list[Stream] = []
    for run in range(args.runs + 1):  # the first round warms caches, not counted
        for argv, found in ((ours_argv, ours), (theirs_argv, theirs)):
            done = drain(argv, env)
            if done.code != 0 or done.lines != expected:
                raise SystemExit(f"{argv[0]}: exit {done.code}, {done.lines:,} lines, expected"
                                 f" {expected:,}: {done.stderr.strip()[-500:]}")  # fmt: skip
            if run:
                found.append(done)
    mine = (expected - 1) / statistics.median(s.seconds for s in ours)
    anchor = (expected - 1) / statistics.median(s.seconds for s in theirs)
    label = f"customer list -f csv, all {expected - 1:,} customers (median of {args.runs})"
    return [
        rate_row(f"{label}: throughput vs {anchor_name}", mine, anchor, "rows", 0.25),
        limit_row(f"{label}: peak memory", max(s.peak_mb for s in ours), "MB", 150,
                  f"{max(s.peak_mb for s in theirs):,.0f} MB"),
    ]  # fmt: skip


def quiet_head(db: Path, fmt: list[str]) -> Row:
    """`crm customer list [fmt] | head`: the reader leaves after ten lines."""
    argv = [*crm_command(), "customer", "list", *fmt]
    done = drain(argv, bench_env(db), stop_after=10)
    quiet = done.code in QUIET_CODES and not done.stderr.strip()
    said = done.stderr.strip().splitlines()[-1][:80] if done.stderr.strip() else "nothing"
    shown = " ".join(["crm customer list", *fmt, "| head"])
    return Row(f"{shown} (ten lines after {done.seconds:,.1f} s): exit code, stderr",
               f"exit {done.code}, stderr: {said}", "-", "-",
               "exit 0 or SIGPIPE, stderr empty", "yes" if quiet else "no")  # fmt: skip


def rows(args: argparse.Namespace) -> list[Row]:
    db = search_db(args.data, args.size)
    return [*throughput(args, db), quiet_head(db, []), quiet_head(db, ["-f", "csv"])]


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="customers in the database")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side")
    args = parser.parse_args()
    report(f"crm customer list -f csv on {args.size:,} demo customers", rows(args),
           "targets: rows/s ratio >= 0.25, peak < 150 MB, quiet under head", args.json)  # fmt: skip


if __name__ == "__main__":
    main()
