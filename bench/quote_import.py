"""Quote import throughput: `crm quote import` of a 100,000-line CSV vs raw sqlite3 executemany.

The file has --lines line items in quotes of five lines over the demo customers and 200
products; half the lines take the list price, some carry a discount. Each timed run
imports into a fresh copy of the same demo database. Raw anchors, measured in the same run:

- same rows: sqlite3 `executemany` of exactly the rows crm wrote (the quotes, their lines,
  one log row per quote, the import batch and an item per quote for undo) into empty
  tables with the same DDL and indexes, one commit,
  timed inside one process: the floor for storing what the import stores (THE anchor);
- script: a `python` process that reads the CSV with the csv module and executemany's its
  rows into a table of the file's shape (start-up and parsing included, as in our command);
- file rows: that executemany alone, timed inside one process.

Target: our throughput at least a third of the first anchor's (ratio >= 0.33).

    python bench/quote_import.py [--lines 100000] [--customers 10000] [--runs 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from _common import (
    Row,
    bench_env,
    build,
    copy_database,
    crm_command,
    options,
    rate_row,
    report,
    timed,
)

PRODUCTS = 200
LINES_PER_QUOTE = 5
HEADER = ["quote", "customer", "product", "quantity", "price", "discount", "subject",
          "valid_until", "contact"]  # fmt: skip
SHAPE = """CREATE TABLE line (id INTEGER PRIMARY KEY, quote TEXT, customer TEXT, product TEXT,
    quantity TEXT, price TEXT, discount TEXT, subject TEXT, valid_until TEXT, contact TEXT)"""
RAW_SCRIPT = f"""
import csv, sqlite3, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))[1:]
db = sqlite3.connect(sys.argv[2])
db.execute("PRAGMA journal_mode=wal")
db.execute('''{SHAPE}''')
db.executemany("INSERT INTO line (quote, customer, product, quantity, price, discount, subject,"
               " valid_until, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
db.commit()
print(len(rows))
"""


def add_products() -> None:
    from crm_cli.store.core import users
    from crm_cli.store.sales import products

    admin = users.resolve_actor("admin")
    for n in range(1, PRODUCTS + 1):
        fee = {"annual_fee": "1800"} if n % 10 == 0 else {}
        products.add_product(admin, f"BP{n:04d}", f"基准产品 {n}", {
            "price": f"{random.Random(n).randint(100, 50_000)}.{n % 100:02d}",
            "category": f"类别{n % 12}", "unit": "套", **fee,
        })  # fmt: skip


def customer_codes(db_path: Path, count: int) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        query = "SELECT code FROM customer WHERE deleted_at IS NULL ORDER BY id LIMIT ?"
        return [row[0] for row in conn.execute(query, (count,))]


def write_csv(path: Path, lines: int, customers: list[str]) -> None:
    rng = random.Random(7)
    until = (dt.date.today() + dt.timedelta(days=365)).isoformat()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(lines):
            quote = n // LINES_PER_QUOTE
            first = n % LINES_PER_QUOTE == 0
            price = f"{rng.randint(100, 9999)}.{rng.randint(0, 99):02d}" if n % 2 else ""
            discount = f"{rng.choice((5, 10, 12.5))}%" if n % 7 == 0 else ""
            writer.writerow([
                f"BQ-{quote:06d}", customers[quote % len(customers)],
                f"BP{rng.randint(1, PRODUCTS):04d}", rng.randint(1, 20), price, discount,
                f"基准报价 {quote}" if first else "", until if first else "", "",
            ])  # fmt: skip


def raw_executemany(csv_path: Path, db_path: Path) -> float:
    """Seconds for executemany of the CSV's rows (already parsed) into a table of its shape."""
    with csv_path.open(newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))[1:]
    conn = _fresh(db_path)
    conn.execute(SHAPE)
    started = time.perf_counter()
    conn.executemany(
        "INSERT INTO line (quote, customer, product, quantity, price, discount, subject,"
        " valid_until, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


WRITTEN = {
    "quote": "SELECT * FROM quote WHERE ref LIKE 'BQ-%'",
    "quote_line": "SELECT * FROM quote_line WHERE quote_id IN"
    " (SELECT id FROM quote WHERE ref LIKE 'BQ-%')",
    "op_log": "SELECT * FROM op_log WHERE entity = 'quote' AND action = 'import'",
    # The batch and an item per quote: what `crm import undo` takes back (since the engine).
    "import_batch": "SELECT * FROM import_batch",
    "import_item": "SELECT * FROM import_item",
}


def raw_same_rows(imported: Path, db_path: Path) -> float:
    """Seconds for executemany of exactly the rows crm wrote (quotes, lines, log, the import
    batch and its items) into empty tables with the same DDL and indexes, in one
    transaction."""
    with sqlite3.connect(imported) as source:
        ddl = [sql for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN"
            f" ({', '.join(repr(t) for t in WRITTEN)})"
            " AND sql IS NOT NULL ORDER BY type DESC")]  # fmt: skip
        data = {table: source.execute(query).fetchall() for table, query in WRITTEN.items()}
    conn = _fresh(db_path)
    for statement in ddl:
        conn.execute(statement)
    started = time.perf_counter()
    for table, rows in data.items():
        marks = ", ".join("?" * len(rows[0]))
        conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def _fresh(db_path: Path) -> sqlite3.Connection:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=normal")
    return conn


