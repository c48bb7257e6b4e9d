"""Chinese input end to end (issue 17, point 2): methods, statuses, types and categories
by their Chinese names, dates like 下周一 and 2026年12月5日, amounts like 1.2万; and the
bad ones (a text naming two methods, 下周 without a day, 1.2万万) refused in one line with
exit 1, nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from tests.cli.test_order_cli import approved, shop, state

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

__all__ = ["shop"]  # the fixture, shared with the order tests
AS_OF = "2026-12-02"  # a Wednesday


def by_the_clock(crm: Crm, *args: str, user: str = "wang") -> tuple[Any, list[dt.date]]:
    """`crm ARGS` as JSON, and the days it may have run on (commands without --as-of
    read the clock, which may pass midnight meanwhile)."""
    before = dt.date.today()
    row = crm.json(*args, user=user)
    return row, sorted({before, dt.date.today()})


def next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=7 - day.weekday())


@pytest.fixture
def sales(staff: Crm) -> Crm:
    staff.add("中兴通讯", user="wang")
    staff.ok("contact", "add", "C000001", "张伟", user="wang")
    return staff


def test_contact_log_takes_chinese_methods_results_and_dates(sales: Crm) -> None:
    row, days = by_the_clock(
        sales, "contact", "log", "C000001", "--summary", "报价", "--method", "微信",
        "--result", "继续跟进", "--at", "昨天下午3点", "--next", "下周一",
    )  # fmt: skip
    assert (row["method"], row["result"], row["next_status"]) == ("im", "continue", "remind")
    assert row["next_date"] in [str(next_monday(day)) for day in days]
    yesterday = [str(day - dt.timedelta(days=1)) for day in days]
    assert row["started_at"] in [f"{day}T15:00:00" for day in yesterday]
    again = sales.json("contact", "log", "C000001", "--summary", "上门", "--method", "上门",
                       "--next", "3天后", "--next-status", "已完成", user="wang")  # fmt: skip
    assert (again["method"], again["next_status"]) == ("visit", "done")


def test_campaigns_and_expenses_in_chinese(staff: Crm) -> None:
    row = staff.json(
        "campaign", "add", "秋季展会", "--type", "展会", "--stage", "进行中", "--start", "下周一",
        "--end", "下个月", "--budget", "1.2万", "--expected-revenue", "1.5亿", "--as-of", AS_OF,
    )  # fmt: skip
    assert (row["type"], row["stage"]) == ("exhibition", "active")
    assert (row["starts_on"], row["ends_on"]) == ("2026-12-07", "2027-01-02")
    assert (row["budget"], row["expected_revenue"]) == (12000.00, 150000000.00)
    spent = staff.json(
        "expense", "add", "--amount", "￥1,200.50", "--category", "差旅", "--date",
        "2026年11月30日", "--as-of", AS_OF, user="wang",
    )  # fmt: skip
    assert (spent["amount"], spent["category"], spent["spent_on"]) == (
        1200.50, "travel", "2026-11-30",
    )  # fmt: skip
    assert [x["code"] for x in staff.json("expense", "list", "--status", "草稿")] == [spent["code"]]


def test_pay_and_order_lists_in_chinese(shop: Crm) -> None:
    code = approved(shop, "--line", "PC:2")
    receipts = shop.json("pay", code, "--amount", "0.15万", "--date", "2026/11/04",
                         "--as-of", "2026-11-05", user="wang")  # fmt: skip
    assert [(r["amount"], r["paid_on"]) for r in receipts] == [(1500.00, "2026-11-04")]
    assert [o["code"] for o in shop.json("order", "list", "--status", "已审批")] == [code]
    assert shop.json("order", "list", "--status", "草稿") == []
    assert [o["code"] for o in shop.json("order", "list", "--kind", "销售")] == [code]


def test_tickets_evaluations_and_opportunities_in_chinese(sales: Crm) -> None:
    ticket, days = by_the_clock(
        sales, "service", "add", "C000001", "--type", "维修", "--priority", "紧急",
        "--description", "打印机卡纸", "--due", "明天下午2点",
    )  # fmt: skip
    assert (ticket["type"], ticket["priority"]) == ("repair", "urgent")
    assert ticket["due_at"] in [f"{day + dt.timedelta(days=1)}T14:00:00" for day in days]
    assert [t["code"] for t in sales.json("service", "list", "--status", "未处理")] == [
        ticket["code"]
    ]
    rated = sales.json("customer", "evaluate", "C000001", "--grade", "A", "--score", "信用=4",
                       "--strategy", "重点发展", user="wang")  # fmt: skip
    assert (rated["scores"], rated["strategy"]) == ({"credit": 4}, "develop")
    sales.ok("opportunity", "add", "C000001", "--amount", "50万", "--probability", "30",
             user="wang")  # fmt: skip
    [deal] = sales.json("opportunity", "list", "--status", "进行中")
    assert (deal["status"], deal["amount"]) == ("open", 500000.00)


def test_customer_statuses_by_their_chinese_names(sales: Crm) -> None:
    sales.ok("customer", "status", "rename", "intent", "意向客户")
    added = sales.add("华为技术", "--status", "意向客户", user="wang")
    assert added["status"] == "意向客户"
    sales.ok("contact", "log", "C000001", "--summary", "有意向", "--set-status", "意向客户",
             user="wang")  # fmt: skip
    assert sales.json("customer", "show", "C000001")["status"] == "意向客户"


def nothing_logged(crm: Crm) -> Callable[[], Any]:
    return lambda: (crm.json("contact", "history"), crm.snapshot())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--method", "电话email"), "'电话email' names 2 values of method: phone (电话), "
         "email (邮件); give one of them"),
        (("--method", "微信 / 会议"), "'微信 / 会议' names 2 values of method: im (微信), "
         "meeting (会议); give one of them"),
        (("--next", "下周"), "ambiguous date '下周': say which day of that week, e.g. 下周一 "
         "(Monday)"),
        (("--next", "周三"), "ambiguous date '周三': say which week, e.g. 本周三 (this week) or "
         "下周三 (next week)"),
        (("--next", "2026年2月30日"), "invalid date '2026年2月30日': use YYYY-MM-DD"),
        (("--result", "打个电话"), "invalid result '打个电话'; use one of: continue, deal, failed"),
    ],
)  # fmt: skip
def test_bad_chinese_input_to_contact_log(sales: Crm, extra: tuple[str, ...], message: str) -> None:
    before = nothing_logged(sales)()
    line = sales.fails(1, "contact", "log", "C000001", "--summary", "x", *extra, user="wang")
    assert line.startswith(f"Error: {message}")
    assert nothing_logged(sales)() == before


@pytest.mark.parametrize("amount", ["1.2万万", "万", "1万2千"])
def test_an_amount_with_a_bad_unit_pays_nothing(shop: Crm, amount: str) -> None:
    code = approved(shop, "--line", "PC:2")
    before = state(shop)
    line = shop.fails(1, "pay", code, "--amount", amount, "--as-of", "2026-11-05", user="wang")
    assert line == f"Error: invalid amount {amount!r}: expected a number and one unit, like 1.2万"
    assert state(shop) == before


def test_a_bad_budget_adds_no_campaign(staff: Crm) -> None:
    line = staff.fails(1, "campaign", "add", "冬季展会", "--budget", "1.2万万", "--as-of", AS_OF)
    assert line == "Error: invalid budget '1.2万万': expected a number and one unit, like 1.2万"
    assert staff.json("campaign", "list") == []
