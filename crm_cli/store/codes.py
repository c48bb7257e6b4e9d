"""Record codes (C000042 …), unique under concurrency.

The counter row is bumped with an UPDATE inside the caller's write transaction,
which takes the row (PostgreSQL/MySQL) or database (SQLite) lock first, so two
writers can never draw the same number.
"""

from __future__ import annotations

from crm_cli.store import models as m
from crm_cli.store.settings import value_of


def next_code(sequence: str, prefix_key: str) -> str:
    m.Sequence.insert(name=sequence, value=0).on_conflict_ignore().execute()
    m.Sequence.update(value=m.Sequence.value + 1).where(m.Sequence.name == sequence).execute()
    number = m.Sequence.get(m.Sequence.name == sequence).value
    width = int(value_of("code.width"))
    return f"{value_of(prefix_key)}{number:0{width}d}"
