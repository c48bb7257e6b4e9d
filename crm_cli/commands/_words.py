"""Fixed values shown to people in Chinese (issue 17): the enumerations the code defines.

Only table, plain and markdown cells of these columns change, and only in a Chinese run;
JSON, CSV and TSV keep the values scripts read. Names people configure (customer statuses,
stages, categories) are data and stay as typed. ``tests/cli/test_i18n_words.py`` keeps
these lists equal to the store's constants they mirror (the store is not imported here:
printing a list should not load the sales or service modules).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crm_cli import i18n

ENUMS: dict[str, tuple[str, ...]] = {
    # activity.fields
    "method": ("phone", "visit", "email", "im", "meeting", "other"),
    "result": ("continue", "deal", "failed"),
    "next_status": ("remind", "done", "cancelled"),
    # sales.order_base, service.records, expenses.records, workreports.views. Not the
    # opportunities' open/won/lost: a customer status may be called "lost" (流失).
    "status": (
        "draft", "submitted", "approved", "rejected", "cancelled",
        "unprocessed", "assigned", "in_progress", "resolved", "closed",
    ),
    "kind": ("sale", "service_fee"),
    "priority": ("low", "normal", "high", "urgent"),
    "role": ("admin", "manager", "sales"),
}  # fmt: skip
YES_NO = ("no", "yes")


def words() -> set[str]:
    """Every value translated here, for the catalog (context ``value``)."""
    return {word for values in ENUMS.values() for word in values} | set(YES_NO)


def yes_no() -> tuple[str, str]:
    return (i18n.pgettext("value", "no"), i18n.pgettext("value", "yes"))


def translate_columns(names: Sequence[str], columns: list[list[str]]) -> None:
    """Replace, in place, the enumerated values of ``columns`` (one list per name)."""
    for name, column in zip(names, columns, strict=True):
        known = ENUMS.get(name)
        if known:
            table = {word: i18n.pgettext("value", word) for word in known}
            column[:] = [table.get(cell, cell) for cell in column]


def translate_value(name: str, text: Any) -> Any:
    if isinstance(text, str) and text in ENUMS.get(name, ()):
        return i18n.pgettext("value", text)
    return text
