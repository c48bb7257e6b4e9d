"""The output helper, continued: one record (`emit_one`), exact money in JSON, choosing the
format, and what importing the helper costs."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from wcwidth import wcswidth

from crm_cli.commands._output import dumps_json, emit_one, resolve_format
from crm_cli.store.core.errors import InvalidInput

RECORD: dict[str, Any] = {
    "code": "C000002",
    "name": "北京科技",
    "total": Decimal("9.9"),
    "vip": True,
}


def render_one(record: dict[str, Any], fmt: str, **options: Any) -> str:
    out = io.StringIO()
    emit_one(record, fmt=fmt, out=out, **options)
    return out.getvalue()


def test_money_is_exact_in_json() -> None:
    text = dumps_json({"total": Decimal("0.10") + Decimal("0.20")})

    assert text == '{\n  "total": 0.30\n}'
    assert json.loads(text) == {"total": 0.3}
    assert json.loads(text, parse_float=Decimal) == {"total": Decimal("0.30")}


def test_non_finite_money_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="finite"):
        dumps_json(Decimal("NaN"))


def test_dumps_json_lays_out_like_the_standard_library() -> None:
    value = {"a": [1, {"b": None, "c": []}], "d": {}, "e": "x\ny", "f": 1.5, "g": [True]}

    assert dumps_json(value) == json.dumps(value, indent=2)
    assert dumps_json(value, indent=None) == json.dumps(value, separators=(",", ":"))


def test_dumps_json_dates_text_and_keys() -> None:
    value = {
        "day": dt.date(2026, 1, 2),
        "at": dt.datetime(2026, 1, 2, 3, 4, 5, 999999, tzinfo=dt.UTC),
        "name": "张三",
        1: "one",
        None: "nothing",
        "tags": ("a",),
    }

    assert json.loads(dumps_json(value)) == {
        "day": "2026-01-02",
        "at": "2026-01-02T03:04:05+00:00",
        "name": "张三",
        "1": "one",
        "null": "nothing",
        "tags": ["a"],
    }
    assert "张三" in dumps_json(value)


def test_emit_one_json_is_one_object() -> None:
    assert json.loads(render_one(RECORD, "json")) == {
        "code": "C000002",
        "name": "北京科技",
        "total": 9.9,
        "vip": True,
    }
    assert render_one(RECORD, "json", fields="total") == '{\n  "total": 9.90\n}\n'


def test_emit_one_plain_is_a_key_value_view() -> None:
    assert render_one(RECORD, "plain") == (
        "code   C000002\nname   北京科技\ntotal  9.90\nvip    yes\n"
    )
    assert render_one(RECORD, "plain", fields="vip,code") == "vip   yes\ncode  C000002\n"


def test_emit_one_table_is_a_key_value_view() -> None:
    lines = render_one(RECORD, "table").splitlines()

    assert any("total" in line and "9.90" in line for line in lines)
    assert any("name" in line and "北京科技" in line for line in lines)
    assert len({wcswidth(line) for line in lines}) == 1


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "code,name,total,vip\nC000002,北京科技,9.90,true\n"),
        ("tsv", "code\tname\ttotal\tvip\nC000002\t北京科技\t9.90\ttrue\n"),
        ("jsonl", '{"code":"C000002","name":"北京科技","total":9.90,"vip":true}\n'),
    ],
)
def test_emit_one_prints_one_row_elsewhere(fmt: str, expected: str) -> None:
    assert render_one(RECORD, fmt) == expected


def test_emit_one_markdown_is_one_row() -> None:
    assert render_one(RECORD, "markdown", fields="code,total").splitlines() == [
        "| code    | total |",
        "| ------- | ----: |",
        "| C000002 |  9.90 |",
    ]


def test_emit_one_checks_fields() -> None:
    with pytest.raises(InvalidInput, match="unknown field 'x'; available: code, name"):
        render_one(RECORD, "plain", fields="x")


def test_resolve_format_prefers_the_option_then_env_then_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CRM_FORMAT", "csv")

    assert resolve_format("JSON") == "json"
    assert resolve_format(None) == "csv"
    assert resolve_format(None, "jsonl") == "csv"
    monkeypatch.setenv("CRM_FORMAT", "  ")
    assert resolve_format(None, "jsonl") == "jsonl"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_resolve_format_is_table_on_a_terminal_and_plain_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CRM_FORMAT", raising=False)
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert resolve_format(None) == "table"
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert resolve_format(None) == "plain"


def test_resolve_format_refuses_unknown_names(monkeypatch: pytest.MonkeyPatch) -> None:
    valid = "table, plain, csv, tsv, json, jsonl, markdown"
    with pytest.raises(InvalidInput) as caught:
        resolve_format("yaml")
    assert str(caught.value) == f"unknown format 'yaml'; choose one of: {valid}"

    monkeypatch.setenv("CRM_FORMAT", "xml")
    with pytest.raises(InvalidInput, match=r"'xml' \(from CRM_FORMAT\)"):
        resolve_format(None)


def test_importing_the_helper_loads_no_rich_tabulate_or_wcwidth() -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys, crm_cli.commands._output\n"
        "print(sorted(m for m in ('rich', 'tabulate', 'wcwidth', 'textual')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "[]"


def test_the_fast_width_agrees_with_wcwidth_wherever_it_answers() -> None:
    # Plain output measures ASCII and common CJK itself to spare start-up the wcwidth
    # tables; wherever it gives an answer, the answer must be wcwidth's.
    from wcwidth import wcwidth

    from crm_cli.commands._layout import simple_width

    answered = 0
    for code in range(0x10000):
        width = simple_width(chr(code))
        if width is not None:
            answered += 1
            assert width == wcwidth(chr(code)), hex(code)
    assert answered > 20_000  # the CJK ideographs really take the fast path
    assert simple_width("中兴 ZTE") == 8
    assert simple_width("é") is None  # anything else goes to wcwidth
