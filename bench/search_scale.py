"""Search at scale: the first page of `crm customer list --search WORD` on a big database vs.
the same on a small one, for a rare, a mid (~1% of rows) and a common (>= 30%) word, each
once through the trigram index (3+ characters) and once through the CJK word index (2).

The first page is what a person sees: `customer list --search WORD -n 20 -f json`. Both
databases hold the demo data (seed 1) plus five "needle" customers, the rare words' only
matches; each run is checked (the needles exactly, else min(20, matches) rows). Counting
every match is timed too when `customer list` offers `--count` (it says so if not).
SQLite by default; `--backend postgres` builds the same data in PostgreSQL databases
`crm_bench_search_<size>` (once, then VACUUM ANALYZE) and measures there.
The same first page sorted by a column (`--sort name`, `--sort -balance_owed`: `--sorts`)
is timed too: the first is the hard case, a common word clustering on the sort key.
Target: ratio <= 1.2 for each word.

    python bench/search_scale.py [--big 1000000] [--small 1000] [--runs 9]
        [--backend sqlite|postgres] [--server postgresql://postgres@127.0.0.1:5432/test]
        [--sorts name,-balance_owed]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from _common import Row, bench_env, build, crm_command, options, ratio_row, report, timed, url_env
from _pg import SERVER

NEEDLES = [
    "杭州麒麟星链科技有限公司",
    "深圳市麒麟星链电子有限公司",
    "北京麒麟星链信息技术股份有限公司",
    "上海麒麟星链物流有限公司",
    "成都市麒麟星链软件有限公司",
]
# (class, word, index); shares measured on the demo data: 1% is 0.8-0.9%, common 62-70%.
WORDS = [
    ("rare", "麒麟星链", "trigram"),
    ("rare", "麒麟", "CJK word"),
    ("mid", "construction", "trigram"),
    ("mid", "珠海", "CJK word"),
    ("common", "有限公司", "trigram"),
    ("common", "公司", "CJK word"),
]
PAGE = 20
Check = Callable[[str], None]
RARE = [word for kind, word, _ in WORDS if kind == "rare"]


def add_needles() -> None:
    from crm_cli.store.core import users
    from crm_cli.store.customers import customers

    admin = users.resolve_actor("admin")
    for name in NEEDLES:
        customers.add_customer(admin, name, {"city": "杭州", "phone": "0571-88880000"},
                               allow_duplicate=True)  # fmt: skip


def search_db(data: Path, size: int) -> Path:
    """The SQLite demo database of ``size`` customers plus the needles (built once)."""
    path = data / f"search-{size}" / "crm.db"
    build(path, size, add_needles)
    return path


def databases(args: argparse.Namespace) -> dict[int, tuple[str, dict[str, str]]]:
    """size -> (URL, environment) for the chosen backend, built if missing."""
    found = {}
    for size in (args.big, args.small):
        if args.backend == "postgres":
            from _pg import demo_database

            url = demo_database(args.server, f"crm_bench_search_{size}", size, add_needles)
            found[size] = (url, url_env(url, args.data / "pg-home"))
        else:
            path = search_db(args.data, size)
            found[size] = (f"sqlite:///{path}", bench_env(path))
    return found


def matches(url: str, word: str) -> int:
    """How many live customers a search for ``word`` finds (the index's answer, by a scan)."""
    where = "deleted_at IS NULL AND search_text {} ?"
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.split(":///", 1)[1])) as con:
            sql = f"SELECT count(*) FROM customer WHERE {where.format('LIKE')}"
            return int(con.execute(sql, (f"%{word}%",)).fetchone()[0])
    from _pg import count

    sql = f"SELECT count(*) FROM customer WHERE {where.format('ILIKE').replace('?', '%s')}"
    return count(url, sql, (f"%{word}%",))


def first_page(word: str, found: int) -> Callable[[str], None]:
    def check(stdout: str) -> None:
        names = sorted(c["name"] for c in json.loads(stdout))
        if word in RARE and names != sorted(NEEDLES):
            raise SystemExit(f"--search {word}: expected the five needles, got {names}")
        if len(names) != min(PAGE, found):
            raise SystemExit(f"--search {word}: {len(names)} rows, expected {min(PAGE, found)}")

    return check


def count_option(env: dict[str, str]) -> bool:
    """Whether `customer list` can count its matches (a `--count` option)."""
    argv = [*crm_command(), "customer", "list", "--help"]
    helptext = subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout
    return "--count" in helptext


def interleaved(argv: list[str], sides: dict[int, tuple[dict[str, str], Check]], runs: int
                ) -> dict[int, list[float]]:  # fmt: skip
    """Seconds of each run on each side, alternating sides; a first round warms caches."""
    times: dict[int, list[float]] = {size: [] for size in sides}
    for run in range(runs + 1):
        for size, (env, check) in sides.items():
            seconds = timed(argv, env, check)
            if run:
                times[size].append(seconds)
    return times


def rows(args: argparse.Namespace) -> list[Row]:
    dbs = databases(args)
    crm, big, small = crm_command(), args.big, args.small
    can_count = count_option(dbs[big][1])
    found: list[Row] = []
    for kind, word, index in WORDS:
        hits = {size: matches(url, word) for size, (url, _) in dbs.items()}
        share = (f"{word!r} ({kind}, {index}): {hits[big]:,} of {big:,}"
                 f" vs {hits[small]:,} of {small:,}")  # fmt: skip
        page = [*crm, "customer", "list", "--search", word, "-n", str(PAGE), "-f", "json"]
        sides = {size: (env, first_page(word, hits[size])) for size, (_, env) in dbs.items()}
        for sort in ["", *filter(None, args.sorts.split(","))]:
            sorted_by = ["--sort", sort] if sort else []
            times = interleaved([*page, *sorted_by], sides, args.runs)
            what = f"search --sort {sort}" if sort else "search first page"
            found.append(ratio_row(f"{args.backend} {what} {share}", times[big],
                                   times[small], 1.2))  # fmt: skip
        if can_count:
            counting = [*crm, "customer", "list", "--search", word, "--count"]
            sides = {size: (env, _ignore) for size, (_, env) in dbs.items()}
            times = interleaved(counting, sides, args.runs)
            found.append(ratio_row(f"{args.backend} search count {share}", times[big],
                                   times[small], 1.2))  # fmt: skip
    if not can_count:
        found.append(Row(f"{args.backend} search count: customer list has no --count",
                         "n/a", "n/a", "-", "-", "-"))  # fmt: skip
    return found


def _ignore(stdout: str) -> None:
    pass


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--big", type=int, default=1_000_000, help="customers in the big one")
    parser.add_argument("--small", type=int, default=1_000, help="customers in the small one")
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each query")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server for --backend postgres")
    parser.add_argument("--sorts", default="name,-balance_owed", help="sort keys to time too")
    args = parser.parse_args()
    title = (f"crm customer list --search WORD -n {PAGE} -f json on {args.backend}: "
             f"{args.big:,} customers (ours) vs {args.small:,} (anchor)")  # fmt: skip
    report(title, rows(args), "target ratio <= 1.2 for each word", args.json)


if __name__ == "__main__":
    main()
