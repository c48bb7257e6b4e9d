"""The expense domain's team settings: the categories a team books and the code prefix."""

from __future__ import annotations

import re

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import code_prefix, register, value_of

CATEGORIES = "expense.categories"
# What a Chinese sales team usually claims: 差旅, 招待, 礼品, 市场推广, 交通, 通讯, 办公, 其他.
DEFAULT_CATEGORIES = "travel,entertainment,gifts,marketing,transport,communication,office,other"


def _categories(value: str) -> str:
    """Comma-separated words, at least one, each at most 32 characters."""
    words = [w.strip().lower().replace(" ", "_") for w in value.split(",") if w.strip()]
    if not words:
        raise InvalidInput("list at least one expense category, e.g. travel,entertainment")
    bad = [w for w in words if len(w) > 32 or not re.fullmatch(r"[\w-]+", w)]
    if bad:
        raise InvalidInput(
            "invalid expense category {bad!r}: one word of at most 32 characters", bad=bad[0]
        )
    return ",".join(dict.fromkeys(words))


register(CATEGORIES, DEFAULT_CATEGORIES, "the categories of expenses, comma-separated", _categories)
register("code.expense_prefix", "EX", "prefix of expense codes", code_prefix)


def expense_categories() -> list[str]:
    """The team's expense categories (inside a service call)."""
    return value_of(CATEGORIES).split(",")
