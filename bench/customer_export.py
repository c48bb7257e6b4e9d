"""Exports: `crm export customers -f csv -o OUT` of every customer vs. the sqlite3 shell.

On the demo database of `search_scale.py` (--size customers): `crm export customers -f csv
-o OUT` against the sqlite3 command-line shell writing the same columns of the same rows
in the same order (`sqlite3 -csv -header DB "SELECT ..." > OUT`: every column the export
writes, joins for status name and owner login, 是/否 for booleans, custom fields from the
JSON, live customers by code), or, without a `sqlite3` on the PATH, python's sqlite3 + csv
modules (the table says which). Interleaved runs; each file is checked afterwards, outside
the timing: one header and one record per live customer (read as CSV: a note may hold a
line break). Throughput is per row. Targets: ratio >= 0.25; crm's peak resident memory
(as GNU time reports it) < 150 MB.

    python bench/customer_export.py [--size 200000] [--runs 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from _common import (
    Row,
    bench_env,
    crm_command,
    limit_row,
    options,
    peak_of,
    rate_row,
    report,
    with_peak,
)
from search_scale import search_db

# The export's built-in columns as SQL over customer c, status s, user u (custom fields
# are added from custom_field: json_extract of c.custom).
SQL_OF = {
    "status": "s.name", "owner": "u.login",
    "is_public": "CASE WHEN c.is_public THEN '是' ELSE '否' END",
}  # fmt: skip
BUILT_IN = [
    "code", "name", "mnemonic", "keyword", "status", "type", "source", "industry", "level",
    "phone", "fax", "email", "website", "country", "province", "city", "address", "postcode",
    "owner", "registered", "is_public", "notes",
]  # fmt: skip
FALLBACK = """
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
cur = con.execute(sys.argv[2])
with open(sys.argv[3], "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\\n")
    out.writerow([d[0] for d in cur.description])
    out.writerows(cur)
"""


class Done(NamedTuple):
    seconds: float
    peak_mb: float


def anchor_sql(db: Path) -> str:
    """The anchor's SELECT: the export's columns, the export's rows and order."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        sql = "SELECT key FROM custom_field WHERE entity = 'customer' ORDER BY key"
        custom = [key for (key,) in con.execute(sql)]
    picked = [f"{SQL_OF.get(f, 'c.' + f)} AS {f}" for f in BUILT_IN]
    picked += [f"json_extract(c.custom, '$.{key}') AS custom_{key}" for key in custom]
    return (f"SELECT {', '.join(picked)} FROM customer c"
            " LEFT JOIN customer_status s ON s.id = c.status_id"
            " LEFT JOIN user u ON u.id = c.owner_id"
            " WHERE c.deleted_at IS NULL ORDER BY c.code, c.id")  # fmt: skip


def anchor_argv(db: Path, out: Path) -> tuple[list[str], Path | None, str]:
    """(command, the file its standard output goes to, its name)."""
    shell = shutil.which("sqlite3")
    if shell:
        return [shell, "-csv", "-header", str(db), anchor_sql(db)], out, "sqlite3 shell"
    argv = [sys.executable, "-c", FALLBACK, str(db), anchor_sql(db), str(out)]
    return argv, None, "python sqlite3 + csv (no sqlite3)"


def run_to(argv: list[str], env: dict[str, str], stdout: Path | None) -> Done:
    """Run ``argv`` to its end (standard output into ``stdout``), with its own peak memory."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(stdout, "wb")) if stdout else subprocess.DEVNULL
        err = stack.enter_context(tempfile.TemporaryFile())
        started = time.perf_counter()
        proc = subprocess.Popen(with_peak(argv), env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    peak, text = peak_of(text, usage.ru_maxrss / 1024)
    if code != 0:
        raise SystemExit(f"{' '.join(argv[:4])} exited {code}: {text.strip()[-2000:]}")
    return Done(seconds, peak)


def records(path: Path, expected: int) -> None:
    """Check the file: a header and ``expected`` records, read as CSV."""
    with open(path, encoding="utf-8", newline="") as f:
        found = sum(1 for _ in csv.reader(f)) - 1
    if found != expected:
        raise SystemExit(f"{path}: {found:,} records, expected {expected:,}")


def live(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as con:
        sql = "SELECT count(*) FROM customer WHERE deleted_at IS NULL"
        return int(con.execute(sql).fetchone()[0])


def rows(args: argparse.Namespace) -> list[Row]:
    db = search_db(args.data, args.size)
    env = bench_env(db)
    expected = live(db)
    out_dir = args.data / "export-out"
    out_dir.mkdir(parents=True, exist_ok=True)
    ours_out, theirs_out = out_dir / "crm.csv", out_dir / "sqlite3.csv"
    ours_argv = [*crm_command(), "export", "customers", "-f", "csv", "-o", str(ours_out)]
    theirs_argv, theirs_stdout, anchor_name = anchor_argv(db, theirs_out)
    ours: list[Done] = []
    theirs: list[Done] = []
    for run in range(-1, args.runs):  # run -1 warms the bytecode and the file cache
        for path in (ours_out, theirs_out):
            path.unlink(missing_ok=True)
        mine = run_to(ours_argv, env, None)
        records(ours_out, expected)
        anchor = run_to(theirs_argv, env, theirs_stdout)
        records(theirs_out, expected)
        if run >= 0:  # interleaved, so a busy moment hits both sides
            ours.append(mine)
            theirs.append(anchor)
    for path in (ours_out, theirs_out):
        path.unlink(missing_ok=True)
    mine_rate = expected / statistics.median(d.seconds for d in ours)
    anchor_rate = expected / statistics.median(d.seconds for d in theirs)
    label = f"export customers -f csv, all {expected:,} (median of {args.runs})"
    return [
        rate_row(f"{label}: throughput vs {anchor_name}", mine_rate, anchor_rate, "rows", 0.25),
        limit_row(f"{label}: peak memory", max(d.peak_mb for d in ours), "MB", 150,
                  f"{max(d.peak_mb for d in theirs):,.0f} MB"),
    ]  # fmt: skip


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--size", type=int, default=200_000, help="customers in the database")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side")
    args = parser.parse_args()
    report(f"crm export customers -f csv of {args.size:,} demo customers", rows(args),
           "targets: rows/s ratio >= 0.25, peak < 150 MB", args.json)  # fmt: skip


if __name__ == "__main__":
    main()
