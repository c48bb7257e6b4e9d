"""What a database holds: rows per table, whether it is as empty as a new one; its URL
as shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import N_, Phrase, StoreUnavailable
from crm_cli.store.customers import models as cm
from crm_cli.store.database.tables import quoted, tables


def count_rows(database: Any, name: str) -> int:
    return int(database.execute_sql(f"SELECT COUNT(*) FROM {quoted(database, name)}").fetchone()[0])


def occupied(database: Any) -> list[str]:
    """The tables of ``database`` that hold more than a new crm database does: its
    migrations' statuses and zeroed code counters, and the first user (whoever first
    runs crm on a database becomes its admin). Empty when it may be copied into."""
    present = set(database.get_tables())
    busy = []
    for table in tables():
        if table.name not in present or table.model is cm.CustomerStatus:
            continue
        allowed = 1 if table.model is m.User else 0
        counter = quoted(database, m.Sequence.value.column_name)
        where = f" WHERE {counter} <> 0" if table.model is m.Sequence else ""
        sql = f"SELECT 1 FROM {quoted(database, table.name)}{where} LIMIT {allowed + 1}"
        if len(database.execute_sql(sql).fetchall()) > allowed:
            busy.append(table.name)
    return busy


def busy_list(names: Sequence[str]) -> str:
    """Table names for a message: the first few (a ``Phrase`` when some are left out)."""
    shown = ", ".join(names[:4])
    if len(names) <= 4:
        return shown
    return Phrase("{names} and {more} more", names=shown, more=len(names) - 4)


_DIFFER = {
    "copy": N_("row counts differ after the copy: {tables}"),
    "restore": N_("row counts differ after the restore: {tables}"),
}


def compare_counts(what: str, expected: dict[str, int], found: dict[str, int]) -> None:
    """Raise if any table holds other than ``expected`` rows after ``what`` (copy, restore)."""
    wrong = [
        f"{n} {expected[n]} -> {found.get(n)}" for n in expected if expected[n] != found.get(n)
    ]
    if wrong:
        raise StoreUnavailable(_DIFFER[what], tables=", ".join(wrong))


def redacted(url: str) -> str:
    """``url`` with its password, if any, as ***."""
    password = urlparse(url).password
    return url.replace(f":{password}@", ":***@") if password else url
