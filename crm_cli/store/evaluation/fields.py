"""Turning what users type into an evaluation's values: a grade, scores by name (1 to 5)
and a strategy, each checked against the team's lists (`settings`), and a note.

A refusal names what is allowed, so one line tells the user what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from crm_cli.store.core.choices import choose
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.evaluation.settings import grades, score_names, strategies

LOWEST, HIGHEST = 1, 5
MAX_NOTE = 2000
Scores = Mapping[str, Any] | Iterable[str] | str


class Values(NamedTuple):
    grade: str
    scores: dict[str, int]
    strategy: str | None
    note: str


def grade(value: str) -> str:
    """One of the team's grades, spelled as the setting spells it (``a`` is ``A``)."""
    known = grades()
    found = {g.lower(): g for g in known}.get(value.strip().lower())
    if found is None:
        raise InvalidInput(
            "unknown grade {value!r}; use one of: {known}",
            value=value.strip(),
            known=", ".join(known),
        )
    return found


def strategy(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return choose(value, strategies(), "strategy")


def _pairs(given: Scores) -> list[tuple[str, Any]]:
    """``{"credit": 4}``, ``["credit=4", …]`` or ``"credit=4, potential=5"`` as pairs."""
    if isinstance(given, Mapping):
        return list(given.items())
    items = re.split(r"[,;\s，；、]+", given) if isinstance(given, str) else list(given)
    pairs = []
    for item in (i.strip() for i in items if i.strip()):
        name, sep, number = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput("invalid score {item!r}: expected NAME=N, e.g. credit=4", item=item)
        pairs.append((name, number))
    return pairs


def _number(name: str, value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "invalid score {name}={value!r}: a whole number from {lowest} to {highest}",
            name=name,
            value=value,
            lowest=LOWEST,
            highest=HIGHEST,
        ) from None
    if not LOWEST <= number <= HIGHEST:
        raise InvalidInput(
            "invalid score {name}={number}: expected {lowest} to {highest}",
            name=name,
            number=number,
            lowest=LOWEST,
            highest=HIGHEST,
        )
    return number


def scores(given: Scores) -> dict[str, int]:
    """Scores by name, each a name of the team's setting given once, from 1 to 5."""
    known = score_names()
    found: dict[str, int] = {}
    for raw, value in _pairs(given):
        name = choose(str(raw), known, "score")
        if name in found:
            raise InvalidInput("score {name!r} given twice", name=name)
        found[name] = _number(name, value)
    return {name: found[name] for name in known if name in found}


def note(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_NOTE:
        raise InvalidInput("the note is too long: at most {max_note} characters", max_note=MAX_NOTE)
    return value


def values(grade_: str, scores_: Scores, strategy_: str | None, note_: str) -> Values:
    """Every value of a new evaluation, checked before anything is written."""
    return Values(grade(grade_), scores(scores_), strategy(strategy_), note(note_))
