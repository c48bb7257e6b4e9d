"""XLSX exports in constant memory: openpyxl's write-only mode streams rows to the file.

Typed for Chinese Excel (shared/reference/import-formats.md §7): codes, phones and other
digit strings as text cells (``@``), so an 18-digit credit code or a leading 0 survives;
dates as dates (``yyyy-mm-dd``); money as numbers (``#,##0.00``); a frozen header row.
Every text cell is written as text, so a value starting with ``=`` is never a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from crm_cli.commands._export_formats import BOOLS, Row
from crm_cli.store.exports.columns import BOOL, DATE, MONEY, NUMBER, Column

TEXT_FORMAT, DATE_FORMAT, MONEY_FORMAT = "@", "yyyy-mm-dd", "#,##0.00"
SHEET = {"customer": "客户", "contact": "联系人", "opportunity": "商机", "order line": "订单",
         "receipt": "收款", "product": "产品",
         "quote line": "报价"}  # sheet names by noun  # fmt: skip


def write_xlsx(out: IO[bytes], columns: Sequence[Column], rows: Iterable[Row], noun: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET.get(noun, noun))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = min(40, max(10, 2 * len(column.header) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_cell(WriteOnlyCell, sheet, row.get(c.field), c.kind) for c in columns])
        count += 1
    book.save(out)
    return count


def _cell(make: Any, sheet: Any, value: Any, kind: str) -> Any:
    """One typed cell; None for an empty one."""
    if value is None or value == "":
        return None
    if kind == BOOL or isinstance(value, bool):
        value = BOOLS[bool(value)]
    elif kind == DATE and isinstance(value, str):
        value = _date(value)
    elif kind == NUMBER and isinstance(value, str):
        value = _number(value)
    cell = make(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT if kind == MONEY else "General"
    else:
        cell.value = str(value)
        cell.data_type = "s"  # never a formula
        cell.number_format = TEXT_FORMAT
    return cell


def _date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _number(text: str) -> Decimal | str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    # Excel keeps 15 significant digits: a longer number stays text, whole.
    return number if number.is_finite() and len(number.as_tuple().digits) <= 15 else text
