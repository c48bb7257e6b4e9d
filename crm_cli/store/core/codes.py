"""Record codes (C000042 …), unique under concurrency.

The counter row is bumped with an UPDATE inside the caller's write transaction,
which takes the row (PostgreSQL/MySQL) or database (SQLite) lock first, so two
writers can never draw the same number.
"""

from __future__ import annotations

from collections.abc import Callable

from crm_cli.store.core import models as m
from crm_cli.store.core.db import backend
from crm_cli.store.core.settings import value_of


def reserve(sequence: str, count: int = 1) -> int:
    """Draw ``count`` numbers of a sequence in one UPDATE; return the first one."""
    S = m.Sequence
    if backend() == "postgres":  # one round trip, not three (a server is a network away)
        drawn = (
            S.insert(name=sequence, value=count)
            .on_conflict(conflict_target=[S.name], update={S.value: S.value + count})
            .returning(S.value)
            .execute()
        )
        return int(next(iter(drawn)).value) - count + 1
    S.insert(name=sequence, value=0).on_conflict_ignore().execute()
    S.update(value=S.value + count).where(S.name == sequence).execute()
    return int(S.get(S.name == sequence).value) - count + 1


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
