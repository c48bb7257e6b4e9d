"""Reading import files for the engine (issue 12): encodings detected or named, UTF-16,
the header row under a title, values under no header, sheets, damaged workbooks, and the
header aliases of shared/reference/import-formats.md §1."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from crm_cli.store.core import readers, xlsx, xlsx_sheets
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.imports.aliases import CONTACT, CUSTOMER, Headers, alias_table, header_key

CUSTOMERS = Headers(alias_table(CUSTOMER))
TEXT = "客户名称,电话,备注\n杭州东山科技,0571-88776655,联通 €\n"


def read(data: bytes, name: str = "-", **kw: object) -> readers.Table:
    tables = list(readers.batches(name, {}, data=data, headers=CUSTOMERS, **kw))  # type: ignore[arg-type]
    return tables[0]


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT[:-2].encode("gbk") + b"\x80\r\n",  # Windows' code page 936 writes € as 0x80
        TEXT.encode("utf-16"),  # with its BOM
        TEXT.encode("utf-16-le"),  # without one: every other byte is NUL
    ],
    ids=["utf-8", "utf-8-bom", "gbk-cp936", "utf-16-bom", "utf-16-le"],
)
def test_every_encoding_excel_and_wps_write_is_detected(encoded: bytes) -> None:
    table = read(encoded)
    assert table.columns == {
        "name": ["杭州东山科技"],
        "phone": ["0571-88776655"],
        "notes": ["联通 €"],
    }


def test_a_named_encoding_must_fit_the_file() -> None:
    gbk, utf8 = TEXT.replace("€", "").encode("gbk"), TEXT.encode("utf-8")
    assert read(gbk, encoding="gb18030").columns["name"] == ["杭州东山科技"]
    with pytest.raises(
        InvalidInput, match=r"invalid utf-8 at byte 0 \(is it GBK\? try --encoding gbk\)"
    ):
        read(gbk, encoding="utf-8")
    with pytest.raises(InvalidInput, match="the file is UTF-8 \\(leave out --encoding\\)"):
        read(utf8, encoding="gbk")
    with pytest.raises(InvalidInput, match="unknown encoding 'klingon'"):
        read(utf8, encoding="klingon")
    assert read(b"name\nABC\n", encoding="gbk").columns["name"] == ["ABC"]  # ASCII is both


def test_the_header_is_the_row_with_most_known_headers_below_a_title() -> None:
    data = "客户导入模板（注意事项：带*为必填）,,\n*客户名称,联系电话（必填）,备注：\n甲,0571-88776655,\n"
    table = read(data.encode())
    assert table.labels == {"name": "*客户名称", "phone": "联系电话（必填）", "notes": "备注："}
    assert table.numbers == [3]


def test_a_value_under_no_header_is_a_problem() -> None:
    table = read("name,phone\n甲,0571-88776655,oops\n乙,0571-88776656,\n丙,,\n".encode())
    assert table.numbers == [2, 3, 4]
    (problem,) = table.problems
    assert (problem.row, problem.column, problem.value) == (2, "3", "oops")
    assert problem.reason == "a value beyond the header's 2 columns"
    table = read("name,,phone\n甲,?,0571-88776655\n".encode())
    assert [(p.column, p.reason) for p in table.problems] == [
        ("2", "a value under an empty header")
    ]


def test_aliases_are_found_after_normalising_headers() -> None:
    assert header_key(" *客户名称（必填） ") == "客户名称"
    assert header_key("E-Mail_Address") == "emailaddress"
    assert CUSTOMERS.field("客户名称(全称)") == "name"  # the longest alias it contains
    assert CUSTOMERS.field("所属员工") == "owner" and CUSTOMERS.field("balance_owed") == "-"
    assert CUSTOMERS.field("联系人手机") == "mobile" and CUSTOMERS.field("colour") is None
    contacts = Headers(alias_table(CONTACT))
    assert contacts.field("客户名称") == "customer" and contacts.field("联系人") == "name"
    assert Headers(alias_table(CUSTOMER), {"QQ号": "notes"}).field("QQ号") == "notes"


def _workbook(tmp_path: Path, hidden_first: bool = False) -> Path:
    book = Workbook()
    first = book.active
    first.title = "下拉列表"
    first.append(["省份"])
    if hidden_first:
        first.sheet_state = "hidden"
    second = book.create_sheet("客户")
    second.append(["客户名称", "手机", "注册日期"])
    second.append(["甲公司", 13800138000, None])
    path = tmp_path / "customers.xlsx"
    book.save(path)
    return path


@pytest.fixture(params=["here", "apart"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each workbook read in this process, and by a reader process (``xlsx_sheets``)."""
    if request.param == "apart":
        monkeypatch.setattr(xlsx_sheets, "APART", 0)
    return str(request.param)


