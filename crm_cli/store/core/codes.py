"""Record codes (C000042 …), unique under concurrency.

The counter row is bumped with an UPDATE inside the caller's write transaction,
which takes the row (PostgreSQL/MySQL) or database (SQLite) lock first, so two
writers can never draw the same number.
"""

from __future__ import annotations

from collections.abc import Callable

from crm_cli.store.core import models as m
from crm_cli.store.core.settings import value_of


def reserve(sequence: str, count: int = 1) -> int:
    """Draw ``count`` numbers of a sequence in one UPDATE; return the first one."""
    m.Sequence.insert(name=sequence, value=0).on_conflict_ignore().execute()
    m.Sequence.update(value=m.Sequence.value + count).where(m.Sequence.name == sequence).execute()
    return int(m.Sequence.get(m.Sequence.name == sequence).value) - count + 1


def code_format(prefix_key: str) -> Callable[[int], str]:
    """Numbers as codes: the prefix setting, then the number to the set width."""
    prefix, width = value_of(prefix_key), int(value_of("code.width"))
    return lambda number: f"{prefix}{number:0{width}d}"


def next_code(sequence: str, prefix_key: str) -> str:
    return code_format(prefix_key)(reserve(sequence))


def next_codes(sequence: str, prefix_key: str, count: int) -> list[str]:
    """``count`` codes from one bump of the sequence (bulk imports, demo data)."""
    if count <= 0:
        return []
    first, show = reserve(sequence, count), code_format(prefix_key)
    return [show(number) for number in range(first, first + count)]
