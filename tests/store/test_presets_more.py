"""The presets about money owed, time, service and the pipeline (issue 15, RPT-2), each on
the hand-built book of `presets_more_book` against figures computed by hand
(`presets_more_expected`): scope, exclusions, periods and options."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from playhouse.test_utils import count_queries

from crm_cli.store.analysis import periods, presets
from crm_cli.store.analysis.records import KINDS, Report
from crm_cli.store.core.errors import InvalidInput
from tests.conftest import Team
from tests.store.presets_more_book import TODAY, build
from tests.store.presets_more_expected import CASES, Case

MINE = (
    "receivables-aging", "receivables-by-customer", "top-customers-hobbies",
    "lost-opportunities", "time-spent", "contacts-per-customer", "expenses", "expense-trend",
    "service-feedback", "funnel", "contact-success", "deal-cycle",
)  # fmt: skip
STATES = ("receivables-aging", "receivables-by-customer", "funnel")


def run(book: Team, case: Case) -> Report:
    period = periods.parse_period(case.period, case.today) if case.period else None
    params = presets.Params(period, case.today, case.options)
    return presets.run_preset(getattr(book, case.actor), case.preset, params)


def table(report: Report) -> list[tuple[Any, ...]]:
    return [tuple(row[c.name] for c in report.columns) for row in report.rows]


@pytest.fixture
def book(team: Team) -> Team:
    return build(team)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_preset_gives_the_figures_computed_by_hand(book: Team, name: str) -> None:
    case = CASES[name]
    report = run(book, case)
    assert table(report) == case.rows
    assert report.name == case.preset


def test_every_preset_has_a_case_for_a_salesperson_and_all_of_them() -> None:
    for name in MINE:
        actors = {c.actor for c in CASES.values() if c.preset == name}
        assert "admin" in actors or "li" in actors, name
    covered = {c.preset for c in CASES.values() if c.actor in ("wang", "zhao", "chen")}
    assert covered == set(MINE) - {"expense-trend"}


def test_each_preset_is_described_and_charts_its_own_columns(book: Team) -> None:
    for name in MINE:
        preset = presets.find(name)
        assert preset is not None and preset.title and preset.title_zh
        assert preset.chart in ("bar", "line", "pie", "funnel")
        assert preset.periodic == (name not in STATES)
        report = presets.run_preset(book.admin, name, presets.Params(None, TODAY, {}))
        names = [c.name for c in report.columns]
        assert preset.x in names and preset.y in names, name
        assert report.column(preset.y).numeric
        assert set(report.keys) <= set(names)
        assert all(c.kind in KINDS and c.label and c.label_zh for c in report.columns)
    assert presets.find("funnel").chart == "funnel"  # type: ignore[union-attr]
    assert presets.find("expense-trend").chart == "line"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", STATES)
def test_a_state_refuses_a_period(book: Team, name: str) -> None:
    period = periods.parse_period("2026", TODAY)
    with pytest.raises(InvalidInput, match="as of a day"):
        presets.run_preset(book.admin, name, presets.Params(period, TODAY, {}))


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("receivables-aging", {"by": "month"}, "invalid --by 'month'"),
        ("expenses", {"by": "product"}, "invalid --by 'product'"),
        ("time-spent", {"by": "customer"}, "invalid --by 'customer'"),
        ("lost-opportunities", {"by": "week"}, "invalid --by 'week'"),
        ("contacts-per-customer", {"top": "many"}, "invalid --top 'many'"),
        ("top-customers-hobbies", {"top": "0"}, "invalid --top 0"),
        ("funnel", {"top": "3"}, "takes no option 'top'"),
    ],
)
def test_bad_options_are_refused(
    book: Team, name: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        presets.run_preset(book.admin, name, presets.Params(None, TODAY, options))


def test_a_period_with_nothing_in_it_gives_no_rows(book: Team) -> None:
    period = periods.parse_period("2020", TODAY)
    for name in sorted(set(MINE) - set(STATES)):
        report = presets.run_preset(book.admin, name, presets.Params(period, TODAY, {}))
        assert report.rows == [], name


def test_a_funnel_stage_order_comes_from_the_sales_settings(book: Team) -> None:
    from crm_cli.store.core import settings

    settings.set_setting(book.admin, "opportunity.stages", "negotiation, proposal|custom stage")
    report = presets.run_preset(book.admin, "funnel", presets.Params(None, TODAY, {}))
    # F5's "custom stage" is now proposal; 初步接洽 no longer qualification: both unlisted,
    # by name, outside the chain.
    assert table(report) == [
        ("negotiation", 2, D("733.33"), D("430.00"), 4, D("50.0")),
        ("proposal", 2, D("2100.00"), D("1050.00"), 2, None),
        ("qualification", 1, D("1000.00"), D("100.00"), None, None),
        ("初步接洽", 1, D("500.00"), D("100.00"), None, None),
        ("(none)", 1, D("10.00"), D("0.00"), None, None),
    ]
    with pytest.raises(InvalidInput, match="each stage name once"):
        settings.set_setting(book.admin, "opportunity.stages", "a,b|a")


def test_each_preset_costs_a_few_queries(book: Team) -> None:
    for name in MINE:
        with count_queries(only_select=True) as counter:
            presets.run_preset(book.li, name, presets.Params(None, TODAY, {}))
        assert counter.count <= 4, name
