"""A summary's groups and measures: what ``--by`` and ``--count/--sum/--avg/--min/--max/
--ratio`` name, checked against the record type, and the figures made of the aggregates the
database returns.

Measures are spelled ``count``, ``sum:F``, ``avg:F``, ``min:F``, ``max:F`` and ``ratio:A/B``
(A and B measures: ``count``, ``sum_amount`` …) and named ``count``, ``sum_F``, ``avg_F``,
``min_F``, ``max_F`` and ``A_per_B`` in the report. The database sums, counts and finds the
least and greatest; an average is its SUM divided by its COUNT here, exactly, and a ratio
divides two measures (4 decimals), so no float ever comes back from a driver.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from crm_cli.store.analysis.fields import DATES, GROUPABLE, NUMERIC, Field, Kind
from crm_cli.store.analysis.records import Column
from crm_cli.store.analysis.sqlbits import BUCKETS, ratio
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import Exact

OPS = ("sum", "avg", "min", "max")
OP_ZH = {"sum": "合计", "avg": "平均", "min": "最小", "max": "最大"}
RATIO_PLACES = 4


class Group(NamedTuple):
    name: str  # the report's column
    field: Field
    unit: str | None  # a time bucket (dates group by day when none is named)

    def column(self) -> Column:
        kind = "int" if self.field.kind == "int" and not self.unit else "text"
        label = (
            f"{self.field.name} ({self.unit})" if self.unit and self.name != self.field.name else ""
        )
        parts = (self.field.name, self.unit) if self.unit else None
        return Column(self.name, kind, label, "", parts)


class Measure(NamedTuple):
    name: str
    op: str  # count, sum, avg, min, max, ratio
    field: Field | None = None
    operands: tuple[Measure, ...] = ()

    def raw(self) -> list[tuple[str, str]]:
        """The aggregates it is made of: (function, field name)."""
        if self.op == "count":
            return [("count", "")]
        if self.op == "ratio":
            return [r for m in self.operands for r in m.raw()]
        assert self.field is not None
        if self.op == "avg":
            return [("sum", self.field.name), ("n", self.field.name)]
        return [(self.op, self.field.name)]

    def column(self) -> Column:
        if self.op == "count":
            return Column("count", "int", "count", "数量")
        if self.op == "ratio":
            a, b = self.operands
            return Column(self.name, "decimal", f"{a.name} / {b.name}", f"{a.name}/{b.name}")
        assert self.field is not None
        f = self.field
        kind = {"int": "int", "money": "money"}.get(f.kind, "decimal")
        if self.op == "avg" and kind == "int":
            kind = "decimal"
        label, zh = f"{self.op} of {f.name}", f"{f.name}{OP_ZH[self.op]}"
        return Column(self.name, kind, label, zh, (f.name, self.op))

    def value(self, raw: dict[tuple[str, str], Any]) -> Any:
        """The figure, from the aggregates by (function, field name)."""
        if self.op == "count":
            return int(raw[("count", "")] or 0)
        if self.op == "ratio":
            a, b = (m.value(raw) for m in self.operands)
            found = ratio(a, b, RATIO_PLACES)
            return None if found is None else Exact(found)
        f = self.field
        assert f is not None
        if self.op == "avg":
            scale = Decimal(10) ** f.places
            found = ratio(raw[("sum", f.name)], Decimal(raw[("n", f.name)] or 0) * scale, f.shown)
            return found if found is None or f.kind == "money" else Exact(found)
        value = raw[(self.op, f.name)]
        if value is None:
            return None if self.op != "sum" else number(f, 0)
        return number(f, value)


def number(field: Field, value: Any) -> Any:
    """A stored integer (or a sum of them) as the field's value: int, money or Exact."""
    if field.kind == "int":
        return int(value)
    exact = Decimal(int(value)).scaleb(-field.places)
    shown = exact.quantize(Decimal(1).scaleb(-field.shown), rounding=ROUND_HALF_UP)
    return shown if field.kind == "money" else Exact(shown)


def group(text: str, kind: Kind) -> Group:
    """A ``--by FIELD[:bucket]``.

    Raises:
        InvalidInput: an unknown field or bucket, a field that does not group, or a bucket
        of a field that is not a date.
    """
    name, _, unit = (part.strip().lower() for part in text.partition(":"))
    field = kind.field(name)
    if field.kind not in GROUPABLE:
        raise InvalidInput(
            "cannot group {records} by {name} (a {kind}); group by one of: {groupable}",
            records=kind.name,
            name=field.name,
            kind=field.kind,
            groupable=", ".join(kind.names(GROUPABLE)),
        )
    if not unit:
        return Group(field.name, field, "day" if field.kind in DATES else None)
    if field.kind not in DATES:
        raise InvalidInput(
            "{name} is not a date: time buckets apply to {dates}",
            name=field.name,
            dates=", ".join(kind.names(DATES)),
        )
    if unit not in BUCKETS:
        raise InvalidInput(
            "unknown time bucket {unit!r}: choose one of: {buckets}",
            unit=unit,
            buckets=", ".join(BUCKETS),
        )
    return Group(f"{field.name}_{unit}", field, unit)


def _operand(text: str, kind: Kind) -> Measure:
    cleaned = text.strip().lower()
    if cleaned == "count":
        return Measure("count", "count")
    for sep in (":", "_"):
        op, found, name = cleaned.partition(sep)
        if found and op in OPS:
            return measure(f"{op}:{name}", kind)
    raise InvalidInput(
        "invalid ratio term {text!r}: expected count or sum_F, avg_F, min_F, max_F",
        text=text.strip(),
    )


def measure(text: str, kind: Kind) -> Measure:
    """One of ``count``, ``sum:F``, ``avg:F``, ``min:F``, ``max:F``, ``ratio:A/B``.

    Raises:
        InvalidInput: an unknown field, or one that is not a number.
    """
    op, _, arg = text.strip().partition(":")
    op = op.lower()
    if op == "count":
        return Measure("count", "count")
    if op == "ratio":
        a, sep, b = arg.partition("/")
        if not sep:
            raise InvalidInput(
                "invalid --ratio {arg!r}: expected A/B, e.g. sum_received/sum_total", arg=arg
            )
        top, bottom = _operand(a, kind), _operand(b, kind)
        return Measure(f"{top.name}_per_{bottom.name}", "ratio", operands=(top, bottom))
    if op not in OPS:
        raise InvalidInput(
            "unknown measure {text!r}: count, sum, avg, min, max or ratio", text=text
        )
    field = kind.field(arg)
    if field.kind not in NUMERIC:
        raise InvalidInput(
            "cannot {op} {name} of {records}: it is {kind}, not a number; "
            "numeric fields: {numeric}",
            op=op,
            name=field.name,
            records=kind.name,
            kind=field.kind,
            numeric=", ".join(kind.names(NUMERIC)),
        )
    return Measure(f"{op}_{field.name}", op, field)
