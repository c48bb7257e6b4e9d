"""`crm customer evaluate|evaluations` (issue 13, point 3; EVL-1): the command contract, the
latest grade and strategy on the customer and in `--where`, the 360 view, the first page
read from an index, and bad input as one stderr line with CLI.md's exit code that writes
nothing."""

from __future__ import annotations

import sqlite3
from typing import Any

import peewee as pw
import pytest

from tests.cli.conftest import Crm


@pytest.fixture
def firm(staff: Crm) -> Crm:
    """wang's customers C000001 and C000002; chen on her own sees neither."""
    staff.add("华为技术有限公司", user="wang")
    staff.add("中兴通讯", user="wang")
    return staff


def evaluate(crm: Crm, *extra: str, ref: str = "C000001", user: str = "wang") -> dict[str, Any]:
    return crm.json("customer", "evaluate", ref, *extra, user=user)  # type: ignore[no-any-return]


def listed(crm: Crm, *extra: str, ref: str = "C000001", user: str = "wang") -> list[Any]:
    return crm.json("customer", "evaluations", ref, *extra, user=user)  # type: ignore[no-any-return]


def test_evaluate_prints_the_evaluation_and_the_customer_shows_the_latest(firm: Crm) -> None:
    first = evaluate(firm, "--grade", "A", "--score", "credit=4", "--score", "potential=5",
                     "--strategy", "develop", "--note", "按时付款")  # fmt: skip
    assert (first["code"], first["customer"], first["evaluator"]) == (
        "EVL000001",
        "C000001",
        "wang",
    )
    assert (first["grade"], first["strategy"], first["note"]) == ("A", "develop", "按时付款")
    assert first["scores"] == {"credit": 4, "potential": 5}
    evaluate(firm, "--grade", "B", "--score", "loyalty=3", user="li")
    shown = firm.json("customer", "show", "C000001", user="wang")
    assert (shown["grade"], shown["strategy"]) == ("B", "develop")
    assert [(e["code"], e["grade"], e["evaluator"]) for e in shown["evaluations"]] == [
        ("EVL000002", "B", "li"), ("EVL000001", "A", "wang")]  # fmt: skip
    assert shown["evaluations"][1]["scores"] == {"credit": 4, "potential": 5}
    actions = [(e["entity"], e["action"]) for e in firm.log("C000001")][:2]
    assert actions == [("evaluation", "evaluate")] * 2
    text = firm.ok("customer", "show", "C000001", "-f", "plain", user="wang").stdout
    assert "Evaluations (2)" in text and "EVL000002" in text


def test_evaluations_lists_newest_first_and_pages(firm: Crm) -> None:
    for grade in ("D", "C", "B", "A"):
        evaluate(firm, "--grade", grade)
    everything = listed(firm)
    assert [e["grade"] for e in everything] == ["A", "B", "C", "D"]
    assert listed(firm, "-n", "2", "--offset", "1") == everything[1:3]
    assert listed(firm, "--limit", "0") == []
    csv = firm.ok("customer", "evaluations", "C000001", "-f", "csv", "--fields", "code,grade")
    assert csv.stdout.splitlines() == ["code,grade", "EVL000004,A", "EVL000003,B", "EVL000002,C",
                                       "EVL000001,D"]  # fmt: skip
    assert listed(firm, ref="C000002") == []
    assert "--offset" in firm.fails(1, "customer", "evaluations", "C000001", "--offset", "-1")


def test_customers_are_filtered_on_the_latest_grade_and_strategy(firm: Crm) -> None:
    evaluate(firm, "--grade", "A", "--strategy", "develop")
    evaluate(firm, "--grade", "A", "--strategy", "maintain", ref="C000002")
    evaluate(firm, "--grade", "C", ref="C000002")

    def codes(*where: str, user: str = "wang") -> list[str]:
        args = [arg for clause in where for arg in ("--where", clause)]
        return [c["code"] for c in firm.customers(*args, user=user)]

    assert codes("grade = A") == ["C000001"]
    assert codes("strategy = maintain") == ["C000002"]
    assert codes("grade = C", "strategy = maintain") == ["C000002"]
    assert codes("grade = A", user="chen") == []
    rows = firm.customers("--sort", "-grade", "--fields", "code,grade,strategy", user="wang")
    assert rows == [{"code": "C000002", "grade": "C", "strategy": "maintain"},
                    {"code": "C000001", "grade": "A", "strategy": "develop"}]  # fmt: skip
    line = firm.fails(1, "customer", "update", "--where", "grade = A", "--set", "grade=B", "--yes")
    assert "'grade'" in line


