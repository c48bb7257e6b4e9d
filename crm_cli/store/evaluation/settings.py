"""The evaluation domain's team settings: the value grades, the names of the scores, the
strategies a team uses (EVL-1), and the code prefix of evaluations."""

from __future__ import annotations

import re
from collections.abc import Callable

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import code_prefix, register, value_of

GRADES = "evaluation.grades"
SCORES = "evaluation.scores"
STRATEGIES = "evaluation.strategies"


def _words(what: str, longest: int, *, lower: bool) -> Callable[[str], str]:
    """A validator of comma-separated words, at least one; ``lower`` folds them (names
    typed as `credit` or `Credit` are one), grades keep their case (A, B+, 重要)."""

    def check(value: str) -> str:
        words = [w.strip() for w in value.split(",") if w.strip()]
        if lower:
            words = [w.lower().replace(" ", "_") for w in words]
        if not words:
            raise InvalidInput("list at least one {what}, comma-separated", what=what)
        bad = [w for w in words if len(w) > longest or not re.fullmatch(r"[\w+\-]+", w)]
        if bad:
            raise InvalidInput(
                "invalid {what} {bad!r}: one word of at most {longest} characters",
                what=what,
                bad=bad[0],
                longest=longest,
            )
        return ",".join(dict.fromkeys(words))

    return check


register(
    GRADES, "A,B,C,D", "the value grades of customer evaluations, best first",
    _words("grade", 16, lower=False),
)  # fmt: skip
register(
    SCORES, "credit,potential,loyalty,cooperation",
    "the scores (1-5) a customer evaluation may give", _words("score name", 32, lower=True),
)  # fmt: skip
DEFAULT_STRATEGIES = "develop,maintain,watch,abandon"
register(
    STRATEGIES, DEFAULT_STRATEGIES,
    "the strategies a customer evaluation may set", _words("strategy", 32, lower=True),
)  # fmt: skip
register("code.evaluation_prefix", "EVL", "prefix of customer evaluation codes", code_prefix)


def grades() -> list[str]:
    """The team's grades (inside a service call)."""
    return value_of(GRADES).split(",")


def score_names() -> list[str]:
    return value_of(SCORES).split(",")


def strategies() -> list[str]:
    return value_of(STRATEGIES).split(",")
