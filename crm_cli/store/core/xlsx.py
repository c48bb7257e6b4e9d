"""Reading an XLSX sheet for an import: rows of text as ``readers`` takes them, with the
formula cells that have no saved value named (openpyxl reads them as empty).

openpyxl is imported on first use (it costs ~100 ms); sheets are read in read-only mode.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from typing import IO, Any

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.tabular import cell_text

Rows = Iterator[tuple[int, list[str], dict[int, str]]]
CHUNK = 1 << 20  # bytes of a sheet's XML searched at a time
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # <f>, <f t="shared" …/>, <x:f>


def rows_of(data: bytes, name: str, sheet: str | None = None) -> Rows:
    """Rows of a sheet of a workbook's bytes (``sheet``, else the first visible one: hidden
    sheets hold the lists of drop-downs); a formula cell that has no saved value is named,
    not "".

    The values and the formulas come from two read-only passes over the same sheet, in
    step: only the formulas say which empty value is really an uncalculated formula.
    """
    try:
        from openpyxl import load_workbook  # only for .xlsx: it costs ~100 ms to import
    except ImportError:
        raise InvalidInput("reading .xlsx needs openpyxl (pip install openpyxl)") from None
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # Most files hold no formula: then the second pass, as long as the first, is spared.
        formulas = (
            load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            if _has_formulas(data)
            else None
        )
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … on bad files
        raise InvalidInput(
            "cannot read {name!r}: not an .xlsx workbook ({exc})", name=name, exc=exc
        ) from None
    try:
        index = _sheet_index(values, name, sheet)
        written = () if formulas is None else formulas.worksheets[index].iter_rows(values_only=True)
        pairs = itertools.zip_longest(
            values.worksheets[index].iter_rows(values_only=True), written, fillvalue=()
        )
        for number, (row, written) in enumerate(pairs, start=1):
            uncached = {
                i: str(f) for i, (v, f) in enumerate(zip(row, written, strict=False))
                if v is None and isinstance(f, str) and f.startswith("=")
            }  # fmt: skip
            yield number, [cell_text(value) for value in row], uncached
    except InvalidInput:
        raise
    except Exception as exc:  # a damaged part of the archive shows only when read
        raise InvalidInput(
            "cannot read {name!r}: the workbook is damaged ({exc})", name=name, exc=exc
        ) from None
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def _has_formulas(data: bytes) -> bool:
    """Whether a worksheet of the workbook holds a formula (an ``<f>`` element), read part
    by part; a part that cannot be read says yes, so the formula pass runs and reports it."""
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    with archive.open(member) as part:
                        if _holds_formula(part):
                            return True
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return True
    return False


def _holds_formula(part: IO[bytes]) -> bool:
    tail = b""
    while chunk := part.read(CHUNK):
        if _FORMULA.search(tail + chunk):
            return True
        tail = chunk[-16:]  # an element split between two chunks
    return False


def _sheet_index(book: Any, name: str, sheet: str | None) -> int:
    titles = [ws.title for ws in book.worksheets]
    if sheet is not None:
        if sheet not in titles:
            raise InvalidInput(
                "cannot read {name!r}: no sheet {sheet!r}; sheets: {sheets}",
                name=name, sheet=sheet, sheets=", ".join(titles),
            )  # fmt: skip
        return titles.index(sheet)
    states = [getattr(ws, "sheet_state", "visible") for ws in book.worksheets]
    return states.index("visible") if "visible" in states else 0
