"""`crm work-report …` (issue 14, point 1): the command contract (text from --text, stdin
or $EDITOR), reading and commenting down the hierarchy, the overview, `crm today`, and bad
input as one stderr line with CLI.md's exit code that writes nothing."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from crm_cli.commands import work_report
from tests.cli.conftest import Crm

TUE = "2026-12-08"  # 2026-W50


def write(
    crm: Crm, *args: str, user: str = "wang", as_of: str = TUE, **env: str | None
) -> dict[str, Any]:
    words = ("work-report", "write", *args, "--as-of", as_of)
    return crm.json(*words, user=user, **env)  # type: ignore[no-any-return]


def stored(crm: Crm) -> tuple[int, int, int]:
    """Reports, comments and work-report log entries in the database file."""
    with sqlite3.connect(crm.db_url.removeprefix("sqlite:///")) as conn:
        return (
            conn.execute("SELECT count(*) FROM work_report").fetchone()[0],
            conn.execute("SELECT count(*) FROM work_report_comment").fetchone()[0],
            conn.execute("SELECT count(*) FROM op_log WHERE entity = 'work_report'").fetchone()[0],
        )


def test_write_submit_show_comment_and_list(staff: Crm) -> None:
    draft = write(staff, "--week", "2026-W49", "--text", "拜访客户 5 家")
    assert (draft["code"], draft["period"], draft["status"]) == ("WR000001", "2026-W49", "draft")
    assert draft["figures"]["orders_amount"] == 0 and draft["text"] == "拜访客户 5 家"
    done = staff.run("work-report", "submit", "2026-W49", "--as-of", TUE, "-f", "json", user="wang")
    assert done.exit_code == 0 and done.stderr == "Submitted WR000001, late by 2 days.\n"
    commented = staff.json(
        "work-report", "comment", "WR000001", "--text", "下周早点交", "--as-of", TUE, user="li"
    )
    assert commented["comments"][0]["author"] == "li" and commented["late_days"] == 2
    shown = staff.ok("work-report", "show", "WR000001", "-f", "plain", user="li").stdout
    assert "拜访客户 5 家" in shown and "Reference figures (参考数据, as submitted)" in shown
    assert "下周早点交" in shown and "late_days     2" in shown
    listed = staff.json("work-report", "list", user="li")
    assert [(r["code"], r["author"], r["status"]) for r in listed] == [
        ("WR000001", "wang", "submitted")
    ]
    assert staff.json("work-report", "list", user="chen") == []
    empty = staff.ok("work-report", "list", "-f", "plain", user="chen")
    assert empty.stdout == "" and empty.stderr == "No reports.\n"


def test_text_from_stdin_and_from_the_editor(
    staff: Crm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    piped = staff.run("work-report", "write", "--day", "--as-of", TUE, "-f", "json",
                      user="wang", stdin="今天打了 12 个电话\n")  # fmt: skip
    assert piped.exit_code == 0 and '"text": "今天打了 12 个电话"' in piped.stdout
    seen = tmp_path / "template.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(p.read_text(encoding='utf-8'), encoding='utf-8')\n"
        "p.write_text('在编辑器里改写\\n# 这一行不要\\n', encoding='utf-8')\n"
    )
    monkeypatch.setattr(work_report, "_stdin_is_terminal", lambda: True)
    edited = write(staff, "--day", EDITOR=f"{sys.executable} {editor}", VISUAL=None)
    assert edited["text"] == "在编辑器里改写"
    template = seen.read_text(encoding="utf-8")
    assert template.startswith("今天打了 12 个电话\n") and "# Reference figures" in template
    failing = tmp_path / "fail.py"
    failing.write_text("import sys\nsys.exit(3)\n")
    line = staff.fails(1, "work-report", "write", "--day", "--as-of", TUE, user="wang",
                       EDITOR=f"{sys.executable} {failing}", VISUAL=None)  # fmt: skip
    assert line == "Error: the editor exited with status 3; nothing saved"


def test_bad_input_is_one_line_with_its_exit_code_and_writes_nothing(staff: Crm) -> None:
    write(staff, "--day", "2026-12-07", "--text", "日报")
    staff.ok("work-report", "submit", "2026-12-07", "--as-of", TUE, user="wang")
    write(staff, "--day", "2026-12-07", "--text", "赵的日报", user="zhao")
    staff.ok("work-report", "submit", "2026-12-07", "--as-of", TUE, user="zhao")
    before = stored(staff)
    cases = [
        (1, "has not started", ("write", "--week", "2026-W51", "--text", "x"), "wang"),
        (1, "already submitted", ("submit", "2026-12-07"), "wang"),
        (3, "cannot be rewritten", ("write", "--day", "2026-12-07", "--text", "改"), "wang"),
        (5, "only those above", ("comment", "WR000001", "--text", "好"), "zhao"),
        (5, "only those above", ("comment", "WR000001", "--text", "好"), "chen"),
        (5, "your own", ("comment", "WR000001", "--text", "好"), "wang"),
        (1, "empty report text", ("write", "--day", "--text", "  "), "wang"),
        (1, "invalid week", ("write", "--week", "2026-W54", "--text", "x"), "wang"),
        (4, "no work report", ("show", "WR000002"), "chen"),
        (3, "cannot be deleted", ("delete", "WR000001", "--yes"), "wang"),
        (1, "unknown report kind", ("list", "--kind", "year"), "li"),
    ]
    for code, message, words, user in cases:
        line = staff.fails(code, "work-report", *words, "--as-of", TUE, user=user)
        assert message in line, (words, line)
    assert stored(staff) == before
    usage = staff.run("work-report", "write", "--day", "--week", "--text", "x", user="wang")
    assert usage.exit_code == 2 and "choose one of --day, --week or --month" in usage.stderr
    assert stored(staff) == before


def test_overview_as_json_and_as_a_grid(staff: Crm) -> None:
    write(staff, "--week", "2026-W48", "--text", "周报", as_of="2026-12-01")
    staff.ok("work-report", "submit", "2026-W48", "--as-of", "2026-12-01", user="wang")
    data = staff.json("work-report", "overview", "--week", "--from", "2026-W48", "--as-of", TUE,
                      user="li")  # fmt: skip
    assert (data["kind"], data["from"], data["to"]) == ("week", "2026-11-23", "2026-12-13")
    assert data["periods"] == ["2026-W48", "2026-W49", "2026-W50"]
    wang, zhao = data["people"]
    assert [(c["status"], c["days"]) for c in wang["cells"]] == [
        ("late", 2), ("missing", 2), ("not_due", 0),
    ]  # fmt: skip
    assert (wang["late"], zhao["missing"]) == (1, 2)
    grid = staff.run("work-report", "overview", "--week", "--from", "2026-W48", "--as-of", TUE,
                     "-f", "plain", user="li")  # fmt: skip
    lines = grid.stdout.splitlines()
    assert lines[0].split() == ["login", "name", "2026-W48", "2026-W49", "2026-W50", "on_time",
                                "late", "missing"]  # fmt: skip
    assert lines[1].split()[:5] == ["wang", "wang", "+2", "✗", "·"]
    assert grid.stderr.startswith("✓ on time")
    csv = staff.ok("work-report", "overview", "--week", "--as-of", TUE, "-f", "csv",
                   "--fields", "login,2026-W50", user="li").stdout  # fmt: skip
    assert csv.splitlines() == ["login,2026-W50", "wang,·", "zhao,·"]
    assert "no one reports to you" in staff.fails(
        5, "work-report", "overview", "--week", user="chen"
    )
    usage = staff.run("work-report", "overview", user="li")
    assert usage.exit_code == 2


def test_delete_a_draft_and_the_reminders_in_today(staff: Crm) -> None:
    staff.ok("config", "set", "work_report.expected", "day")
    write(staff, "--day", "2026-12-07", "--text", "草稿")
    deleted = staff.run("work-report", "delete", "2026-12-07", "--yes", user="wang")
    assert deleted.exit_code == 0 and deleted.stderr == "Deleted work report WR000001.\n"
    today = staff.json("today", "--as-of", TUE, user="wang")
    assert today["counts"]["report_missing"] == 1
    assert today["items"][0]["text"] == "daily report for 2026-12-07 not submitted"
    write(staff, "--day", "2026-12-07", "--text", "重写")
    staff.ok("work-report", "submit", "WR000001", "--as-of", TUE, user="wang")
    assert staff.json("today", "--as-of", TUE, user="wang")["counts"]["report_missing"] == 0
    text = staff.ok("today", "--as-of", TUE, "-f", "plain", user="li").stdout
    assert "Work reports to comment on (1)" in text
    assert "wang's daily report for 2026-12-07 waits for a comment" in text
