"""What a report returns: named columns (with their kind, for alignment, charts and
formats) and rows of plain values; money is Decimal, never float.

JSON keys are stable: ``report`` (its name), ``title``, ``period`` and ``compare``
(``{"label", "from", "to"}`` or null), ``columns`` (``[{"name", "kind", "label"}]``) and
``rows`` (objects keyed by column name).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from crm_cli.store.analysis.periods import Period

# text: a group's name; int: a count; money: Decimal with 2 places; decimal: other exact
# numbers (an average, a ratio); percent: Decimal, 100 = 100 %; date: a day.
KINDS = ("text", "int", "money", "decimal", "percent", "date")
NUMERIC = ("int", "money", "decimal", "percent")


class Column(NamedTuple):
    name: str
    kind: str
    label: str = ""  # for people; the name when empty
    label_zh: str = ""
    # What a built column is made of, for a face to title it in its language: (field,
    # sum|avg|min|max) for a summary's measure, (field, day…year) for a date bucket,
    # (column, compared|change|change_pct) beside a comparison.
    parts: tuple[str, str] | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind, "label": self.label or self.name,
                "label_zh": self.label_zh or self.label or self.name}  # fmt: skip


class Report(NamedTuple):
    """One report's result. ``keys``: the columns that name a row (a group); the others
    are measures. ``rows`` are dicts keyed by column name, in the report's order."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    keys: tuple[str, ...]
    period: Period | None = None
    compare: Period | None = None
    records: str = ""  # a summary's record type (orders, customers …); "" for a preset

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.name not in self.keys)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": self.name,
            "title": self.title,
            "period": self.period.to_dict() if self.period else None,
            "compare": self.compare.to_dict() if self.compare else None,
            "columns": [c.to_dict() for c in self.columns],
            "rows": self.rows,
        }
