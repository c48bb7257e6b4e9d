"""SQL that differs by backend: a date's time bucket as its label (``2026-11``,
``2026-Q4``, ``2026-W49``, ``2026``, ``2026-11-05``), and money sums back to Decimal.

Buckets are computed in the database so that ``GROUP BY`` groups by them; each label
sorts in time order as text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee as pw

from crm_cli.store.core.db import backend
from crm_cli.store.core.errors import InvalidInput

BUCKETS = ("day", "week", "month", "quarter", "year")
CENT = Decimal("0.01")


def _sqlite(unit: str, x: Any) -> Any:
    fn = pw.fn
    if unit == "day":
        return fn.strftime("%Y-%m-%d", x)
    if unit == "month":
        return fn.strftime("%Y-%m", x)
    if unit == "year":
        return fn.strftime("%Y", x)
    if unit == "quarter":
        quarter = (pw.Cast(fn.strftime("%m", x), "INTEGER") + 2) / 3
        return fn.strftime("%Y", x).concat("-Q").concat(pw.Cast(quarter, "TEXT"))
    # ISO week: the Thursday of the date's Monday-to-Sunday week names its year and number.
    thursday = fn.date(x, "weekday 0", "-3 days")
    week = (pw.Cast(fn.strftime("%j", thursday), "INTEGER") - 1) / 7 + 1
    return fn.strftime("%Y", thursday).concat("-W").concat(fn.printf("%02d", week))


def _postgres(unit: str, x: Any) -> Any:
    formats = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY",
               "quarter": 'YYYY-"Q"Q', "week": 'IYYY-"W"IW'}  # fmt: skip
    return pw.fn.to_char(x, formats[unit])


def _mysql(unit: str, x: Any) -> Any:
    if unit == "quarter":
        return pw.fn.CONCAT(pw.fn.YEAR(x), "-Q", pw.fn.QUARTER(x))
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y", "week": "%x-W%v"}
    return pw.fn.DATE_FORMAT(x, formats[unit])


def bucket(unit: str, column: Any) -> Any:
    """``column`` (a date or datetime) as the label of its ``unit``.

    Raises:
        InvalidInput: an unknown unit.
    """
    if unit not in BUCKETS:
        raise InvalidInput(
            "unknown time bucket {unit!r}: choose one of: {buckets}",
            unit=unit,
            buckets=", ".join(BUCKETS),
        )
    maker = {"sqlite": _sqlite, "postgres": _postgres, "mysql": _mysql}[backend()]
    return maker(unit, column)


def money(cents: Any) -> Decimal:
    """A SUM/MIN/MAX of a money column (stored in cents) as Decimal with 2 places."""
    return (Decimal(int(cents or 0)) / 100).quantize(CENT)


def ratio(numerator: Any, denominator: Any, places: int = 2) -> Decimal | None:
    """``numerator / denominator`` exactly, rounded half-up to ``places`` (None when the
    denominator is 0 or missing). Averages are a SUM and a COUNT from the database divided
    here: AVG would come back as a float on some drivers."""
    if not denominator:
        return None
    quotient = Decimal(numerator or 0) / Decimal(denominator)
    return quotient.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
