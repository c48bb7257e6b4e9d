"""Import memory: peak RSS of `crm product import` and `crm quote import` of ~50 MB files.

Three files, each about --mb megabytes of CSV: products (all new), quote lines over the
demo customers and products (valid), and quote lines that are all bad (unknown products,
every row rejected, written to --rejects). Ours: the peak resident memory of each crm
process. Anchor, measured in the same run: a python process that streams the same CSV
with the csv module into sqlite3 executemany, a batch at a time (the floor for reading and
storing the file in bounded memory). Target: ours <= 300 MB for a 50 MB file, whatever
the rows hold.

    python bench/import_memory.py [--mb 50] [--customers 10000] [--data DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from pathlib import Path

from _common import Row, bench_env, build, copy_database, crm_command, limit_row, options, report
from _common import run as run_process
from quote_import import add_products, customer_codes, write_csv

TARGET_MB = 300
ANCHOR = """
import csv, itertools, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE TABLE IF NOT EXISTS row (cells TEXT)")
with open(sys.argv[1], newline="", encoding="utf-8") as source:
    rows = csv.reader(source)
    while batch := list(itertools.islice(rows, 5000)):
        db.executemany("INSERT INTO row (cells) VALUES (?)", [("\\t".join(r),) for r in batch])
db.commit()
"""


def peak_mb(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Peak resident memory of one process (MB), and its exit code."""
    done = run_process(argv, env)
    return done.peak_mb, done.code


def products_csv(path: Path, mb: int) -> int:
    rng = random.Random(3)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "name", "category", "unit", "price", "notes"])
        while out.tell() < mb * 1_000_000:
            writer.writerow([f"M{rows:07d}", f"批量产品 {rows} 型", f"类别{rows % 40}", "台",
                             f"{rng.randint(1, 99999)}.{rows % 100:02d}", "导入测试"])  # fmt: skip
            rows += 1
    return rows


def quote_lines(mb: int) -> int:
    """Lines of the benchmark's quote file that make about ``mb`` megabytes (~43 bytes)."""
    return mb * 1_000_000 // 43


def bad_quotes_csv(path: Path, good: Path) -> None:
    """The valid file with every product made unknown: every row is rejected."""
    with good.open(newline="", encoding="utf-8") as source, path.open("w", newline="") as out:
        rows, writer = csv.reader(source), csv.writer(out)
        writer.writerow(next(rows))
        for row in rows:
            writer.writerow([*row[:2], "NO-" + row[2], *row[3:]])


def rows(args: argparse.Namespace) -> list[Row]:
    base = args.data / f"quote-import-{args.customers}" / "crm.db"
    build(base, args.customers, add_products)
    work = base.parent / f"memory-{args.mb}"
    work.mkdir(exist_ok=True)
    files = {"products": work / "products.csv", "quotes": work / "quotes.csv",
             "bad quotes": work / "bad-quotes.csv"}  # fmt: skip
    count = products_csv(files["products"], args.mb)
    write_csv(files["quotes"], quote_lines(args.mb), customer_codes(base, args.customers))
    bad_quotes_csv(files["bad quotes"], files["quotes"])
    db = work / "crm.db"
    env = bench_env(db)
    found = []
    for name, path in files.items():
        copy_database(base, db)
        noun = "product" if name == "products" else "quote"
        argv = [*crm_command(), noun, "import", str(path), "-f", "csv",
                "--rejects", str(work / "rejects.csv")]  # fmt: skip
        ours, code = peak_mb(argv, env)
        anchor_db = work / "anchor.db"
        anchor_db.unlink(missing_ok=True)
        anchor, _ = peak_mb([sys.executable, "-c", ANCHOR, str(path), str(anchor_db)], env)
        size = path.stat().st_size / 1e6
        label = f"{noun} import of {size:.0f} MB of {name} (crm exit {code}): peak memory"
        found.append(limit_row(label, ours, "MB", TARGET_MB, f"{anchor:,.0f} MB", inclusive=True))
    shutil.rmtree(work)
    print(f"{count:,} products in the products file")
    return found


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--mb", type=int, default=50, help="size of each file in MB")
    parser.add_argument("--customers", type=int, default=10_000, help="demo customers")
    args = parser.parse_args()
    note = (f"anchor: python streaming the CSV into sqlite3 executemany, 5,000 rows at a time;"
            f" target: crm <= {TARGET_MB} MB for a 50 MB file")  # fmt: skip
    report("crm … import: peak resident memory", rows(args), note, args.json)


if __name__ == "__main__":
    main()
