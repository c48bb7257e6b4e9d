"""The one output helper: every format, --fields, exact money, CJK alignment, lazy imports."""

from __future__ import annotations

import csv
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

from crm_cli.commands._output import FORMATS, dumps_json, emit, emit_one, resolve_format
from crm_cli.store.core.errors import InvalidInput

ROWS: list[dict[str, Any]] = [
    {"code": "C000001", "name": "Acme", "amount": Decimal("1234.5"), "vip": True},
    {
        "code": "C000002",
        "name": "北京科技",
        "amount": Decimal("0.10") + Decimal("0.20"),
        "vip": False,
    },
]
TEXT_FORMATS = ("table", "plain", "csv", "tsv", "markdown")


def render(rows: list[dict[str, Any]], fmt: str, **options: Any) -> str:
    out = io.StringIO()
    emit(rows, fmt=fmt, out=out, **options)
    return out.getvalue()


def render_one(record: dict[str, Any], fmt: str, **options: Any) -> str:
    out = io.StringIO()
    emit_one(record, fmt=fmt, out=out, **options)
    return out.getvalue()


# ---------------------------------------------------------------- every format


def test_plain_aligns_columns_under_a_header() -> None:
    assert render(ROWS, "plain") == (
        "code     name       amount  vip\n"
        "C000001  Acme      1234.50  yes\n"
        "C000002  北京科技     0.30  no\n"
    )


def test_csv_has_a_header_and_quotes_as_rfc_4180() -> None:
    rows = [{"name": 'Say "hi", 你好', "tags": ["a", "b"], "ok": True, "none": None}]

    text = render(rows, "csv")

    assert text == 'name,tags,ok,none\n"Say ""hi"", 你好","a, b",true,\n'
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "tags", "ok", "none"],
        ['Say "hi", 你好', "a, b", "true", ""],
    ]


def test_tsv_turns_tabs_and_line_breaks_into_spaces() -> None:
    rows = [{"name": "a\tb", "note": "one\ntwo\r\nthree", "ok": False}]

    assert render(rows, "tsv") == "name\tnote\tok\na b\tone two three\tfalse\n"


def test_json_prints_a_pretty_array() -> None:
    assert render(ROWS, "json") == (
        "[\n"
        "  {\n"
        '    "code": "C000001",\n'
        '    "name": "Acme",\n'
        '    "amount": 1234.50,\n'
        '    "vip": true\n'
        "  },\n"
        "  {\n"
        '    "code": "C000002",\n'
        '    "name": "北京科技",\n'
        '    "amount": 0.30,\n'
        '    "vip": false\n'
        "  }\n"
        "]\n"
    )


def test_jsonl_prints_one_compact_object_per_line() -> None:
    assert render(ROWS, "jsonl") == (
        '{"code":"C000001","name":"Acme","amount":1234.50,"vip":true}\n'
        '{"code":"C000002","name":"北京科技","amount":0.30,"vip":false}\n'
    )


def test_markdown_is_a_pipe_table_with_escaped_pipes() -> None:
    rows = [{"name": "a|b", "amount": Decimal("5"), "vip": True}]

    assert render(rows, "markdown") == (
        "| name | amount | vip |\n| ---- | -----: | --- |\n| a\\|b |   5.00 | yes |\n"
    )


def test_table_is_a_rich_table_with_every_value() -> None:
    text = render(ROWS, "table", title="Customers")

    assert "Customers" in text
    for value in ("code", "C000001", "北京科技", "1234.50", "0.30", "yes", "no"):
        assert value in text
    assert "\x1b[" not in text  # no colour codes when not writing to a terminal


def test_table_shows_brackets_literally_rather_than_as_markup() -> None:
    text = render([{"name": "[bold]VIP[/bold] :smile:"}], "table")

    assert "[bold]VIP[/bold] :smile:" in text


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", ""),
        ("plain", ""),
        ("csv", "code,name\n"),
        ("tsv", "code\tname\n"),
        ("json", "[]\n"),
        ("jsonl", ""),
        ("markdown", "| code | name |\n| ---- | ---- |\n"),
    ],
)
def test_an_empty_list(fmt: str, expected: str) -> None:
    assert render([], fmt, columns=["code", "name"]) == expected


def test_an_empty_list_without_known_columns_prints_nothing_but_json() -> None:
    assert [render([], fmt) for fmt in FORMATS] == ["", "", "", "", "[]\n", "", ""]


def test_columns_choose_the_text_view_but_json_keeps_every_key() -> None:
    assert render(ROWS, "csv", columns=["name", "code"]).splitlines()[0] == "name,code"
    assert set(json.loads(render(ROWS, "json", columns=["name"]))[0]) == set(ROWS[0])


def test_missing_keys_print_empty_or_null() -> None:
    rows = [{"a": 1}, {"b": 2}]

    assert render(rows, "csv") == "a,b\n1,\n,2\n"
    assert render(rows, "jsonl", fields="a,b") == '{"a":1,"b":null}\n{"a":null,"b":2}\n'


def test_unknown_format_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="unknown format 'xml'; choose one of: table, plain"):
        render(ROWS, "xml")


def test_output_goes_to_the_stdout_of_call_time(capsys: pytest.CaptureFixture[str]) -> None:
    emit(ROWS, fmt="jsonl")

    assert capsys.readouterr().out.count("\n") == 2


# ---------------------------------------------------------------- values in text formats


