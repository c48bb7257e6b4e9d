"""The quote as an Excel workbook (`crm quote print --format xlsx`), the form Chinese
customers get quotes in: title 报价单, our company, the customer, the quote's code and date,
the lines with their VAT, the totals, the total in capitals (大写金额), validity and notes.

Money is written as numbers in a ``0.00`` format, digit for digit from the Decimal (see
``_exact_numbers``), rates as percentages, dates as dates; every text a user typed is a
text cell, so a name starting with ``=`` is never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from crm_cli.commands._documents import amount_in_chinese
from crm_cli.commands._quote_print import meta_of, notes_of, price_label, totals_of
from crm_cli.store.sales import quote_records

MONEY, DATE = "0.00", "yyyy-mm-dd"
HEADERS = ("序号", "产品名称", "规格型号", "单位", "数量", "单价", "折扣", "税率",
           "不含税金额", "税额", "价税合计")  # fmt: skip
WIDTHS = (6, 28, 16, 8, 10, 14, 8, 8, 16, 14, 16)
LAST = len(HEADERS)  # the table's columns, A to K
FIRST_MONEY = 9  # 不含税金额, 税额, 价税合计: columns I to K


class Sheet:
    """A worksheet written row by row, with the few styles a quotation needs."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        self.ws = ws
        self.row = 0
        self.bold = Font(bold=True)
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.center = Alignment(horizontal="center", vertical="center")
        self.Font = Font

    def next(self) -> int:
        self.row += 1
        return self.row

    def put(self, column: int, value: Any, fmt: str | None = None, **style: Any) -> Any:
        """One cell of the current row: text stays text, Decimal and dates are typed."""
        cell = self.ws.cell(row=self.row, column=column)
        if value is None or value == "":
            return cell
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        elif fmt:
            cell.number_format = fmt
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def wide(self, value: Any, first: int = 1, **style: Any) -> None:
        """A text across the table's columns from ``first`` (merged)."""
        self.put(first, value, **style)
        self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row,
                            end_column=LAST)  # fmt: skip

    def pair(self, label: str, value: Any, fmt: str | None = None) -> None:
        """A labelled line of the head: the label in A-B, the value in C onwards."""
        self.next()
        self.put(1, label, font=self.bold)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=2)
        if isinstance(value, str):
            self.wide(value, 3)
        else:
            self.put(3, value, fmt)


def quote_workbook(data: quote_records.QuotePrint, sender: list[tuple[str, str]]) -> bytes:
    """The quotation sheet as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = data.quote.code
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    sheet = Sheet(ws)
    _head(sheet, data, sender)
    _lines(sheet, data.quote)
    _foot(sheet, data.quote)
    ws.page_setup.orientation = "landscape"  # eleven columns: printed across the page
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    with _exact_numbers():
        book.save(out)
    return out.getvalue()


@contextmanager
def _exact_numbers() -> Iterator[None]:
    """Numbers written as the Decimal's own digits while a workbook is saved.

    openpyxl writes every number as ``"%.16g" % value``, through a float: 952547762549.43
    would reach the file as 952547762549.4301. Its cell writer's ``safe_string`` is wrapped
    for the save, so a Decimal is written as itself; other values as openpyxl writes them.
    """
    from openpyxl.cell import _writer

    original = _writer.safe_string

    def exact(value: Any) -> str:
        if isinstance(value, Decimal) and value.is_finite():
            return format(value, "f")
        return str(original(value))

    _writer.safe_string = exact
    try:
        yield
    finally:
        _writer.safe_string = original


def _head(sheet: Sheet, data: quote_records.QuotePrint, sender: list[tuple[str, str]]) -> None:
    """Title, our company (name first, as a letterhead), then the quote and the customer."""
    sheet.next()
    sheet.wide("报价单", font=sheet.Font(bold=True, size=18), alignment=sheet.center)
    ours = dict(sender)
    name = ours.pop("发件方 From", "")
    if name:
        sheet.next()
        sheet.wide(name, font=sheet.Font(bold=True, size=13), alignment=sheet.center)
    for label, value in ours.items():
        sheet.pair(label, value)
    sheet.next()
    for label, value in meta_of(data):
        if label.startswith("日期"):  # a real date, so Excel sorts and formats it
            sheet.pair(label, data.quote.created_at.date(), DATE)
        elif label.startswith("有效期至") and data.quote.valid_until:
            sheet.pair(label, data.quote.valid_until, DATE)
        else:
            sheet.pair(label, value)
    sheet.next()


def _lines(sheet: Sheet, q: quote_records.Quote) -> None:
    """The header and one row per line, every cell boxed."""
    sheet.next()
    headers = list(HEADERS)
    headers[5] = price_label(q.lines or ()).split(" ")[0]  # 单价(含税) or 单价(不含税)
    for column, header in enumerate(headers, 1):
        sheet.put(column, header, font=sheet.bold, alignment=sheet.center, border=sheet.border)
    for line in q.lines or ():
        sheet.next()
        cells = _line_cells(line)
        for column, (value, fmt) in enumerate(cells, 1):
            sheet.ws.cell(row=sheet.row, column=column).border = sheet.border
            sheet.put(column, value, fmt)


def _line_cells(line: quote_records.QuoteLine) -> list[tuple[Any, str | None]]:
    """(value, number format) of each column of a line."""
    return [
        (line.position, None), (line.product_name, None), (line.product, None),
        (line.unit, None), (line.quantity.normalize() + 0, "0.###"), (line.unit_price, MONEY),
        (_percent(line.discount) if line.discount else None, _percent_format(line.discount)),
        (_percent(line.tax_rate), _percent_format(line.tax_rate)),
        (line.amount - line.tax, MONEY), (line.tax, MONEY), (line.amount, MONEY),
    ]  # fmt: skip


def _percent(rate: Decimal) -> Decimal:
    """13 (%) as the fraction 0.13 Excel shows as 13%: exact, Decimal throughout."""
    return (rate / 100).normalize() + 0


def _percent_format(rate: Decimal) -> str:
    return "0%" if rate == rate.to_integral_value() else "0.00%"


def _foot(sheet: Sheet, q: quote_records.Quote) -> None:
    """The totals under their columns, the total in capitals, validity and notes."""
    sheet.next()
    sheet.put(1, "合计", font=sheet.bold, border=sheet.border)
    sheet.ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row,
                         end_column=FIRST_MONEY - 1)  # fmt: skip
    for column, (_, value) in enumerate(totals_of(q), FIRST_MONEY):
        sheet.put(column, value, MONEY, font=sheet.bold, border=sheet.border)
    sheet.next()
    sheet.put(1, "大写金额", font=sheet.bold)
    sheet.ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row, end_column=2)
    sheet.wide(f"人民币{amount_in_chinese(q.total)}", 3, font=sheet.bold)
    sheet.next()
    for note in notes_of(q):
        sheet.next()
        sheet.wide(note)
