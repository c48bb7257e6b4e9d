"""`crm customer edit` in $EDITOR (issue 18, point 3): one customer as TOML, many as a
TSV table; refusals reopen the editor and nothing is saved until it validates.

The editors are small Python scripts written by each test; CliRunner is no terminal,
so CRM_FORCE_EDITOR=1 stands in for one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from crm_cli.commands import _edit_in_editor
from tests.cli.conftest import Crm

PROLOGUE = """\
import pathlib, sys
path = pathlib.Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
here = pathlib.Path(__file__)
count = here.with_suffix(".n")
n = int(count.read_text()) if count.exists() else 0
count.write_text(str(n + 1))
here.with_suffix(f".seen{n}").write_text(text, encoding="utf-8")
"""


class Editor:
    """An $EDITOR script: ``body`` rewrites ``text`` (call ``n``: 0, 1 …)."""

    def __init__(self, tmp_path: Path, body: str, name: str = "editor") -> None:
        self.script = tmp_path / f"{name}.py"
        self.script.write_text(PROLOGUE + body + '\npath.write_text(text, encoding="utf-8")\n')

    @property
    def command(self) -> str:
        return f"{sys.executable} {self.script}"

    @property
    def calls(self) -> int:
        count = self.script.with_suffix(".n")
        return int(count.read_text()) if count.exists() else 0

    def seen(self, n: int) -> str:
        return self.script.with_suffix(f".seen{n}").read_text(encoding="utf-8")


def run(crm: Crm, editor: Editor, *args: str, force: bool = True) -> Result:
    env: dict[str, Any] = {"EDITOR": editor.command, "VISUAL": None}
    env["CRM_FORCE_EDITOR"] = "1" if force else None
    return crm.run("customer", "edit", *args, **env)


def edits(crm: Crm, ref: str) -> list[dict[str, Any]]:
    return [e for e in crm.log(ref) if e["action"] == "edit"]


def show(crm: Crm, ref: str) -> dict[str, Any]:
    return crm.json("customer", "list", "--where", f"code = {ref}")[0]  # type: ignore[no-any-return]


def test_one_customer_changed_in_toml_is_saved_once_and_logged(crm: Crm, tmp_path: Path) -> None:
    crm.add("中兴通讯", "--city", "深圳", "--notes", '他说"好" C:\\路径')
    editor = Editor(
        tmp_path,
        "text = text.replace('status = \"potential\"', 'status = \"intent\"')\n"
        "text = text.replace('city = \"深圳\"', 'city = \"广州\"')\n"
        "text += 'region = \"华南\"\\n'\n",
    )
    result = run(crm, editor, "C000001", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "Saved customer C000001." in result.stderr
    template = editor.seen(0)
    assert template.startswith("# crm customer C000001 — lines starting with # are ignored")
    assert '# one of: potential, intent, formal, lost\nstatus = "potential"' in template
    assert 'notes = "他说\\"好\\" C:\\\\路径"' in template  # quoted and escaped, Chinese kept
    stored = show(crm, "C000001")
    assert (stored["status"], stored["city"]) == ("intent", "广州")
    assert stored["custom"] == {"region": "华南"}
    assert stored["notes"] == '他说"好" C:\\路径'  # untouched: never sent, never changed
    [entry] = edits(crm, "C000001")
    assert set(entry["changes"]) == {"status", "city", "custom"}


def test_unchanged_file_changes_nothing(crm: Crm, tmp_path: Path) -> None:
    crm.add("中兴通讯", "--notes", "tab\there")
    editor = Editor(tmp_path, "")
    result = run(crm, editor, "C000001")
    assert (result.exit_code, result.stderr, result.stdout) == (0, "Nothing changed.\n", "")
    assert edits(crm, "C000001") == []


def test_refusal_reopens_with_the_error_on_top_then_the_fix_is_saved(
    crm: Crm, tmp_path: Path
) -> None:
    crm.add("中兴通讯")
    editor = Editor(
        tmp_path,
        "new = 'bogus' if n == 0 else 'formal'\n"
        "text = text.replace('status = \"potential\"', f'status = \"{new}\"')\n"
        "text = text.replace('status = \"bogus\"', f'status = \"{new}\"')\n",
    )
    result = run(crm, editor, "C000001")
    assert result.exit_code == 0, result.stderr
    assert editor.calls == 2
    assert editor.seen(1).startswith("# ERROR: unknown status 'bogus'; statuses: potential")
    assert 'status = "bogus"' in editor.seen(1)  # the user's text kept
    assert show(crm, "C000001")["status"] == "formal"
    assert len(edits(crm, "C000001")) == 1


def test_unchanged_after_a_refusal_or_emptied_saves_nothing(crm: Crm, tmp_path: Path) -> None:
    crm.add("中兴通讯")
    editor = Editor(
        tmp_path, "if n == 0:\n    text = text.replace('name = \"中兴通讯\"', 'name = \"\"')\n"
    )
    result = run(crm, editor, "C000001")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unchanged after an error (")
    assert result.stderr.endswith("; nothing saved\n")
    assert editor.calls == 2
    emptied = Editor(tmp_path, "text = ''", "emptied")
    result = run(crm, emptied, "C000001")
    assert (result.exit_code, result.stderr) == (1, "Error: the file is empty; nothing saved\n")
    assert show(crm, "C000001")["name"] == "中兴通讯"
    assert edits(crm, "C000001") == []


def test_a_possible_duplicate_reopens_and_allow_duplicate_saves(crm: Crm, tmp_path: Path) -> None:
    crm.add("华为技术有限公司")
    crm.add("中兴通讯")
    rename = "text = text.replace('name = \"中兴通讯\"', 'name = \"华为技术有限公司\"')\n"
    editor = Editor(tmp_path, rename)
    result = run(crm, editor, "C000002")
    assert result.exit_code == 1
    assert editor.seen(1).startswith("# ERROR: possible duplicate of")
    result = run(crm, Editor(tmp_path, rename, "again"), "C000002", "--allow-duplicate")
    assert result.exit_code == 0, result.stderr
    assert show(crm, "C000002")["name"] == "华为技术有限公司"


def test_on_a_terminal_a_duplicate_asks_and_no_goes_back_to_the_editor(
    crm: Crm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_edit_in_editor, "interactive", lambda: True)
    crm.add("华为技术有限公司")
    crm.add("中兴通讯")
    rename = "text = text.replace('name = \"中兴通讯\"', 'name = \"华为技术有限公司\"')\n"
    editor = Editor(tmp_path, rename)
    env = {"EDITOR": editor.command, "VISUAL": None, "CRM_FORCE_EDITOR": "1"}
    result = crm.run("customer", "edit", "C000002", stdin="n\n", **env)
    assert result.exit_code == 1 and editor.calls == 2
    assert "Possible duplicates:\n  C000001  华为技术有限公司" in result.stderr
    assert editor.seen(1).startswith("# ERROR: possible duplicate of")
    result = crm.run("customer", "edit", "C000002", stdin="y\n", **env)
    assert result.exit_code == 0 and editor.calls == 3
    assert show(crm, "C000002")["name"] == "华为技术有限公司"


def test_audited_or_owner_change_is_refused(crm: Crm, tmp_path: Path) -> None:
    crm.add("中兴通讯")
    crm.add("华为")
    owner = Editor(
        tmp_path, "if n == 0:\n    text = text.replace('notes = ', 'owner = \"x\"\\nnotes = ')\n"
    )
    result = run(crm, owner, "C000002")
    assert result.exit_code == 1
    assert "# ERROR: 'owner' cannot be changed here; use `crm customer transfer`" in owner.seen(1)
    crm.ok("customer", "audit", "C000001")
    untouched = Editor(tmp_path, "", "untouched")
    line = crm.fails(3, "customer", "edit", "C000001", EDITOR=untouched.command,
                     CRM_FORCE_EDITOR="1")  # fmt: skip
    assert "audited" in line and untouched.calls == 0


def test_not_a_terminal_opens_no_editor(crm: Crm, tmp_path: Path) -> None:
    crm.add("中兴通讯")
    editor = Editor(tmp_path, "text = text.replace('potential', 'formal')")
    result = run(crm, editor, "C000001", force=False)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: nothing to change: give at least one field\n",
    )
    result = run(crm, editor, "--where", "city empty", "--yes", force=False)
    assert result.exit_code == 1 and "needs a terminal" in result.stderr
    result = run(crm, editor, "--where", "city empty")  # would have to ask, cannot
    assert result.exit_code == 1 and "pass --yes" in result.stderr
    assert editor.calls == 0
    assert run(crm, editor, force=False).exit_code == 2  # neither REF nor --where
    assert run(crm, editor, "C000001", "--where", "city empty").exit_code == 2
    assert crm.json("customer", "edit", "C000001", "--level", "A")["level"] == "A"


def tsv_rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def test_many_in_tsv_summary_then_all_saved_and_a_removed_line_changes_nothing(
    crm: Crm, tmp_path: Path
) -> None:
    for name in ("中兴通讯", "华为", "腾讯"):
        crm.add(name, "--city", "深圳")
    crm.add("阿里巴巴", "--city", "杭州")
    editor = Editor(
        tmp_path,
        "lines = text.split('\\n')\n"
        "lines = [l for l in lines if not l.startswith('C000003')]\n"
        "lines = [l.replace('\\tpotential\\t', '\\tintent\\t') if l.startswith('C000001') else l"
        " for l in lines]\n"
        "lines = [l.replace('\\t深圳\\t', '\\t广州\\t') if l.startswith('C000002') else l"
        " for l in lines]\n"
        "text = '\\n'.join(lines)\n",
    )
    result = run(crm, editor, "--where", "city = 深圳", "--yes")
    assert result.exit_code == 0, result.stderr
    header, *rows = tsv_rows(editor.seen(0))
    assert header[:4] == ["code", "name", "status", "level"] and "owner" not in header
    assert [r[0] for r in rows] == ["C000001", "C000002", "C000003"]
    assert "A line you delete changes nothing" in editor.seen(0)
    assert result.stderr == (
        "2 customer(s) change:\n"
        "  C000001 中兴通讯: status potential → intent\n"
        "  C000002 华为: city 深圳 → 广州\n"
        "Changed 2 customer(s).\n"
    )
    assert show(crm, "C000001")["status"] == "intent"
    assert show(crm, "C000002")["city"] == "广州"
    assert show(crm, "C000003")["status"] == "potential"  # its line was removed
    assert edits(crm, "C000003") == [] and len(edits(crm, "C000002")) == 1


def test_a_row_refusal_reopens_naming_the_row_and_nothing_is_saved_until_all_pass(
    crm: Crm, tmp_path: Path
) -> None:
    crm.add("中兴通讯", "--city", "深圳")
    crm.add("华为", "--city", "深圳")
    editor = Editor(
        tmp_path,
        "if n == 0:\n"
        "    text = text.replace('\\t华为\\tpotential', '\\t华为\\tintent')\n"
        "    text = text.replace('中兴通讯\\tpotential', '中兴通讯\\tbogus')\n"
        "elif n == 1:\n"
        "    text = text.replace('\\tbogus\\t', '\\tformal\\t')\n",
    )
    result = run(crm, editor, "--where", "city = 深圳", "--yes")
    assert result.exit_code == 0, result.stderr
    assert editor.seen(1).startswith("# ERROR: C000001: unknown status 'bogus'")
    assert "C000002" not in editor.seen(1).splitlines()[0]
    assert [show(crm, c)["status"] for c in ("C000001", "C000002")] == ["formal", "intent"]
    assert len(edits(crm, "C000001")) == len(edits(crm, "C000002")) == 1
    stuck = Editor(tmp_path, "text = text.replace('\\tformal\\t', '\\tbogus\\t')", "stuck")
    result = run(crm, stuck, "--where", "city = 深圳", "--yes")
    assert result.exit_code == 1 and "nothing saved" in result.stderr
    assert show(crm, "C000001")["status"] == "formal"


def test_tabs_and_newlines_in_cells_round_trip(crm: Crm, tmp_path: Path) -> None:
    crm.add("中兴通讯", "--city", "深圳", "--notes", "第一行\n第二\t列 C:\\dir")
    crm.add("华为", "--city", "深圳", "--notes", "原样\t不动")
    editor = Editor(
        tmp_path,
        "text = text.replace('\\t第一行\\\\n第二\\\\t列 C:\\\\\\\\dir', '\\t新\\\\t值\\\\n下一行')\n",
    )
    result = run(crm, editor, "--where", "city = 深圳", "--yes")
    assert result.exit_code == 0, result.stderr
    rows = tsv_rows(editor.seen(0))
    assert rows[1][-1] == "第一行\\n第二\\t列 C:\\\\dir" and rows[2][-1] == "原样\\t不动"
    assert show(crm, "C000001")["notes"] == "新\t值\n下一行"
    assert show(crm, "C000002")["notes"] == "原样\t不动"
    assert edits(crm, "C000002") == []


def test_only_customers_you_may_change_are_opened(staff: Crm, tmp_path: Path) -> None:
    staff.add("中兴通讯", "--city", "深圳", user="wang")
    staff.add("华为", "--city", "深圳", "--public", user="chen")  # wang sees it, may not change it
    staff.add("腾讯", "--city", "深圳", user="wang")
    staff.ok("customer", "audit", "C000003")
    editor = Editor(tmp_path, "")
    env = {"EDITOR": editor.command, "VISUAL": None, "CRM_FORCE_EDITOR": "1"}
    result = staff.run("customer", "edit", "--where", "city = 深圳", "--yes", user="wang", **env)
    assert (result.exit_code, result.stderr) == (0, "Nothing changed.\n")
    assert [r[0] for r in tsv_rows(editor.seen(0))[1:]] == ["C000001"]
    assert "# 2 match(es) you may not change (audited, not yours) left out." in editor.seen(0)
    line = staff.fails(5, "customer", "edit", "C000002", user="wang", **env)
    assert line == "Error: you may not change customer C000002" and editor.calls == 1
