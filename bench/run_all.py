"""Every benchmark, one table: figure, ours, anchor, ratio, target, met.

Runs each script as its own process with the sizes below (the scripts' defaults, or small
ones with --quick for a smoke run of a few minutes) and `--json FILE`, then prints the
rows of all of them together. A script that fails adds a row saying so (its output is
above the table). PostgreSQL rows need psycopg2 in this interpreter (`pip install
'.[postgres]'`); without it they are listed as skipped.

    python bench/run_all.py [--quick] [--only NAME ...] [--markdown] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_DATA, Row, print_table

HERE = Path(__file__).resolve().parent
# name: (script, full-size arguments, --quick arguments)
BENCHMARKS: dict[str, tuple[str, list[str], list[str]]] = {
    "startup": ("startup.py", ["--size", "100000", "--runs", "17"],
                ["--size", "10000", "--runs", "5"]),
    "search": ("search_scale.py", ["--big", "1000000", "--small", "1000", "--runs", "9"],
               ["--big", "10000", "--small", "1000", "--runs", "3"]),
    # PostgreSQL: 21 runs, a connection per process makes each one noisier.
    "search-pg": ("search_scale.py", ["--backend", "postgres", "--big", "1000000", "--small",
                  "1000", "--runs", "21"], ["--backend", "postgres", "--big", "10000",
                  "--small", "1000", "--runs", "3"]),
    "tui": ("tui_start.py", ["--big", "1000000", "--small", "1000", "--runs", "7"],
            ["--big", "10000", "--small", "1000", "--runs", "2"]),
    "paging": ("list_paging.py", ["--big", "1000000", "--small", "1000", "--runs", "5"],
               ["--big", "10000", "--small", "1000", "--runs", "3"]),
    "stream": ("stream_csv.py", ["--size", "1000000", "--runs", "3"],
               ["--size", "10000", "--runs", "3"]),
    "today": ("today_scale.py", ["--big", "1000000", "--small", "10000", "--mine", "1000",
              "--book", "100000", "--small-book", "1000", "--runs", "9"],
              ["--big", "10000", "--small", "2000", "--mine", "200", "--book", "1000",
               "--small-book", "100", "--runs", "3"]),
    "reclaim": ("pool_reclaim.py", ["--size", "1000000", "--due", "100000", "--runs", "3"],
                ["--size", "10000", "--due", "1000", "--runs", "3"]),
    "claims": ("pool_claims.py", ["--procs", "8", "--customers", "200", "--limit", "40"],
               ["--procs", "4", "--customers", "50", "--limit", "15"]),
    "quote-import": ("quote_import.py", ["--lines", "100000", "--customers", "10000",
                     "--runs", "3"], ["--lines", "5000", "--customers", "1000", "--runs", "2"]),
    "import-memory": ("import_memory.py", ["--mb", "50", "--customers", "10000"],
                      ["--mb", "5", "--customers", "1000"]),
    "backup": ("db_backup.py", ["--size", "1000000", "--runs", "5"], ["--size", "10000"]),
    "export": ("customer_export.py", ["--size", "1000000", "--runs", "3"],
               ["--size", "10000", "--runs", "3"]),
    "customer-import": ("customer_import.py", ["--rows", "100000", "--runs", "3"],
                        ["--rows", "5000", "--runs", "1"]),
    "agenda": ("agenda_scale.py", ["--customers", "1000000", "--runs", "9"],
               ["--customers", "2000", "--series", "100", "--events", "1000", "--runs", "3"]),
    "work-reports": ("work_report_overview.py", ["--people", "50", "--runs", "9"],
                     ["--people", "10", "--runs", "3"]),
    # Quick: a year only; a month of a small database costs what building the queries does.
    "targets": ("target_attainment.py", ["--size", "1000000", "--runs", "9"],
                ["--size", "100000", "--runs", "3", "--periods", "year"]),
    "report-presets-sales": ("report_presets_sales.py", ["--size", "1000000", "--runs", "9"],
                             ["--size", "100000", "--runs", "5"]),
    "report-presets-more": ("report_presets_more.py", ["--size", "1000000", "--runs", "9"],
                            ["--size", "100000", "--runs", "5"]),
    "tui-reports": ("tui_reports.py", ["--size", "1000000", "--runs", "7"],
                    ["--size", "100000", "--runs", "3"]),
    "completion": ("completion.py", ["--size", "100000", "--runs", "15"],
                   ["--size", "10000", "--runs", "5"]),
    # PostgreSQL in team mode (issue 16); pgbouncer's row only where pgbouncer is installed.
    "team-load": ("team_load.py", ["--people", "50", "--seconds", "60"],
                  ["--people", "5", "--seconds", "10", "--baseline", "20", "--size", "800",
                   "--own", "10", "--pool", "300"]),
    # Row-level security's cost: the policies on vs. off, in the same team database (kept).
    "team-policy-cost": ("team_policy_cost.py", ["--size", "1000000", "--runs", "9"],
                         ["--size", "20000", "--runs", "3"]),
}  # fmt: skip


def run_one(name: str, quick: bool, data: Path) -> list[Row]:
    """One benchmark's rows, or a row saying why there are none."""
    script, full, small = BENCHMARKS[name]
    if name.endswith("-pg"):
        from _pg import available

        missing = available()
        if missing:
            return [Row(f"{name}: skipped, {missing}", "-", "-", "-", "-", "-")]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        argv = [sys.executable, str(HERE / script), *(small if quick else full),
                "--data", str(data), "--json", str(out)]  # fmt: skip
        print(f"\n=== {name}: {' '.join(argv[1:-2])}", flush=True)
        started = time.perf_counter()
        code = subprocess.run(argv, check=False).returncode
        print(f"=== {name}: exit {code} after {time.perf_counter() - started:,.0f} s", flush=True)
        found = [Row(**row) for row in json.loads(out.read_text())] if out.exists() else []
    if code != 0 and not found:
        return [Row(f"{name}: failed with exit {code} (output above)", "-", "-", "-", "-", "no")]
    return found


def print_markdown(rows: list[Row]) -> None:
    print("| " + " | ".join(Row.header()) + " |")
    print("|" + " --- |" * len(Row.header()))
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), help="just these")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where databases live")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = [row for name in args.only or BENCHMARKS for row in run_one(name, args.quick, args.data)]
    minutes = (time.perf_counter() - started) / 60
    sizes = "quick sizes" if args.quick else "full sizes"
    print(f"\nall benchmarks ({sizes}, python {sys.version.split()[0]}, {minutes:.0f} min)\n")
    if args.markdown:
        print_markdown(rows)
    else:
        print_table(Row.header(), rows)
    unmet = sum(row.met == "no" for row in rows)
    print(f"\n{unmet} of {sum(row.met != '-' for row in rows)} targets not met")


if __name__ == "__main__":
    main()