def rows(args: argparse.Namespace) -> list[Row]:
    base = args.data / f"quote-import-{args.customers}" / "crm.db"
    build(base, args.customers, add_products)
    work = base.parent / "run"
    work.mkdir(exist_ok=True)
    csv_path = work / f"quotes-{args.lines}.csv"
    write_csv(csv_path, args.lines, customer_codes(base, args.customers))
    fresh = work / "crm.db"
    env = bench_env(fresh)
    argv = [*crm_command(), "quote", "import", str(csv_path), "--format", "csv"]
    quotes = -(-args.lines // LINES_PER_QUOTE)

    def imported(stdout: str) -> None:
        if stdout.count("\n") != quotes + 1:
            raise SystemExit(f"expected {quotes} quotes, got {stdout.count(chr(10)) - 1}")

    def ok(stdout: str) -> None:
        if stdout.strip() != str(args.lines):
            raise SystemExit(f"raw script stored {stdout.strip()} rows")

    raw_argv = [sys.executable, "-c", RAW_SCRIPT, str(csv_path), str(work / "raw.db")]
    times: dict[str, list[float]] = {"crm": [], "same": [], "script": [], "file": []}
    for run in range(args.runs + 1):  # the first round warms caches and is not counted
        copy_database(base, fresh)
        mine = timed(argv, env, imported)
        same = raw_same_rows(fresh, work / "same.db")
        _fresh(work / "raw.db").close()
        script = timed(raw_argv, env, ok)
        file = raw_executemany(csv_path, work / "file.db")
        if run:
            for key, value in zip(times, (mine, same, script, file), strict=True):
                times[key].append(value)
        print(f"  run {run}: crm {mine:.2f} s; raw: same rows {same:.2f} s, script {script:.2f} s,"
              f" file rows {file:.2f} s{'' if run else ' (warm-up)'}", flush=True)  # fmt: skip
    rate = {key: args.lines / statistics.median(found) for key, found in times.items()}
    label = f"quote import, {args.lines:,} lines into {args.customers:,} customers vs"
    return [
        rate_row(f"{label} executemany of the rows crm wrote", rate["crm"], rate["same"],
                 "lines", 0.33),
        rate_row(f"{label} python script: CSV + executemany", rate["crm"], rate["script"],
                 "lines", None),
        rate_row(f"{label} executemany of the CSV rows", rate["crm"], rate["file"], "lines",
                 None),
    ]  # fmt: skip


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--lines", type=int, default=100_000, help="line items in the file")
    parser.add_argument("--customers", type=int, default=10_000, help="demo customers")
    parser.add_argument("--runs", type=int, default=3, help="timed imports")
    args = parser.parse_args()
    title = f"crm quote import: {args.lines:,} lines, medians of {args.runs} runs"
    note = "target: throughput ratio >= 0.33 against the first anchor (same rows, same tables)"
    report(title, rows(args), note, args.json)


if __name__ == "__main__":
    main()