def test_xlsx_reads_the_first_visible_sheet_or_the_one_named(tmp_path: Path, reading: str) -> None:
    path = _workbook(tmp_path, hidden_first=True)
    table = read(path.read_bytes(), str(path))
    assert table.columns == {"name": ["甲公司"], "mobile": ["13800138000"], "registered": [""]}
    assert read(path.read_bytes(), str(path), sheet="客户").numbers == [2]
    with pytest.raises(InvalidInput, match="no sheet 'Sheet9'; sheets: 下拉列表, 客户"):
        read(path.read_bytes(), str(path), sheet="Sheet9")


def test_a_truncated_workbook_is_refused_in_one_line(tmp_path: Path, reading: str) -> None:
    data = _workbook(tmp_path).read_bytes()
    with pytest.raises(InvalidInput, match=r"^cannot read 'x.xlsx': not an .xlsx workbook"):
        read(data[: len(data) // 2], "x.xlsx")


def test_a_workbook_read_apart_reads_as_one_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row, in batches and past them, with numbers, dates and an uncalculated formula
    named; a loop left early stops the reader (``close`` returns once it is gone)."""
    book = Workbook()
    book.active.append(["客户名称", "手机", "注册日期", "备注"])
    for n in range(2 * xlsx_sheets.BATCH + 3):
        book.active.append([f"客户{n}", 13800000000 + n, dt.date(2026, 1, 1 + n % 28), "=A2"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    here = list(xlsx.rows_of(data, "x.xlsx"))
    monkeypatch.setattr(xlsx_sheets, "APART", 0)
    apart = xlsx_sheets.sheet_rows(io.BytesIO(data), "x.xlsx")
    assert list(apart) == here
    assert here[-1][1][:3] == [f"客户{2 * xlsx_sheets.BATCH + 2}", "13800002002", "2026-01-15"]
    assert here[-1][2] == {3: "=A2"}
    left = xlsx_sheets.sheet_rows(io.BytesIO(data), "x.xlsx")
    assert next(left) == here[0]
    left.close()  # type: ignore[attr-defined]


def test_a_seekable_file_stands_for_standard_input() -> None:
    spooled = io.BytesIO(TEXT.encode("gbk", errors="ignore"))
    (table,) = readers.batches("-", {}, data=spooled, headers=CUSTOMERS)
    assert table.columns["notes"] == ["联通"]


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_a_workbook_is_read_twice_only_when_it_holds_a_formula(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formula pass doubles openpyxl's time; it runs only when a sheet has an <f>."""
    monkeypatch.setattr(xlsx, "CHUNK", chunk)  # an element split between two reads
    files = {}
    for name, cell in (("plain", "fact"), ("formula", "=1+1")):
        book = Workbook()
        book.active.append(["客户名称", "备注"])
        for n in range(50):
            book.active.append([f"客户{n}", "f" if n % 2 else "<f"])
        book.active.append(["末行客户", cell])
        buffer = io.BytesIO()
        book.save(buffer)
        files[name] = buffer.getvalue()
    assert not xlsx._has_formulas(files["plain"])
    assert xlsx._has_formulas(files["formula"])
    assert xlsx._has_formulas(b"not a zip")  # then the formula pass reports it
