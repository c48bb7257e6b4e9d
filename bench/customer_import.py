"""Customer import throughput: `crm import customers` of a 100,000-row file, as Chinese
offices have them (GBK CSV from Excel; the same rows as XLSX), into a new database.

The file has Chinese headers (客户名称, 客户编号, 电话, 联系人, 手机, 城市, 所属行业,
客户来源, 客户级别, 备注: a first contact per customer) and distinct names, codes and
phones (no duplicates: every row is created).
Each timed run imports into a fresh copy of an empty database. Anchors, in the same run:

- CSV: sqlite3 `executemany` of exactly the rows crm wrote (customers, their contacts,
  their log rows, the batch's items, both search indexes and the name order's numbers and
  texts) into empty tables with the same DDL and indexes, one commit, in process: the
  floor for storing what the import stores.
  Target >= 0.33.
- XLSX: openpyxl in read-only mode reading every row of the same file (values only), in
  process: the floor for reading it. Target >= 0.33.
- Peak memory of each crm run (GNU time): under 300 MB.

    python bench/customer_import.py [--rows 100000] [--runs 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import statistics
import time
from pathlib import Path

from _common import (
    Row,
    bench_env,
    copy_database,
    crm_command,
    limit_row,
    options,
    rate_row,
    report,
    run,
)

HEADER = ["客户名称", "客户编号", "电话", "联系人", "手机", "城市", "所属行业", "客户来源",
          "客户级别", "备注"]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周"
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "珠海", "厦门"]
TRADES = ["制造业", "批发零售", "信息技术", "建筑", "物流", "教育", "医疗"]
WRITTEN = {  # what one import stores, read back for the same-rows anchor
    "customer": "SELECT * FROM customer",
    "contact": "SELECT * FROM contact",
    "op_log": "SELECT * FROM op_log",
    "import_batch": "SELECT * FROM import_batch",
    "import_item": "SELECT * FROM import_item",
    "customer_name_rank": "SELECT * FROM customer_name_rank",  # SQLite's name order
}
# Both search indexes, by id and by the name order's numbers (migrations 0002 and 0018).
FTS = ("customer_fts", "customer_words", "customer_name_fts", "customer_name_words")


def rows_of(count: int) -> list[list[str]]:
    rng = random.Random(11)
    rows = []
    for n in range(count):
        city = CITIES[n % len(CITIES)]
        rows.append([
            f"{city}基准{n:06d}号贸易有限公司", f"IM{n:07d}",
            f"0{rng.randint(10, 99)}-{80000000 + n}", SURNAMES[n % 10] + "经理",
            f"139{n:08d}", city, TRADES[n % len(TRADES)], "展会", "ABC"[n % 3],
            "老系统导入" if n % 5 == 0 else "",
        ])  # fmt: skip
    return rows


def write_files(folder: Path, count: int) -> tuple[Path, Path]:
    data = rows_of(count)
    gbk = folder / f"customers-{count}-gbk.csv"
    if not gbk.exists():
        with gbk.open("w", newline="", encoding="gbk") as out:
            csv.writer(out).writerows([HEADER, *data])
    xlsx = folder / f"customers-{count}.xlsx"
    if not xlsx.exists():
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("客户")
        for row in [HEADER, *data]:
            sheet.append(row)
        book.save(xlsx)
    return gbk, xlsx


def empty_database(folder: Path) -> Path:
    """A new crm database (schema and first user), made once."""
    path = folder / "empty.db"
    if not path.exists():
        from crm_cli.store import domains
        from crm_cli.store.core import db

        domains.open_store(f"sqlite:///{path}")
        db.close_store()
    return path


def same_rows(imported: Path, scratch: Path) -> float:
    """Seconds for executemany of exactly the rows crm wrote into empty tables with the
    same DDL and indexes (the FTS tables filled as crm fills them), one transaction."""
    with sqlite3.connect(imported) as source:
        ddl = [sql for (sql,) in source.execute(
            f"SELECT sql FROM sqlite_master WHERE tbl_name IN ({', '.join('?' * len(WRITTEN))})"
            " AND sql IS NOT NULL ORDER BY type DESC", tuple(WRITTEN))]  # fmt: skip
        data = {table: source.execute(query).fetchall() for table, query in WRITTEN.items()}
        fts = {t: source.execute(f"SELECT rowid, body FROM {t}").fetchall() for t in FTS}
        fts_ddl = [
            sql
            for (sql,) in source.execute(
                f"SELECT sql FROM sqlite_master WHERE name IN ({', '.join('?' * len(FTS))})", FTS
            )
        ]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(scratch)
    conn.execute("PRAGMA journal_mode=wal")
    for statement in [*ddl, *fts_ddl]:
        conn.execute(statement)
    started = time.perf_counter()
    for table, found in data.items():
        if found:
            marks = ", ".join("?" * len(found[0]))
            conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', found)
    for table, found in fts.items():
        conn.executemany(f"INSERT INTO {table}(rowid, body) VALUES (?, ?)", found)
    conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def openpyxl_read(path: Path) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if count < 2:
        raise SystemExit(f"openpyxl read {count} rows of {path}")
    return time.perf_counter() - started


def imported(count: int, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        found = conn.execute("SELECT count(*) FROM customer").fetchone()[0]
    if found != count:
        raise SystemExit(f"expected {count} customers after the import, found {found}")


def rows(args: argparse.Namespace) -> list[Row]:
    folder = args.data / f"customer-import-{args.rows}"
    folder.mkdir(parents=True, exist_ok=True)
    gbk, xlsx = write_files(folder, args.rows)
    empty, fresh = empty_database(folder), folder / "crm.db"
    env = bench_env(fresh)
    times: dict[str, list[float]] = {"csv": [], "same": [], "xlsx": [], "openpyxl": []}
    peaks: dict[str, list[float]] = {"csv": [], "xlsx": []}
    for round_ in range(args.runs + 1):  # the first round warms caches and is not counted
        for kind, path in (("csv", gbk), ("xlsx", xlsx)):
            copy_database(empty, fresh)
            argv = [*crm_command(), "import", "customers", str(path), "-f", "jsonl"]
            done = run(argv, env)
            if done.code != 0:
                raise SystemExit(f"crm import exited {done.code}: {done.stderr.strip()[-500:]}")
            imported(args.rows, fresh)
            if round_:
                times[kind].append(done.seconds)
                peaks[kind].append(done.peak_mb)
            if kind == "csv":
                same = same_rows(fresh, folder / "same.db")
        reading = openpyxl_read(xlsx)
        if round_:
            times["same"].append(same)
            times["openpyxl"].append(reading)
        print(f"  run {round_}: csv {times['csv'][-1] if round_ else 0:.1f} s, same rows "
              f"{same:.1f} s; openpyxl {reading:.1f} s", flush=True)  # fmt: skip
    rate = {key: args.rows / statistics.median(found) for key, found in times.items()}
    label = f"customer import, {args.rows:,} rows"
    return [
        rate_row(f"{label} (GBK CSV) vs executemany of the rows crm wrote", rate["csv"],
                 rate["same"], "rows", 0.33),
        rate_row(f"{label} (XLSX) vs openpyxl read-only reading the file", rate["xlsx"],
                 rate["openpyxl"], "rows", 0.33),
        limit_row(f"{label} (GBK CSV): peak memory", max(peaks["csv"]), "MB", 300),
        limit_row(f"{label} (XLSX): peak memory", max(peaks["xlsx"]), "MB", 300),
    ]  # fmt: skip


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the file")
    parser.add_argument("--runs", type=int, default=3, help="timed runs")
    args = parser.parse_args()
    title = f"crm import customers of {args.rows:,} rows (GBK CSV, XLSX) into a new database"
    report(title, rows(args), "targets: ratio >= 0.33, peak < 300 MB", args.json)


if __name__ == "__main__":
    main()
