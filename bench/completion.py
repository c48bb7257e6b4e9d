"""Completion: a shell's Tab after `crm customer show C0001` (and a name, pinyin initials,
a status) on a demo database, as the script of `crm --install-completion` runs it, vs. a
python process running the same prefix query with raw sqlite3.

Each Tab is a whole `crm` process with _CRM_COMPLETE=complete_bash, COMP_WORDS and
COMP_CWORD, as sales user wang (so the store's visibility rule is part of the query),
checked to print candidates. The first Tab of a noun is answered by Typer, which
describes the noun's commands for the fast path: timed once, for information. A user's
first Tab of the day is answered by the store, which keeps the user's plans
(`store/overview/completion_replay`); later ones run a plan's SQL with sqlite3, after
checking that nothing it depends on changed: the timed runs. The planning Tab is timed
too, for information.
Target: median under 150 ms (the ratio to the anchor is shown for information).

    python bench/completion.py [--size 100000] [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from _common import (
    Row,
    bench_env,
    build,
    crm_command,
    limit_row,
    ms,
    options,
    ratio_row,
    report,
    timed,
)

TARGET_MS = 150
# (figure, the word being completed after "crm customer show", what the output holds)
TABS = [
    ("code prefix C0001", "customer show C0001", "C0001"),
    ("name prefix 深圳市", "customer show 深圳市", "深圳市"),
    ("pinyin initials szs", "customer show szs", "C"),
    ("status (--status )", "customer list --status ", "formal"),
]
ANCHOR_SQL = (
    "import sqlite3, sys\n"
    "db = sqlite3.connect(sys.argv[1])\n"
    "rows = db.execute('SELECT code, name FROM customer WHERE code >= ? AND code < ?'\n"
    "    ' AND deleted_at IS NULL ORDER BY code LIMIT 50', ('C0001', 'C0002')).fetchall()\n"
    "print('\\n'.join(code for code, _ in rows))\n"
)
# What the Tab's process pays before any work of ours: python and the ORM (the drivers kept
# out, as the Tab does on SQLite). For information.
FLOOR = (
    "import sys\n"
    "sys.modules.update(dict.fromkeys(('psycopg2', 'psycopg', 'pymysql', 'MySQLdb')))\n"
    "import peewee\n"
)


def tab_env(base: dict[str, str], line: str) -> dict[str, str]:
    """The environment bash's completion function gives `crm` for a Tab after ``line``."""
    words = f"crm {line}".split(" ")
    env = dict(base, CRM_USER="wang", _CRM_COMPLETE="complete_bash")
    env.update(COMP_WORDS=" ".join(words), COMP_CWORD=str(len(words) - 1))
    return env


def expect(text: str) -> Callable[[str], None]:
    def check(stdout: str) -> None:
        if text not in stdout:
            raise SystemExit(f"the Tab offered nothing with {text!r}: {stdout!r}")

    return check


def rows(args: argparse.Namespace) -> list[Row]:
    db_path = args.data / f"completion-{args.size}" / "crm.db"
    build(db_path, args.size)
    base = bench_env(db_path)
    crm = crm_command()
    anchor_argv = [sys.executable, "-c", ANCHOR_SQL, str(db_path)]
    description = Path(base["CRM_DATA_DIR"]) / "completion.json"
    description.unlink(missing_ok=True)
    first = timed(crm, tab_env(base, TABS[0][1]), lambda _: None)  # Typer; describes
    out: list[Row] = []
    for figure, line, text in TABS:
        env = tab_env(base, line)
        for _ in range(2):  # bytecode caches, OS file cache
            timed(crm, env, expect(text))
            timed(anchor_argv, base, expect("C0001"))
        ours: list[float] = []
        anchor: list[float] = []
        floor: list[float] = []
        for _ in range(args.runs):  # interleaved, so a busy moment hits all sides
            ours.append(timed(crm, env, expect(text)))
            anchor.append(timed(anchor_argv, base, expect("C0001")))
            floor.append(timed([sys.executable, "-c", FLOOR], base, lambda _: None))
        label = f"Tab, {figure}: `crm {line.strip()}`, {args.size:,} customers, as wang"
        out.append(ratio_row(f"{label} vs raw sqlite3", ours, anchor, None))
        out.append(ratio_row(f"{label} vs python -c 'import peewee'", ours, floor, None))
        out.append(limit_row(f"{label}: median", statistics.median(ours) * 1000, "ms", TARGET_MS))
    out.append(Row("first Tab of a noun (Typer answers, describes the noun)", ms(first), "-",
                   "-", "-", "-"))  # fmt: skip
    out.append(planning(crm, base, args.runs))
    return out


def planning(crm: list[str], base: dict[str, str], runs: int) -> Row:
    """A Tab with no plan kept: the store answers through the ORM and keeps the plans."""
    env = tab_env(base, TABS[0][1])
    plans = Path(base["CRM_DATA_DIR"]) / "completion-plans"
    times = []
    for _ in range(max(3, runs // 3)):
        shutil.rmtree(plans, ignore_errors=True)
        times.append(timed(crm, env, expect(TABS[0][2])))
    label = "a user's first Tab of the day (the store answers, keeps the plans)"
    return Row(f"{label} (median of {len(times)})", ms(statistics.median(times)), "-", "-",
               "-", "-")  # fmt: skip


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="customers in the database")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each Tab")
    args = parser.parse_args()
    title = f"shell completion on {args.size:,} demo customers, bytecode cached"
    note = (
        "anchors: python + raw sqlite3 prefix query; python importing peewee (information);"
        f" target: median < {TARGET_MS} ms"
    )
    report(title, rows(args), note, args.json)


if __name__ == "__main__":
    main()
