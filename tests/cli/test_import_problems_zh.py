"""An import's problems in the interface language (issue 17): each line, its reason and
the --rejects file read in Chinese in a Chinese run; English output is as it was."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_cli import i18n
from crm_cli.commands._import_run import said
from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.core.tabular import PROBLEM, Problem, reason_of
from tests.cli.conftest import Crm

ZH = {"LANG": "zh_CN.UTF-8"}
# Two bad rows: a phone that is none, and a row without a name.
BAD = "客户名称,电话\n甲公司,x\n,0571-12345678\n"


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.use("zh")
    yield
    i18n.use(None)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.use("en")  # whatever an earlier command of this process chose
    yield
    i18n.use(None)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_problem_line_reads_in_chinese(crm: Crm, tmp_path: Path) -> None:
    crm.ok("config", "set", "language", "zh")
    result = crm.run("import", "customers", str(write(tmp_path, BAD)))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "错误：未导入任何内容：文件中有 2 个问题"
    assert lines[1].startswith("第 2 行") and "电话 列" in lines[1] and "应为电话号码" in lines[1]
    assert lines[2].startswith("第 3 行") and lines[2].endswith("（客户需要名称）")
    for english in ("row", "column", "bad value", "expected", "telephone", "needs a name"):
        assert english not in result.stderr


def test_a_duplicate_reads_in_chinese_and_so_do_the_rejects(crm: Crm, tmp_path: Path) -> None:
    path = write(tmp_path, "客户编号,客户名称\nK1,甲公司\nK1,乙公司\n")
    rejects = tmp_path / "rejects.csv"
    result = crm.run("import", "customers", str(path), "--rejects", str(rejects), **ZH)
    assert result.exit_code == 3
    line = result.stderr.splitlines()[0]
    assert line.startswith("错误：未导入任何内容：第 3 行") and "客户编号 列：值 'K1'" in line
    assert "可能与 本文件第 2 行（编号相同） 重复；用 --on-duplicate skip、update 或 create" in line
    for english in ("possible duplicate", "of this file", "same code", "decides"):
        assert english not in line
    found = list(csv.reader(rejects.read_text(encoding="utf-8-sig").splitlines()))
    assert found[1][-1].startswith("客户编号: 可能与 本文件第 2 行（编号相同）")


def test_the_rejects_file_gives_reasons_in_the_interface_language(crm: Crm, tmp_path: Path) -> None:
    path, rejects = write(tmp_path, BAD), tmp_path / "rejects.csv"
    for env, reason in (({}, "expected a telephone number"), (ZH, "应为电话号码")):
        crm.run("import", "customers", str(path), "--rejects", str(rejects), **env)
        found = list(csv.reader(rejects.read_text(encoding="utf-8-sig").splitlines()))
        assert found[0] == ["row", "客户名称", "电话", "reason"]  # for machines: as it was
        assert found[1][0] == "2" and found[1][-1].startswith("电话: ") and reason in found[1][-1]


def test_english_lines_are_as_they_were(crm: Crm, tmp_path: Path) -> None:
    result = crm.run("import", "customers", str(write(tmp_path, BAD)))
    assert result.stderr.splitlines() == [
        "Error: nothing imported: 2 problems in the file",
        "row 2, column 电话: bad value 'x' (expected a telephone number)",
        "row 3, column 客户名称: bad value '' (a customer needs a name)",
    ]


def test_a_problem_is_a_template_and_its_reason_a_phrase(english: None) -> None:
    error = InvalidInput("invalid {what} {text!r}: longer than {limit} characters",
                         what="name", text="x", limit=5)  # fmt: skip
    problem = Problem(3, "amount", "abc", reason_of(error))
    assert str(problem) == "row 3, column amount: bad value 'abc' (longer than 5 characters)"
    assert (problem.template, problem.params["row"], problem.params["value"]) == (PROBLEM, 3, "abc")
    reason = problem.params["reason"]
    assert isinstance(reason, Phrase) and reason == "longer than 5 characters"
    assert (reason.template, reason.params) == (error.template, error.params)
    assert said(problem) == str(problem)  # English: as the store wrote it


def test_in_chinese_a_reason_shows_its_whole_error_translated(chinese: None) -> None:
    reason = reason_of(InvalidInput("longer than {limit} characters", limit=5))
    assert said(reason) == "超过 5 个字符"  # a template crm.po translates
    assert "超过 5 个字符" in said(Problem(3, "amount", "abc", reason))
    listing = Phrase.joined("; ", [reason, "C1 甲"])
    assert str(listing) == "longer than 5 characters; C1 甲"
    assert said(listing) == "超过 5 个字符; C1 甲"
