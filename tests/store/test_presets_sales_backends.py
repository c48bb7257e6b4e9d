"""Every selling preset (issue 15, RPT-2) on SQLite, PostgreSQL and MariaDB: the same
hand-computed figures from each (sums come back as int or Decimal, buckets are built
by each backend's own date functions)."""

from __future__ import annotations

from crm_cli.store.analysis import presets
from tests.store.presets_sales_book import Book, run, set_q1_targets
from tests.store.presets_sales_expected import ATTAINMENT_Q1, EXPECTED

MINE = {*EXPECTED, "attainment"}


def test_every_selling_preset_gives_the_same_figures_on_each_backend(any_db: str) -> None:
    book = Book()
    set_q1_targets(book)
    found = {name: run(book.admin, name, "2026", **options).rows
             for name, (options, _) in EXPECTED.items()}  # fmt: skip
    assert found == {name: rows for name, (_, rows) in EXPECTED.items()}
    assert run(book.admin, "attainment", "2026-Q1").rows == ATTAINMENT_Q1
    registered = {p.name for p in presets.all_presets()}
    assert registered >= MINE
