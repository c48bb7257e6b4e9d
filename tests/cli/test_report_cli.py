"""`crm report` (issue 15, points 3 and 7): summaries and presets in every format, charts
that leave the data formats alone, an empty result, comparisons, saved summaries, and each
bad input of the issue as one stderr line with its CLI.md exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Crm

SUMMARY = ("report", "summary", "orders", "--by", "owner", "--count", "--sum", "total")


@pytest.fixture
def book(staff: Crm) -> Crm:
    """Orders of wang (2000.00 on 2025-11-28, 333.33 on 2025-12-01) and zhao (3000.00 on
    2025-12-05); product PC at 1000.00, cost 600.00."""
    c = staff
    c.ok("product", "add", "PC", "电脑", "--price", "1000", "--cost", "600", "--category", "硬件")
    c.ok("customer", "add", "甲", "--source", "展会", "--owner", "wang")
    c.ok("customer", "add", "乙", "--source", "广告", "--owner", "zhao")
    for who, customer, line, day in (("wang", "甲", "PC:2", "2025-11-28"),
                                      ("wang", "甲", "PC:1:333.33", "2025-12-01"),
                                      ("zhao", "乙", "PC:3", "2025-12-05")):  # fmt: skip
        c.ok("order", "add", customer, "--line", line, "--signed", day, user=who)
    return c


def test_a_summary_in_every_format(book: Crm) -> None:
    assert book.ok(*SUMMARY, "-f", "csv").stdout == (
        "owner,count,sum_total\nwang,2,2333.33\nzhao,1,3000.00\n"
    )
    assert book.ok(*SUMMARY, "-f", "tsv").stdout == (
        "owner\tcount\tsum_total\nwang\t2\t2333.33\nzhao\t1\t3000.00\n"
    )
    data = book.json(*SUMMARY)
    assert list(data) == ["report", "title", "period", "compare", "columns", "rows"]
    assert data["rows"] == [
        {"owner": "wang", "count": 2, "sum_total": 2333.33},
        {"owner": "zhao", "count": 1, "sum_total": 3000.00},
    ]
    assert data["columns"][2] == {"name": "sum_total", "kind": "money",
                                  "label": "sum of total", "label_zh": "total合计"}  # fmt: skip
    assert data["period"] is None and data["title"] == "orders by owner"
    lines = book.ok(*SUMMARY, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["owner"] for line in lines] == ["wang", "zhao"]
    assert (
        book.ok(*SUMMARY, "-f", "markdown").stdout.splitlines()[2]
        == "| wang  |     2 |   2333.33 |"
    )
    plain = book.ok(*SUMMARY, "-f", "plain").stdout.splitlines()
    assert plain == [
        "owner  count  sum_total",
        "wang       2    2333.33",
        "zhao       1    3000.00",
    ]
    assert "2333.33" in book.ok(*SUMMARY, "-f", "table").stdout
    assert book.ok(*SUMMARY, "-f", "csv", "--fields", "owner,sum_total").stdout.startswith(
        "owner,sum_total\nwang,2333.33\n"
    )


def test_a_chart_is_drawn_below_a_table_and_nowhere_else(book: Crm) -> None:
    for fmt in ("csv", "tsv", "json", "jsonl", "markdown"):
        bare = book.ok(*SUMMARY, "-f", fmt).stdout
        assert book.ok(*SUMMARY, "-f", fmt, "--chart", "bar").stdout == bare, fmt
    plain = book.ok(*SUMMARY, "-f", "plain").stdout
    charted = book.ok(*SUMMARY, "-f", "plain", "--chart", "bar").stdout
    assert charted.startswith(plain + "\n")
    below = charted[len(plain) :]
    drawn = below.strip().splitlines()  # the first measure (count) by the first group
    assert [(line.split()[0], line.split()[-1]) for line in drawn] == [("wang", "2"), ("zhao", "1")]
    # Without a group there is nothing to chart.
    message = book.fails(1, "report", "summary", "orders", "--chart", "bar")
    assert message == "Error: --chart needs a grouped report: give --by"


def test_an_empty_result_prints_the_header_and_no_data(book: Crm) -> None:
    empty = (*SUMMARY, "--period", "2020")
    result = book.ok(*empty, "-f", "plain")
    assert result.stdout == "owner  count  sum_total\n"
    assert result.stderr == "no data\n"
    assert book.ok(*empty, "-f", "csv").stdout == "owner,count,sum_total\n"
    assert book.json(*empty)["rows"] == []
    assert "owner" in book.ok(*empty, "-f", "table").stdout


def test_compared_figures_beside_each_row(book: Crm) -> None:
    out = book.ok(*SUMMARY, "--period", "2025-12", "--compare", "previous", "-f", "csv").stdout
    assert out.splitlines() == [
        "owner,count,sum_total,count_compared,count_change,count_change_pct,"
        "sum_total_compared,sum_total_change,sum_total_change_pct",
        "wang,1,333.33,1,0,0,2000.00,-1666.67,-83.3",  # percentages as the numbers they are
        "zhao,1,3000.00,0,1,,0.00,3000.00,",
    ]
    data = book.json(*SUMMARY, "--period", "2025-12", "--compare", "previous")
    assert data["compare"] == {"label": "2025-11", "from": "2025-11-01", "to": "2025-11-30"}
    # --from/--to and --as-of: a relative period counts from the as-of day.
    assert book.json(*SUMMARY, "--period", "last-month", "--as-of", "2025-12-15")["rows"] == [
        {"owner": "wang", "count": 1, "sum_total": 2000.00}
    ]
    spanned = book.json(*SUMMARY, "--from", "2025-12-02", "--to", "2025-12-31")
    assert [r["owner"] for r in spanned["rows"]] == ["zhao"]


def test_saved_summaries_list_run_and_delete(book: Crm) -> None:
    saved = book.ok(*SUMMARY, "--by", "signed:month", "--save", "月报", user="li")
    assert "Saved report '月报'." in saved.stderr
    listed = book.json("report", "list", user="li")
    names = {row["name"]: row["kind"] for row in listed}
    assert names["月报"] == "saved" and names["sales-trend"] == "preset"
    assert all(row["title"] and row["title_zh"] for row in listed)
    assert "月报" not in {row["name"] for row in book.json("report", "list", user="chen")}
    rerun = book.ok("report", "run", "月报", "--period", "2025-12", "-f", "csv", user="li")
    assert rerun.stdout == (
        "owner,signed_month,count,sum_total\nwang,2025-12,1,333.33\nzhao,2025-12,1,3000.00\n"
    )
    book.fails(4, "report", "run", "月报", user="chen")  # someone else's: not found
    book.ok("report", "delete", "月报", user="li")
    book.fails(4, "report", "run", "月报", user="li")


def test_an_xlsx_file(book: Crm, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "report.xlsx"
    book.ok(*SUMMARY, "-f", "xlsx", "-o", str(path))
    sheet = load_workbook(path).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["owner", "count", "sum_total"], ["wang", 2, 2333.33], ["zhao", 1, 3000],
    ]  # fmt: skip
    assert (
        book.fails(1, *SUMMARY, "-f", "xlsx") == "Error: -f xlsx writes a file: give --output FILE"
    )


def test_a_preset_through_the_cli(book: Crm) -> None:
    data = book.json("report", "run", "sales-trend", "--period", "2025-Q4")
    assert data["report"] == "sales-trend" and data["period"]["label"] == "2025-Q4"
    message = book.fails(1, "report", "run", "sales-trend", "--colour", "red")
    assert "takes no option 'colour'" in message


BAD = [
    (4, ("report", "run", "no-such-report"), "unknown report 'no-such-report'"),
    (1, ("report", "summary", "invoices"), "unknown record type 'invoices'"),
    (1, ("report", "summary", "orders", "--by", "colour"), "unknown field 'colour' of orders"),
    (1, ("report", "summary", "orders", "--by", "signed:decade"), "unknown time bucket 'decade'"),
    (1, ("report", "summary", "orders", "--sum", "status"), "cannot sum status of orders"),
    (1, (*SUMMARY, "--period", "2026-13"), "invalid period '2026-13'"),
    (1, (*SUMMARY, "--compare", "previous"), "--compare needs a period"),
    (1, (*SUMMARY, "--period", "2026", "--compare", "yoy"), "invalid --compare 'yoy'"),
    (1, (*SUMMARY, "--chart", "radar"), "unknown chart 'radar'"),
    (1, (*SUMMARY, "--team"), "--team goes with --save NAME"),
    (1, (*SUMMARY, "--saved", "x"), "applies to customers only"),
    (5, (*SUMMARY, "--save", "x", "--team"), "only an admin saves a report for the team"),
    (5, ("report", "summary", "order-lines", "--sum", "profit"), "reserved to managers"),
    (2, (*SUMMARY, "--nonsense"), "No such option: --nonsense"),
]


@pytest.mark.parametrize(("code", "args", "message"), BAD, ids=[b[2][:30] for b in BAD])
def test_bad_input_is_one_line_and_its_exit_code(
    book: Crm, code: int, args: tuple[str, ...], message: str
) -> None:
    if code == 2:  # usage errors are click's: exit 2, nothing on stdout
        result = book.run(*args, user="wang")
        assert result.exit_code == 2 and message in result.stderr and result.stdout == ""
        return
    assert message in book.fails(code, *args, user="wang")


def test_a_saved_name_that_exists_and_a_team_report_beyond_ones_rights(book: Crm) -> None:
    book.ok(*SUMMARY, "--save", "月报", user="wang")
    before = book.json("report", "list", user="wang")
    message = book.fails(3, *SUMMARY, "--by", "source", "--save", "月报", user="wang")
    assert "a saved report named '月报' exists" in message
    assert book.json("report", "list", user="wang") == before  # nothing written
    for refused in (("-f", "xlsx"), ("--fields", "colour"), ("--chart", "pie")):
        book.fails(1, "report", "summary", "orders", "--save", "其他", *refused, user="wang")
    assert book.json("report", "list", user="wang") == before
    book.ok("report", "summary", "order-lines", "--by", "owner", "--sum", "profit",
            "--save", "利润", "--team")  # fmt: skip
    assert book.ok("report", "run", "利润", "-f", "csv", user="li").stdout == (
        "owner,sum_profit\nwang,533.33\nzhao,1200.00\n"
    )
    message = book.fails(5, "report", "run", "利润", user="wang")
    assert (
        message == "Error: report '利润': profit of order-lines is reserved to managers and admins"
    )
    assert "takes no option 'by'" in book.fails(
        1, "report", "run", "月报", "--by", "x", user="wang"
    )


def test_the_fields_a_summary_may_use(crm: Crm) -> None:
    rows = crm.json("report", "fields", "receipts")
    assert rows[0] == {"name": "paid_on", "kind": "date", "group": True, "measure": False,
                       "date": True, "reserved": False}  # fmt: skip
    profit = next(
        row for row in crm.json("report", "fields", "order-lines") if row["name"] == "profit"
    )
    assert profit["measure"] and profit["reserved"] and not profit["group"]
    assert "unknown record type 'invoice'" in crm.fails(1, "report", "fields", "invoice")


def test_customers_with_the_list_filters_and_a_saved_search(book: Crm) -> None:
    book.ok("customer", "list", "--where", "source = 展会", "--save", "展会")
    summary = ("report", "summary", "customers", "--by", "owner", "-f", "csv")
    assert book.ok(*summary, "--saved", "展会").stdout == "owner,count\nwang,1\n"
    assert book.ok(*summary, "--search", "乙").stdout == "owner,count\nzhao,1\n"
    assert book.ok(*summary, "--where", "source != 展会").stdout == "owner,count\nzhao,1\n"
    assert book.fails(4, *summary, "--saved", "none") == "Error: no saved search 'none'"
