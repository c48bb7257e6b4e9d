"""The one output helper: every format, --fields, exact money, CJK alignment, lazy imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from wcwidth import wcswidth

from crm_cli.commands._output import FORMATS, dumps_json, emit
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


@pytest.mark.parametrize(
    "cells",
    [
        ["C1", "Acme", "", "2026-01-01"],  # nothing to quote: joined without the csv module
        ["C1", "Acme, Inc", "", "x"],
        ["C1", 'say "hi"', "", "x"],
        ["C1", "two\nlines", "", "x"],
        ["C1", "cr\r", "", "x"],
        [""],  # one empty cell: the csv module writes ""
        ["", ""],
    ],
)
def test_csv_is_what_the_csv_module_writes(cells: list[str]) -> None:
    """And reads back: a carriage return is quoted too, which the module leaves bare."""
    names = [f"c{i}" for i in range(len(cells))]
    rows = [dict(zip(names, cells, strict=True)), dict.fromkeys(names, "plain")]
    lines = [names, *[list(r.values()) for r in rows]]
    text = render(rows, "csv")
    assert list(csv.reader(io.StringIO(text, newline=""))) == lines
    want = io.StringIO()
    csv.writer(want, lineterminator="\n").writerows(lines)
    assert text == want.getvalue() or ("\r" in cells[1] and text.count('"') == 2)
    dated = [{"d": dt.date(2026, 1, 2), "m": Decimal("1.5")}, {"d": None, "m": None}]
    assert render(dated, "csv") == "d,m\n2026-01-02,1.50\n,\n"


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


def test_exact_numbers_print_as_themselves_not_as_money() -> None:
    from crm_cli.store.core.records import Exact

    row = {"quantity": Exact("2.000"), "small": Exact("0.125"), "pct": Exact("12.50"),
           "big": Exact("1E+2"), "money": Decimal("2")}  # fmt: skip
    assert json.loads(render([row], "json")) == [
        {"quantity": 2, "small": 0.125, "pct": 12.5, "big": 100, "money": 2.0}
    ]
    assert '"small": 0.125' in render([row], "json") and '"money": 2.00' in render([row], "json")
    assert render([row], "csv").splitlines()[1] == "2,0.125,12.5,100,2.00"
