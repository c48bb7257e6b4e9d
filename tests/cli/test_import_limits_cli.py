"""Imports of any size (issue 10, point 8): read, checked and written in batches, problems
reported in bounded memory, every rejected row in --rejects, results printed once done.

Batches and output chunks are made tiny here, so a few rows cross many of each.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import Crm

from crm_cli.commands import _stream
from crm_cli.store.core import readers


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "BATCH", 3)
    monkeypatch.setattr(_stream, "CHUNK", 4)
    monkeypatch.setattr(_stream, "TABLE_MAX", 4)


@pytest.fixture
def shop(staff: Crm) -> Crm:
    staff.ok("product", "add", "ERP", "ERP 软件", "--price", "100")
    staff.add("杭州东山科技", user="wang")
    staff.add("宁波北仑贸易", user="wang")
    return staff


def products_csv(tmp_path: Path, rows: list[str]) -> str:
    path = tmp_path / "products.csv"
    path.write_text("code,name,price\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_many_bad_rows_show_the_first_twenty_and_a_count(crm: Crm, tmp_path: Path) -> None:
    rows = [f"P{n},产品{n},{'x' if n % 2 else n}" for n in range(100)]
    result = crm.run("product", "import", products_csv(tmp_path, rows))
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and result.stdout == ""
    assert lines[0] == "Error: nothing imported: 50 problems in the file"
    assert len([line for line in lines if line.startswith("row ")]) == 20
    assert lines[-1].startswith("… and 30 more; every rejected row is in")
    assert crm.json("product", "list") == []


def test_rejects_lists_every_rejected_row_with_its_reasons(
    crm: Crm, tmp_path: Path, tiny: None
) -> None:
    rows = [f"P{n},产品{n},{'x' if n % 3 == 0 else n}" for n in range(10)] + ["P1,重复,5"]
    rejects = tmp_path / "rejects.csv"
    crm.run("product", "import", products_csv(tmp_path, rows), "--rejects", str(rejects))
    text = rejects.read_text(encoding="utf-8-sig")  # with a BOM, for Excel
    found = list(csv.reader(text.splitlines()))
    assert found[0] == ["row", "code", "name", "price", "reason"]
    assert [r[0] for r in found[1:]] == ["2", "5", "8", "11", "12"]
    assert found[1][1:4] == ["P0", "产品0", "x"] and "price:" in found[1][4]
    assert "also on row 3" in found[-1][4]
    assert crm.json("product", "list") == []


def test_a_clean_file_leaves_an_empty_rejects_list(crm: Crm, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    rejects.write_text("stale\n")
    crm.ok("product", "import", products_csv(tmp_path, ["P1,甲,1"]), "--rejects", str(rejects))
    assert rejects.read_text(encoding="utf-8-sig") == ""


def test_batches_and_chunks_give_what_one_pass_would(crm: Crm, tmp_path: Path, tiny: None) -> None:
    rows = [f"P{n:02d},产品{n},{n}.50" for n in range(11)]
    path = products_csv(tmp_path, rows)
    planned = crm.json("product", "import", path, "--dry-run")
    assert [p["code"] for p in planned] == [f"P{n:02d}" for n in range(11)]
    streamed = {fmt: crm.ok("product", "import", path, "--update", "--dry-run", "-f", fmt).stdout
                for fmt in ("csv", "jsonl", "plain", "markdown", "tsv", "json")}  # fmt: skip
    from_jsonl = [json.loads(line) for line in streamed["jsonl"].splitlines()]
    assert [r["code"] for r in json.loads(streamed["json"])] == [r["code"] for r in from_jsonl]
    assert streamed["csv"].splitlines()[0] == "row,action,code,name,category,unit,price"
    assert len(streamed["csv"].splitlines()) == 12 and len(streamed["tsv"].splitlines()) == 12
    plain = streamed["plain"].splitlines()
    assert len({len(line.rstrip()) for line in plain[1:]}) <= 2 and plain[0].startswith("row")
    assert streamed["markdown"].splitlines()[1].startswith("| --")
    crm.ok("product", "import", path)
    assert len(crm.json("product", "list")) == 11


def test_a_quote_across_batches_is_one_quote_and_a_late_problem_writes_nothing(
    shop: Crm, tmp_path: Path, tiny: None
) -> None:
    rows = ["quote,customer,product,quantity,subject"]
    rows += [f"A,C000001,ERP,{n},年度采购" for n in range(1, 8)]  # across three batches
    rows += ["B,C000002,ERP,1,", "C,C000002,ERP,2,"]
    path = tmp_path / "quotes.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = shop.snapshot()
    bad = path.read_text(encoding="utf-8") + "D,C000002,NOPE,1,\n"
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    assert "no such product" in shop.run("quote", "import", str(tmp_path / "bad.csv")).stderr
    assert shop.json("quote", "list") == [] and shop.snapshot() == before
    done = shop.json("quote", "import", str(path), user="wang")
    assert [(q["ref"], q["lines"], q["total"]) for q in done] == [
        ("A", 7, 2800), ("B", 1, 100), ("C", 1, 200),
    ]  # fmt: skip
    lines = shop.json("quote", "show", done[0]["code"])["lines"]
    assert [line["position"] for line in lines] == list(range(1, 8))


def test_a_conflict_on_a_later_batch_is_named_on_its_row(
    shop: Crm, tmp_path: Path, tiny: None
) -> None:
    rows = ["quote,customer,product,quantity"] + [f"A,C000001,ERP,{n}" for n in range(1, 6)]
    rows.append("A,C000002,ERP,1")  # row 7, the third batch: another customer for quote A
    path = tmp_path / "quotes.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = shop.run("quote", "import", str(path), user="wang")
    assert "row 7, column customer: bad value 'C000002'" in result.stderr


def test_an_xlsx_formula_without_a_saved_value_says_so(shop: Crm, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()  # openpyxl saves formulas without values: as a script would
    sheet = book.active
    sheet.append(["quote", "customer", "product", "quantity"])
    sheet.append(["A", "C000001", "ERP", "=1+1"])
    book.save(tmp_path / "q.xlsx")
    result = shop.run("quote", "import", str(tmp_path / "q.xlsx"), user="wang")
    assert result.exit_code == 1
    assert "row 2, column quantity: bad value '=1+1' (a formula without a saved value" in (
        result.stderr
    )
    assert "bad value ''" not in result.stderr


@pytest.mark.parametrize("fmt", ["plain", "markdown", "csv", "tsv", "json", "jsonl", "table"])
def test_a_spooled_list_prints_as_the_same_list_would(
    fmt: str, tiny: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import io
    from decimal import Decimal

    from crm_cli.commands import _output

    monkeypatch.setenv("COLUMNS", "200")
    rows = [
        {"code": f"P{n}", "name": "北京科技" if n % 2 else "a|b", "price": Decimal(n) / 4,
         "vip": n % 3 == 0, "since": dt.date(2026, 1, n + 1), "note": None if n % 4 else "x"}
        for n in range(11)
    ]  # fmt: skip
    spool = _stream.Spool()
    for row in rows:
        spool.add(row)
    streamed, whole = io.StringIO(), io.StringIO()
    _stream.emit_spool(spool, fmt=fmt, fields=None, columns=("code", "name", "price"), out=streamed)
    _output.emit(rows, fmt="plain" if fmt == "table" else fmt, columns=("code", "name", "price"),
                 out=whole)  # fmt: skip
    assert streamed.getvalue() == whole.getvalue()  # a table this long prints as plain
