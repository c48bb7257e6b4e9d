"""`crm import customers|contacts FILE`, `crm customer import`, `crm contact import`,
`crm import history` and `crm import undo` (issue 12): the CLI contract, and every kind
of bad input refused in one line with its exit code, nothing written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import Crm
from openpyxl import Workbook

DATA = Path(__file__).parent.parent / "data" / "imports"


def state(crm: Crm) -> tuple[object, ...]:
    """Everything an import could change, as an admin sees it."""
    return (*crm.snapshot(), crm.ok("contact", "list", "-f", "json").stdout,
            crm.ok("import", "history", "-f", "json").stdout)  # fmt: skip


def unchanged(crm: Crm, code: int, *args: str, user: str = "admin") -> str:
    """``crm ARGS`` fails with ``code`` and one line, and changes nothing."""
    before = state(crm)
    line = crm.fails(code, *args, user=user)
    assert state(crm) == before
    return line


@pytest.fixture
def people(staff: Crm) -> Crm:
    """The staff, wang displayed as 王芳 (the test files name her so)."""
    staff.ok("user", "edit", "wang", "--display", "王芳")
    return staff


@pytest.fixture
def loaded(people: Crm) -> Crm:
    people.ok("import", "customers", str(DATA / "customers_gbk.csv"))
    return people


def test_import_customers_prints_each_row_and_what_was_done(people: Crm) -> None:
    staff = people
    result = staff.ok("import", "customers", str(DATA / "customers_gbk.csv"), "-f", "json")
    rows = json.loads(result.stdout)
    assert [(r["row"], r["action"], r["code"], r["name"]) for r in rows] == [
        (2, "create", "C000101", "杭州东山科技有限公司"),
        (3, "create", "C000102", "宁波北仑贸易有限公司"),
        (4, "create", "C000103", "温州瓯海五金厂"),
    ]  # fmt: skip
    assert result.stderr.strip() == (
        "Imported 3 customers as batch 1: 3 created, 0 updated, 0 skipped (undo: crm import undo 1)."
    )
    assert {c["code"]: c["owner"] for c in staff.customers()} == {
        "C000101": "wang", "C000102": "wang", "C000103": "admin"}  # fmt: skip


def test_the_command_under_each_noun_is_the_same(people: Crm, tmp_path: Path) -> None:
    staff = people
    staff.ok("customer", "import", str(DATA / "customers_utf8.csv"))
    rows = staff.json("contact", "import", str(DATA / "contacts_gbk.csv"))
    assert [(r["name"], r["customer"]) for r in rows] == [("李娜", "C000101"), ("赵磊", "C000101")]
    assert "customers" in staff.ok("customer", "import", "--help").stdout


def test_crm_import_offers_only_what_works(crm: Crm) -> None:
    text = crm.ok("import", "--help").stdout
    for name in ("customers", "contacts", "products", "quotes", "history", "undo"):
        assert name in text
    assert "No such command" in crm.run("import", "widgets", "x.csv").stderr


def test_a_dry_run_prints_the_plan_and_writes_nothing(loaded: Crm, tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text("客户名称,城市\n杭州东山科技有限公司,宁波\n新客户,\n", encoding="utf-8")
    before = state(loaded)
    result = loaded.ok("import", "customers", str(path), "--dry-run", "--on-duplicate", "update",
                       "-f", "json")  # fmt: skip
    assert [(r["action"], r["code"]) for r in json.loads(result.stdout)] == [
        ("update", "C000101"), ("create", "C000104")]  # fmt: skip
    assert "Dry run of 2 customers: would be 1 created, 1 updated, 0 skipped" in result.stderr
    assert state(loaded) == before


def test_standard_input_holds_csv_or_vcards(loaded: Crm) -> None:
    text = (DATA / "customers_utf8.csv").read_text(encoding="utf-8")
    rows = json.loads(loaded.run("import", "customers", "-", "--on-duplicate", "skip", "-f", "json",
                                 stdin=text).stdout)  # fmt: skip
    assert {r["action"] for r in rows} == {"skip"}
    cards = (DATA / "contacts.vcf").read_text(encoding="utf-8")
    result = loaded.run("contact", "import", "-", "-f", "json", stdin=cards)
    assert result.exit_code == 0, result.stderr
    assert [r["name"] for r in json.loads(result.stdout)] == ["张三", "Jane Doe"]


@pytest.mark.parametrize("noun", ["import customers", "product import"])
def test_an_import_retried_after_a_lock_prints_each_row_once(
    loaded: Crm, monkeypatch: pytest.MonkeyPatch, noun: str
) -> None:
    """Another writer's lock met as the import ends makes the store retry the whole
    transaction: standard input is read again, and each row is written and printed once."""
    import peewee as pw

    from crm_cli.store.imports import engine

    real, calls = engine._finish, []

    def locked_once(*args: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise pw.OperationalError("database is locked")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_finish", locked_once)
    text = ("客户名称,电话\n重试一号有限公司,010-88880001\n重试二号有限公司,010-88880002\n"
            if noun == "import customers" else "编码,名称,单价\nRT1,重试一号,10\nRT2,重试二号,20\n")  # fmt: skip
    result = loaded.run(*noun.split(), "-", "-f", "json", stdin=text)
    assert result.exit_code == 0, result.stderr
    assert (
        [r["name"] for r in json.loads(result.stdout)] == ["重试一号有限公司", "重试二号有限公司"]
        if noun == "import customers"
        else ["重试一号", "重试二号"]
    )
    assert len(calls) == 2
    history = json.loads(loaded.ok("import", "history", "-n", "1", "-f", "json").stdout)
    assert history[0]["created"] == 2


def test_an_xlsx_made_by_excel(people: Crm, tmp_path: Path) -> None:
    staff = people
    book = Workbook()
    sheet = book.active
    sheet.title = "客户"
    sheet.append(["*客户名称", "手机", "所属员工", "客户级别"])
    sheet.append(["杭州东山科技", 13800138000, "王芳", "A"])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    rows = staff.json("import", "customers", str(path), "--sheet", "客户")
    assert rows[0]["code"] == "C000001"
    (customer,) = staff.customers()
    assert (customer["phone"], customer["owner"]) == ("138 0013 8000", "wang")
    assert customer["level"] == "A"


def test_rejects_and_many_problems(staff: Crm, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    rows = [f"甲{n},{'x' if n % 2 else '0571-8877665' + str(n)}" for n in range(30)]
    path.write_text("name,phone\n" + "\n".join(rows) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = staff.run("import", "customers", str(path), "--rejects", str(rejects))
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and result.stdout == ""
    assert lines[0] == "Error: nothing imported: 15 problems in the file"
    assert lines[1].startswith("row 3, column phone: bad value 'x'")
    found = list(csv.reader(rejects.read_text(encoding="utf-8-sig").splitlines()))
    assert found[0] == ["row", "name", "phone", "reason"] and len(found) == 16
    assert staff.customers() == []


def test_history_and_undo(loaded: Crm) -> None:
    (batch,) = loaded.json("import", "history")
    assert (batch["id"], batch["user"], batch["record_type"], batch["created"]) == (
        1,
        "admin",
        "customers",
        3,
    )
    assert batch["file"].endswith("customers_gbk.csv") and batch["undone_at"] is None
    done = loaded.json("import", "undo", "1")
    assert done == {"batch": 1, "record_type": "customers", "deleted": 3, "restored": 0}
    assert loaded.customers() == []
    assert loaded.json("import", "history")[0]["undone_by"] == "admin"


def test_undo_refuses_when_a_record_changed_since(loaded: Crm) -> None:
    loaded.ok("customer", "edit", "C000102", "--city", "舟山")
    line = unchanged(loaded, 3, "import", "undo", "1")
    assert (
        line
        == "Error: cannot undo import 1: changed since: C000102 宁波北仑贸易有限公司; nothing undone"
    )


# Every kind of bad input: one line on stderr, its exit code, nothing written.


def test_gbk_read_as_utf8_and_utf8_read_as_gbk(loaded: Crm) -> None:
    line = unchanged(
        loaded, 1, "import", "customers", str(DATA / "customers_gbk.csv"), "--encoding", "utf-8"
    )
    assert line.endswith("invalid utf-8 at byte 0 (is it GBK? try --encoding gbk)")
    line = unchanged(
        loaded, 1, "import", "customers", str(DATA / "customers_utf8.csv"), "--encoding", "gbk"
    )
    assert line.endswith("as gbk: the file is UTF-8 (leave out --encoding)")


def test_a_truncated_xlsx(loaded: Crm, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["客户名称"])
    book.active.append(["甲公司"])
    book.save(tmp_path / "whole.xlsx")
    data = (tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) - 200])
    line = unchanged(loaded, 1, "import", "customers", str(tmp_path / "cut.xlsx"))
    assert "cut.xlsx': not an .xlsx workbook" in line


def test_a_vcard_with_a_broken_line(loaded: Crm) -> None:
    line = unchanged(loaded, 1, "import", "contacts", str(DATA / "broken.vcf"))
    assert "not a valid vCard (At line 5: Failed to parse line: TEL;TYPE=CELL 13600136000)" in line


def test_two_columns_for_one_field(loaded: Crm, tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("客户名称,公司名称,电话\n甲,乙,0571-88776655\n", encoding="utf-8")
    line = unchanged(loaded, 1, "import", "customers", str(path))
    assert "columns '客户名称' and '公司名称' are both 'name'" in line
    path.write_text("客户名称,电话\n甲,0571-88776655\n", encoding="utf-8")
    line = unchanged(loaded, 1, "import", "customers", str(path), "--map", "电话=name")
    assert "columns '客户名称' and '电话' are both 'name'" in line


def test_a_row_with_more_cells_than_headers(loaded: Crm, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        "客户名称,电话\n甲公司,0571-12345678\n乙公司,0571-12345679,多出来\n", encoding="utf-8"
    )
    line = unchanged(loaded, 1, "import", "customers", str(path))
    assert line == ("Error: nothing imported: row 3, column 3: bad value '多出来' "
                    "(a value beyond the header's 2 columns)")  # fmt: skip


def test_an_owner_who_does_not_exist(loaded: Crm, tmp_path: Path) -> None:
    path = tmp_path / "owner.csv"
    path.write_text("客户名称,负责人\n甲公司,小明\n", encoding="utf-8")
    line = unchanged(loaded, 1, "import", "customers", str(path))
    assert (
        line == "Error: nothing imported: row 2, column 负责人: bad value '小明' (no user '小明')"
    )


def test_a_code_that_exists_with_on_duplicate_fail(loaded: Crm, tmp_path: Path) -> None:
    path = tmp_path / "again.csv"
    path.write_text("客户编号,客户名称\nC000101,另一家公司\n", encoding="utf-8")
    line = unchanged(loaded, 3, "import", "customers", str(path), "--on-duplicate", "fail")
    assert "possible duplicate of C000101 杭州东山科技有限公司 (same code)" in line


def test_undo_of_an_undone_batch(loaded: Crm) -> None:
    loaded.ok("import", "undo", "1")
    line = unchanged(loaded, 1, "import", "undo", "1")
    assert line.startswith("Error: import 1 was undone already (") and line.endswith(" by admin)")


def test_bad_options(loaded: Crm) -> None:
    line = unchanged(
        loaded, 1, "import", "customers", str(DATA / "customers_gbk.csv"), "--on-duplicate", "merge"
    )
    assert "invalid --on-duplicate 'merge'; use one of: fail, skip, update, create" in line
    line = unchanged(
        loaded, 1, "import", "customers", str(DATA / "customers_gbk.csv"), "--map", "nothing"
    )
    assert "expected KEY=VALUE" in line
    assert "no import batch '42'" in unchanged(loaded, 4, "import", "undo", "42")
    line = unchanged(loaded, 1, "import", "contacts", "notes.pdf")
    assert "use a .csv, .xlsx, .jsonl or .vcf file" in line


def test_progress_shows_on_a_terminal_only_after_a_second() -> None:
    import io

    from rich.console import Console

    from crm_cli.commands._import_run import Progress

    out = io.StringIO()
    clock = iter([0.0, 0.5, 1.5, 2.0]).__next__
    progress = Progress("Importing customers", console=Console(file=out, force_terminal=True),
                        clock=clock)  # fmt: skip
    progress(5000)  # half a second in: nothing yet
    assert progress.bar is None
    progress(10000)
    progress(15000)
    assert progress.bar is not None
    progress.stop()
    assert "Importing customers" in out.getvalue() and "15,000 rows" in out.getvalue()


def test_off_a_terminal_an_import_loads_no_rich(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("客户名称,电话\n甲公司,0571-88776655\n", encoding="utf-8")
    code = (
        "import json, sys\n"
        "from crm_cli.cli import main\n"
        f"sys.argv = ['crm', 'import', 'customers', {str(path)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(json.dumps('rich' in sys.modules))\n"
    )
    assert _python(code, tmp_path) == "false"


def test_customer_add_loads_no_import_engine_openpyxl_vobject_or_rich(tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from crm_cli.cli import main\n"
        "sys.argv = ['crm', 'customer', 'add', '测试公司']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "names = ('crm_cli.store.imports.engine', 'crm_cli.store.imports.specs', 'openpyxl',\n"
        "         'vobject', 'rich')\n"
        "print(json.dumps([n for n in names if n in sys.modules]))\n"
    )
    assert _python(code, tmp_path) == "[]"


def _python(code: str, tmp_path: Path) -> str:
    """The last line ``code`` prints in a fresh interpreter, against a new database."""
    import os
    import subprocess
    import sys

    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    environ.update(CRM_DATABASE_URL=f"sqlite:///{tmp_path / 'crm.db'}", CRM_USER="admin",
                   CRM_CONFIG_DIR=str(tmp_path / "cfg"), CRM_DATA_DIR=str(tmp_path / "data"))  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).parents[2])  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]
