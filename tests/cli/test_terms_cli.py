"""Query-language terms on the command line (SH-1): `crm customer list TERMS…`, exports,
named filters in the personal config, `-tag` among options, one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from crm_cli.commands._terms import TAGS
from crm_cli.store.customers.query_terms import BUILT_IN

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

A, B, C = "C000001", "C000002", "C000003"


@pytest.fixture
def three(crm: Crm) -> Crm:
    """Alpha (上海, 2024, A, region 华南), Bravo (北京, 2025, A), Charlie (上海, 2026, public)."""
    crm.add("Alpha Trading", "--city", "上海", "--registered", "2024-01-10", "--level", "A",
            "--field", "region=华南")  # fmt: skip
    crm.add("Bravo Foods", "--city", "北京", "--registered", "2025-06-01", "--level", "A")
    crm.add("Charlie Motors", "--city", "上海", "--registered", "2026-01-01", "--public")
    return crm


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["city:上海"], [A, C]),
        (["city:上海", "level:A"], [A]),
        (["registered.after:2025-01-01"], [B, C]),
        (["registered.before:2025年1月1日"], [A]),
        (["region:华南"], [A]),
        (["custom.region.not:华南"], [B, C]),
        (["+public"], [C]),
        (["-public", "city:上海"], [A]),
        (["city:上海", "-public"], [A]),
        (["owner:me", "Alpha"], [A]),
        (["city.in:北京,上海", "-uncontacted30"], []),
        (["city:上海", "-overdue", "--sort", "name"], [A, C]),
        (["-public"], [A, B]),
    ],
)  # fmt: skip
def test_customer_list_takes_terms(three: Crm, terms: list[str], expected: list[str]) -> None:
    assert three.codes(*terms) == expected


def test_terms_and_options_combine(three: Crm) -> None:
    assert three.codes("level:A", "--where", "city = 北京") == [B]
    assert three.codes("city:上海", "--search", "Charlie") == [C]


def test_named_filters_from_the_config(three: Crm) -> None:
    three.ok("config", "set", "filter.sh", "city:上海 -public")
    three.ok("config", "set", "filter.hot", "level:A @sh")
    assert three.codes("@hot") == [A]
    assert three.ok("config", "get", "filter.hot").stdout == "level:A @sh\n"
    rows = three.json("config", "list")
    assert {"key": "filter.sh", "value": "city:上海 -public", "scope": "personal",
            "help": "named filter @sh"} in rows  # fmt: skip
    three.ok("config", "set", "filter.sh", "")  # removed
    line = three.fails(1, "customer", "list", "@hot")
    assert line == ("Error: unknown named filter '@sh'; named filters: @hot "
                    '(add one with: crm config set filter.NAME "TERMS")')  # fmt: skip


def test_a_named_filter_that_cannot_be_read_is_refused(three: Crm) -> None:
    line = three.fails(1, "config", "set", "filter.x", 'city:"上海')
    assert line == "Error: unclosed quote at column 6 in 'city:\"上海'"
    three.ok("config", "set", "filter.a", "@a")
    assert three.fails(1, "customer", "list", "@a") == (
        "Error: named filter @a uses itself (@a → @a)"
    )


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (["cty:深圳"], "unknown field 'cty' in 'cty:深圳' (did you mean city?)"),
        (["next.before:tomorow"], "bad date 'tomorow' in 'next.before:tomorow': use "),
        (["owed.over:many"], "bad amount 'many' in 'owed.over:many'"),
        (["+owd"], "unknown tag '+owd' (did you mean +owed?)"),
        (["status:nope"], "unknown status 'nope'; statuses: "),
    ],
)  # fmt: skip
def test_a_bad_term_prints_one_line_and_nothing_else(
    three: Crm, terms: list[str], message: str
) -> None:
    for fmt in ("json", "table", "csv"):
        line = three.fails(1, "customer", "list", *terms, "-f", fmt)
        assert line.startswith(f"Error: {message}"), line


def test_saved_searches_keep_terms(three: Crm) -> None:
    three.ok("customer", "list", "city:上海", "-public", "--save", "上海私有")
    assert three.codes("--saved", "上海私有") == [A]
    assert three.codes("--saved", "上海私有", "level:B") == []


def test_export_takes_terms(three: Crm, tmp_path: Path) -> None:
    out = three.ok("export", "customers", "city:上海", "-public", "-f", "jsonl").stdout
    assert [line.count("Alpha") for line in out.splitlines()] == [1]
    out = three.ok("customer", "export", "-public", "-o", str(tmp_path / "x.csv")).stderr
    assert "Exported 2 customers" in out
    assert three.fails(1, "export", "customers", "cty:上海").startswith("Error: unknown field")


def test_the_face_knows_every_customer_tag() -> None:
    assert {t.name for t in BUILT_IN} | {"pool_soon"} <= TAGS


def test_negated_tags_are_kept_from_the_option_parser() -> None:
    import typer.main

    from crm_cli.commands import customer

    command: Any = typer.main.get_command(customer.app).commands["list"]  # type: ignore[attr-defined]
    args = ["--search", "-abc", "-overdue", "-fjson", "-owed", "city:x", "--", "-mine"]
    assert command._tags_last(args) == [
        "--search", "-abc", "-fjson", "city:x", "--", "-overdue", "-owed", "-mine"
    ]  # fmt: skip


def test_opportunity_list_takes_terms(three: Crm) -> None:
    three.ok("opportunity", "add", A, "--amount", "60000", "--probability", "50", "--stage", "报价")
    three.ok("opportunity", "add", B, "--amount", "1万", "--probability", "40")
    three.ok("config", "set", "filter.big", "amount.over:5万")
    rows = three.json("opportunity", "list", "stage:报价", "@big", "-won", "owner:me")
    assert [r["code"] for r in rows] == ["OP000001"]
    assert [r["code"] for r in three.json("opportunity", "list", "-open")] == []
    line = three.fails(1, "opportunity", "list", "stag:报价", "-f", "json")
    assert line.startswith("Error: unknown field 'stag' in 'stag:报价' (did you mean stage?)")


def test_report_summary_takes_field_terms(three: Crm) -> None:
    rows = three.json("report", "summary", "customers", "city:上海", "--by", "level")["rows"]
    assert {r["level"]: r["count"] for r in rows} == {"A": 1, "": 1}
    line = three.fails(1, "report", "summary", "campaigns", "+owed")
    assert line == "Error: '+owed': a summary of campaigns takes FIELD:VALUE terms, no tags"


def test_opportunity_export_takes_terms(three: Crm) -> None:
    three.ok("opportunity", "add", A, "--amount", "60000", "--probability", "50", "--stage", "报价")
    three.ok("opportunity", "add", B, "--amount", "1万", "--probability", "40")
    out = three.ok("export", "opportunities", "amount.over:5万", "-won", "-f", "jsonl").stdout
    assert [line.count("OP000001") for line in out.splitlines()] == [1]
    out = three.ok("opportunity", "export", "stage:", "-f", "jsonl").stdout
    assert [line.count("OP000002") for line in out.splitlines()] == [1]
