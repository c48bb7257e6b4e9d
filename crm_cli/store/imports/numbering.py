"""Codes of imported records: a code the file gives is kept (and the counter moved past
it when it is one of ours, so `add` never draws it again); the others are drawn."""

from __future__ import annotations

from crm_cli.store.core import models as m
from crm_cli.store.core.codes import next_codes
from crm_cli.store.core.settings import value_of
from crm_cli.store.imports.specs import Draft


def assign_codes(drafts: list[Draft], sequence: str, prefix_key: str) -> None:
    """Give every draft without a code the next code of ``sequence``."""
    given = [d.code for d in drafts if d.code]
    move_past(given, sequence, prefix_key)
    drawn = iter(next_codes(sequence, prefix_key, len(drafts) - len(given)))
    for draft in drafts:
        if not draft.code:
            draft.code = next(drawn)


def move_past(codes: list[str], sequence: str, prefix_key: str) -> None:
    """Move the counter past the highest of ``codes`` that has the prefix and a number."""
    prefix = str(value_of(prefix_key)).upper()
    numbers = [
        int(code[len(prefix) :])
        for code in codes
        if code.startswith(prefix) and code[len(prefix) :].isdecimal()
    ]
    if not numbers:
        return
    top = max(numbers)
    S = m.Sequence
    S.insert(name=sequence, value=0).on_conflict_ignore().execute()
    S.update(value=top).where((S.name == sequence) & (S.value < top)).execute()
