"""The CSV cell rules of `crm export` (shared/reference/import-formats.md §7), shared by
the Python writer (``_export_formats.write_csv``) and the one for rows SQLite rendered
(``_export_joined``): dates ISO, money with two decimals, 是/否, a cell starting with
``= + - @`` disarmed with a leading ``'``, an encoding's refusal naming the record.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.exports.columns import BOOL, MONEY
from crm_cli.store.exports.joined import BOOLS

__all__ = ["BOOLS", "FORMULA", "RISKY", "body_codec", "cell", "csv_text", "encoded", "guarded",
           "header_bytes", "who"]  # fmt: skip
FORMULA = ("=", "+", "-", "@")  # what Excel would read as the start of a formula
RISKY = frozenset("=+-@'")  # first characters that may need the formula guard
Row = Mapping[str, Any]


def who(row: Row) -> str:
    """A record as an error names it: "CT000007 张伟"."""
    return " ".join(str(row[k]) for k in ("code", "name") if row.get(k)) or "a record"


def csv_text(value: Any, kind: str) -> str:
    """A value as a CSV cell: dates ISO, money with two decimals, formulas disarmed."""
    if value is None:
        return ""
    if kind == BOOL or isinstance(value, bool):
        return BOOLS[bool(value)]
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == MONEY and isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    return "'" + text if guarded(text) else text


def cell(kind: str) -> Callable[[Any], str]:
    """The converter of a column's cells: text (most columns) takes the short way."""
    if kind in (BOOL, MONEY):
        return lambda value: csv_text(value, kind)
    return _text_cell


def _text_cell(value: Any) -> str:
    if value.__class__ is str:
        return "'" + value if value[:1] in RISKY and guarded(value) else value
    return csv_text(value, "")


def guarded(text: str) -> bool:
    # '=x itself gets a ' too: the import takes one off, whatever follows.
    return text.startswith(FORMULA) or (text[:1] == "'" and text[1:2].startswith(FORMULA))


# An encoding with a byte-order mark writes it once, before the header; the rows after it
# are encoded without one (little-endian, as Excel writes UTF-16).
_BOMS = {"utf-8-sig": (codecs.BOM_UTF8, "utf-8"), "utf-16": (codecs.BOM_UTF16_LE, "utf-16-le"),
         "utf-32": (codecs.BOM_UTF32_LE, "utf-32-le")}  # fmt: skip


def body_codec(encoding: str) -> str:
    """The codec of the rows after the header (``encoding`` without its BOM)."""
    return _BOMS[encoding][1] if encoding in _BOMS else encoding


def header_bytes(text: str, encoding: str) -> bytes:
    """The header row in ``encoding``, after its byte-order mark if it has one."""
    bom = _BOMS[encoding][0] if encoding in _BOMS else b""
    return bom + encoded(text, body_codec(encoding), {"name": "the header row"})


def encoded(text: str, encoding: str, row: Row) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        bad = [c for c in dict.fromkeys(text) if not _fits(c, encoding)]
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in bad)
        raise InvalidInput(
            "cannot write {encoding}: {who} has characters {encoding} cannot hold: "
            "{shown}; export with --excel (UTF-8) or as xlsx",
            encoding=encoding, who=who(row), shown=shown,
        ) from None  # fmt: skip


def _fits(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
