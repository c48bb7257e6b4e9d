"""Every preset of `analysis.presets_more` on SQLite, PostgreSQL and MariaDB: the same
book (`presets_more_book`) gives the same figures, the ones computed by hand, on each."""

from __future__ import annotations

from crm_cli.store.analysis import periods, presets
from tests.conftest import Team
from tests.store.presets_more_book import build
from tests.store.presets_more_expected import CASES


def test_every_preset_gives_the_same_figures_on_every_backend(any_team: Team) -> None:
    book = build(any_team)
    for name, case in sorted(CASES.items()):
        period = periods.parse_period(case.period, case.today) if case.period else None
        params = presets.Params(period, case.today, case.options)
        report = presets.run_preset(getattr(book, case.actor), case.preset, params)
        got = [tuple(row[c.name] for c in report.columns) for row in report.rows]
        assert got == case.rows, name