def test_values_become_text() -> None:
    row = {
        "none": None,
        "yes": True,
        "money": Decimal("-0.004"),
        "day": dt.date(2026, 2, 3),
        "at": dt.datetime(2026, 2, 3, 4, 5, 6, 789),
        "tags": ["x", 1, Decimal("2")],
        "extra": {"k": "中", "n": 1},
        "count": 7,
    }

    assert render([row], "tsv").splitlines()[1].split("\t") == [
        "",
        "true",
        "0.00",
        "2026-02-03",
        "2026-02-03T04:05:06",
        "x, 1, 2.00",
        '{"k":"中","n":1}',
        "7",
    ]
    assert render([row], "plain", fields="yes").splitlines()[1] == "yes"


# ---------------------------------------------------------------- --fields


@pytest.mark.parametrize("fmt", FORMATS)
def test_fields_pick_and_order_columns_in_every_format(fmt: str) -> None:
    text = render(ROWS, fmt, fields="amount,code")

    if fmt in ("json", "jsonl"):
        records = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        assert [list(record) for record in records] == [["amount", "code"]] * 2
        return
    assert "Acme" not in text and "vip" not in text
    assert text.index("amount") < text.index("code")
    assert "C000002" in text and "0.30" in text


def test_fields_accept_a_list_spaces_and_friendly_spellings() -> None:
    rows = [{"due_date": dt.date(2026, 1, 2), "code": "O1"}]

    assert render(rows, "csv", fields=" Code , due-date ") == "code,due_date\nO1,2026-01-02\n"
    assert render(rows, "csv", fields=["code"]) == "code\nO1\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_field_names_the_available_ones(fmt: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        render(ROWS, fmt, fields="code,nmae")

    assert str(caught.value) == "unknown field 'nmae'; available: code, name, amount, vip"


def test_several_unknown_fields_are_named_together() -> None:
    with pytest.raises(InvalidInput, match="unknown fields 'x', 'y'; available: code"):
        render(ROWS, "json", fields="x,code,y")


def test_fields_of_an_empty_list_are_checked_against_the_columns() -> None:
    assert render([], "csv", columns=["code", "name"], fields="name") == "name\n"
    with pytest.raises(InvalidInput, match="unknown field 'x'; available: code, name"):
        render([], "csv", columns=["code", "name"], fields="x")


def test_empty_fields_are_refused() -> None:
    with pytest.raises(InvalidInput, match="no field names given"):
        render(ROWS, "plain", fields=" , ")


# ---------------------------------------------------------------- money and JSON


def test_money_is_exact_in_json() -> None:
    text = dumps_json({"total": Decimal("0.10") + Decimal("0.20")})

    assert text == '{\n  "total": 0.30\n}'
    assert json.loads(text) == {"total": 0.3}
    assert json.loads(text, parse_float=Decimal) == {"total": Decimal("0.30")}


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("12"), "12.00"),
        (Decimal("0.30"), "0.30"),
        (Decimal("1E+3"), "1000.00"),
        (Decimal("2.675"), "2.68"),  # half up, not float's 2.67
        (Decimal("-2.675"), "-2.68"),
        (Decimal("-0.001"), "0.00"),  # never "-0.00"
        (Decimal("12345678901234567890123456789.99"), "12345678901234567890123456789.99"),
        (sum([Decimal("0.10")] * 10, Decimal(0)), "1.00"),
    ],
)
def test_money_always_has_two_decimals(amount: Decimal, expected: str) -> None:
    assert dumps_json(amount) == expected
    assert render([{"m": amount}], "csv") == f"m\n{expected}\n"


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


# ---------------------------------------------------------------- emit_one


RECORD: dict[str, Any] = {
    "code": "C000002",
    "name": "北京科技",
    "total": Decimal("9.9"),
    "vip": True,
}


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


# ---------------------------------------------------------------- CJK alignment


CJK_ROWS = [
    {"name": "张三", "city": "北京", "amount": Decimal("5")},
    {"name": "Li Lei", "city": "Shanghai", "amount": Decimal("12345.6")},
    {"name": "欧阳娜娜有限公司", "city": "广州", "amount": Decimal("0.1")},
]


@pytest.mark.parametrize("columns", ["120", "30"])
def test_table_lines_have_equal_display_width_with_cjk(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)  # rich's width when not writing to a terminal

    lines = render(CJK_ROWS, "table").splitlines()

    assert len(lines) >= 7
    assert len({wcswidth(line) for line in lines}) == 1
    assert wcswidth(lines[0]) <= int(columns)


def test_plain_aligns_columns_by_display_width_with_cjk() -> None:
    lines = render(CJK_ROWS, "plain").splitlines()
    cities = ["city", "北京", "Shanghai", "广州"]

    starts = {wcswidth(line[: line.index(city)]) for line, city in zip(lines, cities, strict=True)}
    assert starts == {wcswidth("欧阳娜娜有限公司  ")}
    assert len({wcswidth(line) for line in lines}) == 1  # amounts are right-aligned


def test_markdown_pads_by_display_width_with_cjk() -> None:
    lines = render(CJK_ROWS, "markdown").splitlines()

    assert len({wcswidth(line) for line in lines}) == 1


# ---------------------------------------------------------------- resolve_format


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


# ---------------------------------------------------------------- start-up cost


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


def test_exact_numbers_print_as_themselves_not_as_money() -> None:
    from crm_cli.store.core.records import Exact

    row = {"quantity": Exact("2.000"), "small": Exact("0.125"), "pct": Exact("12.50"),
           "big": Exact("1E+2"), "money": Decimal("2")}  # fmt: skip
    assert json.loads(render([row], "json")) == [
        {"quantity": 2, "small": 0.125, "pct": 12.5, "big": 100, "money": 2.0}
    ]
    assert '"small": 0.125' in render([row], "json") and '"money": 2.00' in render([row], "json")
    assert render([row], "csv").splitlines()[1] == "2,0.125,12.5,100,2.00"
