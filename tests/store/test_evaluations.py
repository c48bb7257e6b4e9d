"""Customer evaluations (issue 13, point 3; EVL-1): a grade, scores and a strategy by the
team's lists, the latest kept on the customer and filtered on in SQL, who may evaluate
and read, and the refusals that write nothing. The core path and the refusals run on
SQLite, PostgreSQL and MariaDB (``any_team``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, settings
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.listing import Page
from crm_cli.store.customers import customers, query
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.store.evaluation import evaluations
from crm_cli.store.evaluation import models as em
from crm_cli.store.evaluation.records import Evaluation
from crm_cli.store.overview.customer360 import customer_view
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
LATER = NOW + dt.timedelta(days=30)


@pytest.fixture
def wangs(any_team: Team) -> str:
    return customers.add_customer(any_team.wang, "华为技术有限公司", now=NOW).code


def evaluate(actor: Any, customer: str, grade: str = "A", **kw: Any) -> Evaluation:
    kw.setdefault("now", NOW)
    return evaluations.evaluate_customer(actor, customer, grade=grade, **kw)


def snapshot() -> list[tuple[Any, ...]]:
    """Every evaluation, log and customer row: a refusal must leave them as they were."""
    rows = list(em.CustomerEvaluation.select().order_by(em.CustomerEvaluation.id).tuples())
    log = list(m.OpLog.select().order_by(m.OpLog.id).tuples())
    kept = [(c.code, c.grade, c.strategy) for c in cm.Customer.select()]
    return [*rows, *log, *kept]


def grades_of(actor: Any, *where: str) -> list[str]:
    flt = CustomerFilter(where=where)
    return [c.code for c in query.list_customers(actor, flt, now=NOW)]


def test_an_evaluation_is_kept_logged_and_shown_on_the_customer(any_team: Team, wangs: str) -> None:
    e = evaluate(any_team.wang, wangs, "a", scores=["credit=4", "Potential=5"],
                 strategy="Develop", note="按时付款")  # fmt: skip
    assert (e.code, e.customer, e.evaluator, e.date) == ("EVL000001", wangs, "wang", NOW.date())
    assert (e.grade, e.scores, e.strategy, e.note) == ("A", {"credit": 4, "potential": 5},
                                                       "develop", "按时付款")  # fmt: skip
    later = evaluate(any_team.li, wangs, "B", scores={"loyalty": "3"}, now=LATER)
    shown = customers.get_customer(any_team.wang, wangs, now=LATER)
    # The newest grade; the strategy of the newest evaluation that gave one.
    assert (shown.grade, shown.strategy) == ("B", "develop")
    listed = list(evaluations.iter_evaluations(any_team.wang, wangs, now=LATER))
    assert [x.code for x in listed] == [later.code, e.code]
    assert listed[1] == e
    paged = evaluations.iter_evaluations(any_team.wang, wangs, page=Page(1, 1), now=LATER)
    assert [x.code for x in paged] == [e.code]
    row = customers.find_row(any_team.admin, wangs, NOW.date())
    entries = [x for x in oplog.entries_for_customer(row.id) if x.entity == "evaluation"]
    assert [(x.action, x.actor, x.changes["grade"]) for x in entries] == [
        ("evaluate", "li", "B"), ("evaluate", "wang", "A")]  # fmt: skip
    assert entries[1].changes["scores"] == {"credit": 4, "potential": 5}


def test_lists_filter_and_sort_on_the_latest_grade_and_strategy(any_team: Team, wangs: str) -> None:
    other = customers.add_customer(any_team.wang, "中兴通讯", now=NOW).code
    customers.add_customer(any_team.wang, "未评价", now=NOW)
    evaluate(any_team.wang, wangs, "A", strategy="develop")
    evaluate(any_team.wang, other, "A", strategy="maintain")
    evaluate(any_team.wang, other, "C", now=LATER)
    assert grades_of(any_team.wang, "grade = A") == [wangs]
    assert grades_of(any_team.wang, "grade = C", "strategy = maintain") == [other]
    assert grades_of(any_team.wang, "strategy in develop,maintain") == [other, wangs]
    assert len(grades_of(any_team.wang, "grade empty")) == 1
    ranked = query.list_customers(any_team.wang, sort="grade", now=NOW)
    assert [c.grade for c in ranked if c.grade] == ["A", "C"]
    assert grades_of(any_team.chen, "grade = A") == []  # visibility still holds


def test_the_360_view_lists_the_evaluations(any_team: Team, wangs: str) -> None:
    evaluate(any_team.wang, wangs, "B", scores="credit=3, cooperation=4", strategy="watch")
    evaluate(any_team.wang, wangs, "A", note="扩产", now=LATER)
    rows = customer_view(any_team.wang, wangs, now=LATER).to_dict()["evaluations"]
    assert [(r["code"], r["grade"], r["strategy"], r["evaluator"]) for r in rows] == [
        ("EVL000002", "A", None, "wang"), ("EVL000001", "B", "watch", "wang")]  # fmt: skip
    assert rows[1]["scores"] == {"credit": 3, "cooperation": 4}
    assert rows[0]["date"] == LATER.date() and rows[0]["note"] == "扩产"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"scores": ["credit=6"]}, "invalid score credit=6: expected 1 to 5"),
        ({"scores": ["credit=0"]}, "invalid score credit=0: expected 1 to 5"),
        ({"scores": ["credit=high"]}, "a whole number from 1 to 5"),
        ({"scores": ["credit"]}, "expected NAME=N"),
        ({"scores": ["credit=4", "credit=5"]}, "given twice"),
        ({"scores": ["price=3"]}, "unknown score 'price'; use one of: credit, potential, loyalty"),
        ({"grade": "E"}, "unknown grade 'E'; use one of: A, B, C, D"),
        ({"strategy": "drop"}, "unknown strategy 'drop'; use one of: develop, maintain"),
    ],
)
def test_bad_values_are_refused_and_write_nothing(
    any_team: Team, wangs: str, values: dict[str, Any], message: str
) -> None:
    evaluate(any_team.wang, wangs, "B")
    before = snapshot()
    with pytest.raises(InvalidInput, match=message):
        evaluate(any_team.wang, wangs, **values)
    assert snapshot() == before


def test_a_customer_one_cannot_see_is_not_found(any_team: Team, wangs: str) -> None:
    before = snapshot()
    with pytest.raises(NotFound, match="no customer"):
        evaluate(any_team.chen, wangs)
    with pytest.raises(NotFound, match="no customer"):
        evaluations.iter_evaluations(any_team.chen, wangs, now=NOW)
    assert snapshot() == before
    assert evaluate(any_team.li, wangs).evaluator == "li"  # wang's manager may


def test_one_who_sees_but_may_not_change_a_customer_may_read_not_evaluate(team: Team) -> None:
    public = customers.add_customer(team.wang, "公开客户", {"is_public": "yes"}, now=NOW).code
    evaluate(team.wang, public, "C")
    with pytest.raises(PermissionDenied, match="evaluate"):
        evaluate(team.chen, public, "A")
    assert [e.grade for e in evaluations.iter_evaluations(team.chen, public, now=NOW)] == ["C"]
    assert customers.get_customer(team.chen, public, now=NOW).grade == "C"


def test_the_lists_are_team_settings(team: Team) -> None:
    code = customers.add_customer(team.wang, "甲", now=NOW).code
    settings.set_setting(team.admin, "evaluation.grades", "重要, 一般,A+")
    settings.set_setting(team.admin, "evaluation.scores", "Credit, Scale")
    settings.set_setting(team.admin, "evaluation.strategies", "grow,drop")
    e = evaluate(team.wang, code, "a+", scores=["scale=2"], strategy="Drop")
    assert (e.grade, e.scores, e.strategy) == ("A+", {"scale": 2}, "drop")
    assert evaluate(team.wang, code, "重要").grade == "重要"
    with pytest.raises(InvalidInput, match="use one of: 重要, 一般, A\\+"):
        evaluate(team.wang, code, "A")
    with pytest.raises(InvalidInput, match="invalid grade"):
        settings.set_setting(team.admin, "evaluation.grades", "A, too long a grade name")
    with pytest.raises(InvalidInput, match="at least one"):
        settings.set_setting(team.admin, "evaluation.scores", " , ")


def test_a_deleted_customer_is_not_evaluated(team: Team) -> None:
    from crm_cli.store.customers import lifecycle

    code = customers.add_customer(team.wang, "甲", now=NOW).code
    lifecycle.delete_customers(team.admin, [code], now=NOW)
    with pytest.raises(NotFound, match="no customer"):
        evaluate(team.admin, code)
    assert em.CustomerEvaluation.select().count() == 0


def test_the_migration_builds_the_models_columns_and_indexes(any_db: str) -> None:
    database = m.User._meta.database.obj
    columns = {c.name for c in database.get_columns("customer_evaluation")}
    assert columns == {f.column_name for f in em.CustomerEvaluation._meta.sorted_fields}
    indexes = {tuple(i.columns) for i in database.get_indexes("customer_evaluation")}
    assert {("customer_id", "evaluated_at"), ("evaluator_id",), ("code",)} <= indexes
    on_customer = {tuple(i.columns) for i in database.get_indexes("customer")}
    assert {("grade", "id"), ("strategy", "id")} <= on_customer
