"""Output streams (issue 11): rows print as the store reads them, in every format, exactly as
one list would print; a reader that leaves early (`| head`) ends the command quietly."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from crm_cli.commands import _output, _stream

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = ("code", "name", "amount", "due", "active")


def records(count: int, wide_at: int | None = None) -> list[dict[str, Any]]:
    return [
        {
            "code": f"C{n:06d}",
            "name": ("深圳华信科技有限公司" * 3 if n == wide_at else f"客户 {n % 7}"),
            "amount": Decimal(n) / 4,
            "due": dt.date(2026, 1, 1) + dt.timedelta(days=n),
            "active": n % 2 == 0,
        }
        for n in range(count)
    ]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_stream, "FIRST", 3)
    monkeypatch.setattr(_stream, "CHUNK", 4)
    monkeypatch.setattr(_stream, "JSON_CHUNK", 5)


def printed(rows: Any, fmt: str, fields: str | None = None, *, stream: bool) -> str:
    out = io.StringIO()
    if stream:
        _stream.emit_rows(iter(rows), fmt=fmt, fields=fields, columns=COLUMNS, out=out)
    else:
        _output.emit(list(rows), fmt=fmt, fields=fields, columns=COLUMNS, out=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "plain", "markdown"])
@pytest.mark.parametrize("fields", [None, "name,code"])
def test_a_streamed_list_prints_as_one_list(
    small_chunks: None, fmt: str, fields: str | None
) -> None:
    rows = records(23)
    assert printed(rows, fmt, fields, stream=True) == printed(rows, fmt, fields, stream=False)


@pytest.mark.parametrize("fmt", ["plain", "markdown", "csv"])
def test_a_streamed_list_in_chinese_prints_as_one_list(small_chunks: None, fmt: str) -> None:
    from crm_cli import i18n

    rows = [{**row, "status": ("approved", "potential")[n % 2]} for n, row in enumerate(records(9))]
    out = io.StringIO()
    i18n.use("zh")
    try:
        _stream.emit_rows(iter(rows), fmt=fmt, fields=None, columns=(*COLUMNS, "status"), out=out)
        whole = io.StringIO()
        _output.emit(rows, fmt=fmt, fields=None, columns=(*COLUMNS, "status"), out=whole)
    finally:
        i18n.use(None)
    assert out.getvalue() == whole.getvalue()
    people = fmt != "csv"  # csv keeps the values scripts read, in every language
    assert ("已审批" in out.getvalue() and "潜在客户" in out.getvalue()) is people
    assert ("是" in out.getvalue()) is people and (",potential" in out.getvalue()) is not people


@pytest.mark.parametrize("fmt", ["plain", "markdown"])
def test_a_wider_cell_after_the_first_chunk_widens_only_its_own_line(
    small_chunks: None, fmt: str
) -> None:
    rows = records(12, wide_at=9)
    lines = printed(rows, fmt, stream=True).splitlines()
    assert lines[:-3] == printed(rows[:9], fmt, stream=False).splitlines()[: len(lines) - 3]
    wide = next(line for line in lines if "有限公司" in line)
    starts = {line.index("2026-") for line in lines if "2026-" in line and line != wide}
    assert len(starts) == 1 and wide.index("2026-") > starts.pop()  # only its line moves
    assert "深圳华信科技有限公司" * 3 in wide


def test_rows_are_written_before_the_last_one_is_read(small_chunks: None) -> None:
    out = io.StringIO()
    pulled: list[int] = []
    written_when: list[int] = []

    def source() -> Iterator[dict[str, Any]]:
        for n, row in enumerate(records(40)):
            if out.tell() and not written_when:
                written_when.append(n)
            pulled.append(n)
            yield row

    _stream.emit_rows(source(), fmt="csv", fields=None, columns=COLUMNS, out=out)
    assert len(pulled) == 40 and written_when and written_when[0] <= 3 + 1


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    env.update(
        CRM_DATABASE_URL=f"sqlite:///{tmp_path / 'crm.db'}", CRM_USER="admin",
        CRM_CONFIG_DIR=str(tmp_path / "cfg"), CRM_DATA_DIR=str(tmp_path / "data"),
    )  # fmt: skip
    return env


@pytest.mark.parametrize("fmt", ["csv", "json", "plain"])
def test_a_reader_that_leaves_early_ends_the_list_quietly(tmp_path: Path, fmt: str) -> None:
    env = _environment(tmp_path)
    crm = [sys.executable, "-m", "crm_cli"]
    subprocess.run([*crm, "demo", "--size", "1500"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    proc = subprocess.Popen(
        [*crm, "contact", "list", "-f", fmt], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # `| head -1`: one line, then the pipe closes
    proc.stdout.close()
    error = proc.stderr.read()
    assert proc.wait(timeout=60) == 0 and first
    assert error == b""
