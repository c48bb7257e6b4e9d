"""`crm db info | check | backup | restore | copy` (issue 12, points 3 and 4): output,
exit codes, one-line errors, admins only where it matters, and a lazy command module."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import Crm
from tests.conftest import _drop_mysql, _drop_postgres, _fresh_mysql, _fresh_postgres

SERVERS = {"postgres": (_fresh_postgres, _drop_postgres), "mysql": (_fresh_mysql, _drop_mysql)}


@pytest.fixture
def demo(crm: Crm) -> Crm:
    crm.ok("demo", "--size", "20", "--seed", "3")
    return crm


@pytest.fixture(params=list(SERVERS))
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    make, drop = SERVERS[request.param]
    url = make()
    yield url
    drop(url)


def test_info_tells_where_what_and_how_much_to_any_user(demo: Crm) -> None:
    found = demo.json("db", "info", user="wang")
    keys = {"url", "backend", "schema_version", "schema", "size_bytes", "tables", "row_rules"}
    assert set(found) == keys
    assert (found["url"], found["backend"]) == (demo.db_url, "sqlite")
    assert found["schema_version"] >= 6 and found["schema"].startswith(
        f"{found['schema_version']:04d}_"
    )
    assert found["size_bytes"] > 100_000
    assert (found["tables"]["customer"], found["tables"]["user"]) == (20, 7)
    plain = demo.ok("db", "info", "-f", "plain").stdout.splitlines()
    assert "backend         sqlite" in plain and any(
        line.split() == ["customer", "20"] for line in plain
    )
    assert demo.ok("db", "info", "-f", "csv").stdout.startswith("table,rows\ncustomer_status,4\n")
    assert found["row_rules"] == "crm (SQLite: one person's file, mode 0600)"
    zh = demo.ok("db", "info", "-f", "plain", LANG="zh_CN.UTF-8").stdout
    assert "权限规则" in zh and "个人的数据库文件" in zh and "mode 0600" not in zh


def test_check_prints_every_check_and_passes(demo: Crm) -> None:
    found = demo.json("db", "check")
    assert [c["check"] for c in found][:3] == ["integrity", "references", "customer_totals"]
    assert all(c["ok"] and c["problems"] == 0 and c["records"] == [] for c in found)
    assert (
        demo.fails(5, "db", "check", user="wang") == "Error: only an admin may check the database"
    )


def test_a_failed_check_names_the_records_and_exits_1(demo: Crm) -> None:
    with sqlite3.connect(demo.tmp_path / "crm.db") as conn:
        conn.execute(
            "UPDATE customer SET total_received = total_received + 1 WHERE code = 'C000003'"
        )
    result = demo.run("db", "check", "-f", "plain")
    assert result.exit_code == 1
    assert result.stderr == "Error: 1 of 13 checks failed: customer_totals\n"
    [line] = [line for line in result.stdout.splitlines() if line.startswith("customer_totals")]
    assert line.split() == ["customer_totals", "no", "1", "C000003"]


def test_a_failed_checks_records_read_in_chinese_json_keeps_english(demo: Crm) -> None:
    with sqlite3.connect(demo.tmp_path / "crm.db") as conn:
        conn.execute("DELETE FROM customer_words WHERE rowid = 3")
        conn.execute("UPDATE installment SET owner_id = NULL WHERE owner_id IS NOT NULL")
    plain = demo.run("db", "check", "-f", "plain", LANG="zh_CN.UTF-8")
    assert plain.exit_code == 1 and plain.stderr.startswith("错误：13 项检查中有 2 项未通过")
    assert "C000003 不在 customer_words 中" in plain.stdout and " 的 installment" in plain.stdout
    found = {c["check"]: c["records"] for c in json.loads(
        demo.run("db", "check", "-f", "json", LANG="zh_CN.UTF-8").stdout
    )}  # fmt: skip
    assert "C000003 not in customer_words" in found["search_index"]
    assert found["owner_copies"][0].startswith("installment of SO")


def test_backup_then_restore_into_a_new_database(demo: Crm, tmp_path: Path) -> None:
    file = tmp_path / "crm-backup.db"
    result = demo.ok("db", "backup", str(file))
    assert result.stdout == "" and result.stderr.startswith(f"Backed up to {file} (")
    assert demo.ok("db", "backup", str(file), "--quiet").stderr == ""
    record = demo.json("db", "backup", str(tmp_path / "d.jsonl.gz"), "--dump", "-q")
    assert (record["format"], record["backend"], record["rows"] > 100) == (
        "crm-dump",
        "sqlite",
        True,
    )
    for source, name in ((file, "a.db"), (tmp_path / "d.jsonl.gz", "b.db")):
        other = f"sqlite:///{tmp_path / name}"
        restored = demo.ok("db", "restore", str(source), "-f", "json", CRM_DATABASE_URL=other)
        assert json.loads(restored.stdout)["failed_checks"] == []
        assert restored.stderr.startswith("Restored ") and "Saved" not in restored.stderr
        assert demo.ok("customer", "list", "-f", "json", CRM_DATABASE_URL=other).stdout == (
            demo.ok("customer", "list", "-f", "json").stdout)  # fmt: skip


def test_restoring_a_file_that_is_not_a_backup_writes_nothing(crm: Crm, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a backup\n")
    with gzip.open(tmp_path / "x.gz", "wt") as out:
        out.write('{"format": "something else"}\n')
    new = tmp_path / "new.db"
    for bad in ("notes.txt", "x.gz", "missing.db"):
        line = crm.fails(
            1, "db", "restore", str(tmp_path / bad), CRM_DATABASE_URL=f"sqlite:///{new}"
        )
        assert str(tmp_path / bad) in line and (
            "not a crm backup" in line or "no such file" in line
        )
    assert not new.exists()  # refused before the database was even opened


def test_restoring_over_data_needs_force_and_says_where_the_old_data_went(
    demo: Crm, tmp_path: Path
) -> None:
    file = tmp_path / "keep" / "crm.db"
    file.parent.mkdir()
    demo.ok("db", "backup", str(file), "-q")
    demo.add("备份之后的客户有限公司")
    line = demo.fails(1, "db", "restore", str(file))
    assert "not empty" in line and "--force" in line
    assert len(demo.customers()) == 21
    result = demo.ok("db", "restore", str(file), "--force")
    first, second = result.stderr.splitlines()
    assert first.startswith(f"Saved the database as it was to {file.parent}/before-restore-")
    saved = Path(first.rsplit(" ", 1)[1])
    assert saved.exists() and second.startswith("Restored ")
    assert len(demo.customers()) == 20
    with sqlite3.connect(saved) as conn:
        assert conn.execute("SELECT COUNT(*) FROM customer").fetchone()[0] == 21


def test_a_backup_path_that_cannot_be_written_is_one_line(demo: Crm, tmp_path: Path) -> None:
    line = demo.fails(1, "db", "backup", str(tmp_path / "missing" / "b.db"))
    assert line == f"Error: cannot write backup {tmp_path / 'missing' / 'b.db'}: directory " \
        f"{tmp_path / 'missing'} does not exist"  # fmt: skip
    if sys.platform.startswith("linux"):
        assert demo.fails(1, "db", "backup", "/proc/crm.db").startswith("Error: cannot back up to")
    assert demo.fails(1, "db", "backup", str(tmp_path)).endswith("it is a directory")


def test_copy_refuses_a_database_with_data(demo: Crm, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other.db'}"
    demo.ok("customer", "add", "别处的客户有限公司", CRM_DATABASE_URL=other)
    line = demo.fails(1, "db", "copy", "--to", other)
    assert line.startswith(f"Error: {other} is not empty (it has ")
    assert len(demo.customers()) == 20
    assert (
        len(json.loads(demo.ok("customer", "list", "-f", "json", CRM_DATABASE_URL=other).stdout))
        == 1
    )


def test_copy_to_a_server_prints_the_counts_of_both_sides(demo: Crm, server: str) -> None:
    result = demo.ok("db", "copy", "--to", server, "-f", "json")
    counts = json.loads(result.stdout)
    assert {c["table"]: c["target"] for c in counts}["customer"] == 20
    assert all(c["source"] == c["target"] for c in counts)
    assert result.stderr.startswith("Copied ") and result.stderr.endswith("the row counts agree\n")
    on_server = demo.ok("customer", "list", "-f", "json", CRM_DATABASE_URL=server).stdout
    assert on_server == demo.ok("customer", "list", "-f", "json").stdout
    assert demo.ok("db", "check", CRM_DATABASE_URL=server).exit_code == 0


def test_backup_restore_and_copy_are_for_admins(demo: Crm, tmp_path: Path) -> None:
    assert demo.fails(5, "db", "backup", str(tmp_path / "b.db"), user="wang").endswith(
        "admin may back up the database"
    )
    demo.ok("db", "backup", str(tmp_path / "b.db"), "-q")
    assert demo.fails(5, "db", "restore", str(tmp_path / "b.db"), "--force", user="wang").endswith(
        "admin may restore the database"
    )
    assert demo.fails(5, "db", "copy", "--to", f"sqlite:///{tmp_path / 'c.db'}", user="wang").endswith("admin may copy the database")  # fmt: skip
    assert not (tmp_path / "c.db").exists()


def test_copy_needs_a_target(crm: Crm) -> None:
    result = crm.run("db", "copy")
    assert result.exit_code == 2 and "Missing option '--to'" in result.stderr


def test_the_command_module_loads_no_driver_tui_or_table_library() -> None:
    code = (
        "import json, sys\n"
        "import crm_cli.commands.db\n"
        "print(json.dumps(sorted(m for m in ('textual', 'rich.table', 'peewee', 'psycopg2',"
        " 'pymysql', 'sqlite3', 'gzip') if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
