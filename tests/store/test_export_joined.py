"""``exports.rows.customer_csv_rows``: SQLite renders a CSV export's rows itself
(``exports.joined``), the servers hand out the dicts; the file is the same either way.
The tricky values are in tests/cli/test_export_csv_paths_cli.py."""

from __future__ import annotations

import io

from crm_cli.commands import _export_formats as ef
from crm_cli.store.core import db
from crm_cli.store.customers import customers
from crm_cli.store.exports import columns, rows
from crm_cli.store.exports.joined import Joined
from tests.conftest import Team

NAMES = ["深圳华强电子有限公司", "Acme, Inc.", '引号"公司"', "=SUM(A1)", "-减号", "𠮷野家"]


def written(found: object, chosen: list[columns.Column]) -> bytes:
    out = io.BytesIO()
    try:
        ef.write_csv(out, chosen, found, "utf-8-sig")  # type: ignore[arg-type]
    finally:
        found.close()  # type: ignore[attr-defined]
    return out.getvalue()


def test_sqlite_renders_rows_and_servers_do_not_but_the_file_is_the_same(any_team: Team) -> None:
    for i, name in enumerate(NAMES):
        fields = {"phone": "+86 10 8888 0000" if i % 2 else "0755-26770000", "notes": "两行\n备注"}
        customers.add_customer(any_team.admin, name, fields, allow_duplicate=True)
    chosen = columns.customer_columns()
    fast = rows.customer_csv_rows(any_team.admin, chosen)
    assert isinstance(fast, Joined) == (db.backend() == "sqlite")
    python = written(rows.customer_rows(any_team.admin, chosen), chosen)
    assert written(fast, chosen) == python
    # The header, and each customer's line end and the line break in its notes.
    assert python.count(b"\r\n") == 1 + len(NAMES) and python.count(b"\n") == 1 + 2 * len(NAMES)