def _paged_plans(crm: Crm, monkeypatch: pytest.MonkeyPatch, *words: str) -> list[str]:
    """The EXPLAIN QUERY PLAN of each paged SELECT that `crm WORDS` runs."""
    seen: list[tuple[str, Any]] = []
    original = pw.SqliteDatabase.execute_sql

    def record(self: Any, sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        seen.append((sql, params))
        return original(self, sql, params, *args, **kw)

    monkeypatch.setattr(pw.SqliteDatabase, "execute_sql", record)
    crm.ok(*words, "-n", "2", "-f", "csv")
    monkeypatch.undo()
    paged = [(sql, p) for sql, p in seen if "LIMIT" in sql and "ORDER BY" in sql]
    assert paged, words
    with sqlite3.connect(crm.tmp_path / "crm.db") as con:
        return [" | ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))
                for sql, params in paged]  # fmt: skip


def test_the_first_pages_are_read_in_order_from_an_index(
    firm: Crm, monkeypatch: pytest.MonkeyPatch
) -> None:
    for grade in ("A", "B", "A"):
        evaluate(firm, "--grade", grade, "--strategy", "develop")
    for words, index in (
        (("customer", "evaluations", "C000001"), "customer_evaluation_customer_id_evaluated_at"),
        (("customer", "list", "--where", "grade = A"), "customer_grade_id"),
        (("customer", "list", "--where", "strategy = develop"), "customer_strategy_id"),
        (("customer", "list", "--sort", "grade"), "customer_grade_id"),
    ):
        for plan in _paged_plans(firm, monkeypatch, *words):
            assert "B-TREE FOR ORDER BY" not in plan and f"INDEX {index}" in plan, (words, plan)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--grade", "A", "--score", "credit=6"), "invalid score credit=6: expected 1 to 5"),
        (("--grade", "A", "--score", "credit=0"), "invalid score credit=0: expected 1 to 5"),
        (("--grade", "A", "--score", "price=3"),
         "unknown score 'price'; use one of: credit, potential, loyalty, cooperation"),
        (("--grade", "E"), "unknown grade 'E'; use one of: A, B, C, D"),
        (("--grade", "A", "--strategy", "drop"),
         "unknown strategy 'drop'; use one of: develop, maintain, watch, abandon"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_1_and_writes_nothing(
    firm: Crm, extra: tuple[str, ...], message: str
) -> None:
    evaluate(firm, "--grade", "B", "--strategy", "watch")
    before = (firm.snapshot(), listed(firm), firm.log("C000001"))
    line = firm.fails(1, "customer", "evaluate", "C000001", *extra, user="wang")
    assert line == f"Error: {message}"
    assert (firm.snapshot(), listed(firm), firm.log("C000001")) == before


def test_a_customer_one_cannot_see_is_not_found(firm: Crm) -> None:
    before = firm.snapshot()
    line = firm.fails(4, "customer", "evaluate", "C000001", "--grade", "A", user="chen")
    assert line == "Error: no customer 'C000001'"
    assert firm.fails(4, "customer", "evaluations", "C000001", user="chen") == line
    assert firm.snapshot() == before and listed(firm) == []


def test_one_who_sees_but_may_not_change_is_denied(firm: Crm) -> None:
    firm.add("公开客户", "--public", user="wang")
    evaluate(firm, "--grade", "C", ref="C000003")
    line = firm.fails(5, "customer", "evaluate", "C000003", "--grade", "A", user="chen")
    assert "may not evaluate customer C000003" in line
    assert [e["grade"] for e in listed(firm, ref="C000003", user="chen")] == ["C"]


def test_a_missing_grade_is_a_usage_error(firm: Crm) -> None:
    result = firm.run("customer", "evaluate", "C000001", "--score", "credit=3", user="wang")
    assert result.exit_code == 2 and "--grade" in result.stderr
    assert listed(firm) == []
