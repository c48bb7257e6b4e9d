"""Lists, record views and reports in Chinese (issue 17, point 1): what was still English
when tried in a Chinese run (empty-list notes, report headers and titles, the sections of
a customer or an order, fixed values such as an opportunity's status or an expense's
category, a duplicate's reason); machine output keeps the English keys and values."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from crm_cli import i18n
from tests.cli.conftest import Crm

ZH = {"LANG": "zh_CN.UTF-8"}
SUMMARY = ("report", "summary", "orders", "--by", "owner", "--by", "signed:month",
           "--sum", "total")  # fmt: skip


@pytest.fixture(autouse=True)
def fresh_language() -> Iterator[None]:
    yield
    i18n.use(None)  # a later test chooses its language again


@pytest.fixture
def book(staff: Crm) -> Crm:
    """wang's customer 甲 with a won and a lost opportunity and an order with a plan."""
    c = staff
    c.ok("product", "add", "PC", "电脑", "--price", "1000")
    c.ok("customer", "add", "甲", "--owner", "wang")
    c.ok("opportunity", "add", "甲", "--amount", "100", "-p", "50", user="wang")
    c.ok("opportunity", "add", "甲", "--amount", "200", "-p", "50", user="wang")
    c.ok("opportunity", "win", "OP000001", user="wang")
    c.ok("opportunity", "lose", "OP000002", "--reason", "价格", user="wang")
    c.ok("order", "add", "甲", "--line", "PC:2", "--signed", "2026-11-05", user="wang")
    return c


def test_an_empty_list_says_so_in_chinese(staff: Crm) -> None:
    for noun, said in (
        ("customer", "没有客户。"),
        ("remind", "没有提醒。"),
        ("quote", "没有报价单。"),
    ):
        result = staff.ok(noun, "list", **ZH)
        assert result.stderr.strip() == said, (noun, result.stderr)
    assert staff.ok("customer", "list").stderr.strip() == "No customers."


def test_report_headers_and_title_in_chinese_json_unchanged(book: Crm) -> None:
    plain = book.ok(*SUMMARY, "-f", "plain", **ZH).stdout.splitlines()
    assert plain[0].split() == ["负责人", "签约日期（月）", "合计（求和）"]
    table = book.ok(*SUMMARY, "--period", "2026-11", "-f", "table", **ZH, COLUMNS="120").stdout
    assert "订单：按负责人、签约日期（月）汇总" in table and "2026年11月" in table  # wrapped
    csv = book.ok(*SUMMARY, "-f", "csv", "--headers", "zh", **ZH).stdout
    assert csv.splitlines()[0] == "负责人,签约日期（月）,合计（求和）"
    assert book.ok(*SUMMARY, "-f", "csv", **ZH).stdout.splitlines()[0] == (
        "owner,signed_month,sum_total"
    )
    data = book.json(*SUMMARY, **ZH)
    assert [c["name"] for c in data["columns"]] == ["owner", "signed_month", "sum_total"]
    funnel = book.ok("report", "run", "funnel", "-f", "table", **ZH, COLUMNS="150").stdout
    assert "销售漏斗" in funnel and "商机数" in funnel and "reached" not in funnel


def test_record_sections_and_values_in_chinese(book: Crm) -> None:
    shown = book.ok("customer", "show", "C000001", **ZH).stdout
    for heading in ("商机（2）", "订单（1）", "变更记录（"):
        assert heading in shown, (heading, shown)
    assert "Opportunities (2)" in book.ok("customer", "show", "C000001").stdout
    listed = book.ok("opportunity", "list", "-f", "plain", **ZH).stdout
    assert "赢单" in listed and "输单" in listed and "won" not in listed
    statuses = {r["status"] for r in book.json("opportunity", "list", **ZH)}
    assert statuses == {"won", "lost"}
    order = book.ok("order", "show", "SO000001", **ZH).stdout
    assert "明细（1）" in order


def test_an_opportunity_word_stays_out_of_other_lists(book: Crm) -> None:
    """ "lost" is an opportunity's 输单, but a customer status of that name is 流失客户."""
    book.ok("customer", "edit", "C000001", "--status", "lost")
    listed = book.ok("customer", "list", "-f", "plain", **ZH).stdout
    assert "流失客户" in listed and "输单" not in listed and "lost" not in listed
    assert book.json("customer", "list", **ZH)[0]["status"] == "lost"
    shown = book.ok("customer", "show", "C000001", **ZH).stdout
    assert "流失客户" in shown and "输单" in shown  # its lost opportunity is still 输单


def test_the_default_customer_statuses_in_chinese_typed_and_shown(book: Crm) -> None:
    book.ok("customer", "edit", "C000001", "--status", "意向客户", **ZH)
    assert book.json("customer", "show", "C000001")["status"] == "intent"
    assert [r["code"] for r in book.json("customer", "list", "status:意向")] == ["C000001"]
    assert [r["code"] for r in book.json("customer", "list", "--status", "意向客户")] == ["C000001"]
    statuses = book.ok("customer", "status", "list", "-f", "plain", **ZH).stdout
    assert [line.split()[0] for line in statuses.splitlines()[1:]] == [
        "潜在客户", "意向客户", "正式客户", "流失客户",
    ]  # fmt: skip
    # A status the team renamed is its data: shown as typed, and the old Chinese name of
    # the default no longer names it.
    book.ok("customer", "status", "rename", "意向客户", "跟进中")
    assert "跟进中" in book.ok("customer", "list", "-f", "plain", **ZH).stdout
    message = book.fails(1, "customer", "edit", "C000001", "--status", "意向客户")
    assert message.startswith("Error: unknown status '意向客户'; statuses: potential, 跟进中")


def test_team_list_defaults_in_chinese(staff: Crm) -> None:
    staff.ok("expense", "add", "--category", "travel", "--amount", "12.50", user="wang")
    listed = staff.ok("expense", "list", "-f", "plain", **ZH, user="wang").stdout
    assert "差旅" in listed and "travel" not in listed
    assert staff.json("expense", "list", user="wang")[0]["category"] == "travel"


def test_a_duplicate_reason_in_chinese(staff: Crm) -> None:
    staff.ok("customer", "add", "甲公司", "--owner", "wang")
    result = staff.run("customer", "add", "甲公司", user="zhao", **ZH)
    assert result.exit_code == 3 and result.stderr.startswith("错误："), result.stderr
    assert "名称相同" in result.stderr and "same name" not in result.stderr, result.stderr
    assert "same name" in staff.fails(3, "customer", "add", "甲公司", user="zhao")


def test_the_operation_log_in_chinese(book: Crm) -> None:
    shown = book.ok("customer", "show", "C000001", **ZH).stdout
    log = shown[shown.index("变更记录") :]
    assert "新增" in log and "商机" in log, log
    entries = json.loads(book.ok("customer", "show", "C000001", "-f", "json", **ZH).stdout)
    assert {e["action"] for e in entries["log"]} >= {"add"}


def test_an_events_title_role_and_answer_in_chinese(staff: Crm) -> None:
    """An event's "title" is its 主题 (a contact's is 职务); owner/invited and the answer."""
    staff.ok("schedule", "add", "周会", "--at", "2026-12-04 10:00", "--invite", "zhao", user="wang")
    staff.ok("schedule", "accept", "EV000001", user="zhao")
    week = ("agenda", "--week", "--as-of", "2026-12-04", "-f", "plain")
    mine = staff.ok(*week, **ZH, user="wang").stdout.splitlines()
    assert mine[0].split()[:3] == ["开始", "结束", "主题"] and "组织者" in mine[1]
    theirs = staff.ok(*week, **ZH, user="zhao").stdout
    assert "受邀" in theirs and "已接受" in theirs and "职务" not in theirs
    listed = staff.ok("schedule", "list", "-f", "plain", **ZH, user="wang").stdout
    assert "主题" in listed.splitlines()[0]
    [row] = staff.json("agenda", "--week", "--as-of", "2026-12-04", **ZH, user="zhao")
    assert (row["role"], row["response"]) == ("invited", "accepted")


def test_the_report_list_in_chinese_csv_keeps_its_columns(staff: Crm) -> None:
    people = staff.ok("report", "list", "-f", "plain", **ZH).stdout.splitlines()
    assert people[0].split() == ["名称", "类别", "主题"]
    assert people[1].split()[:2] == ["attainment", "预置"] and "目标完成情况" in people[1]
    csv = staff.ok("report", "list", "-f", "csv", **ZH).stdout.splitlines()
    assert csv[0] == "name,kind,title,title_zh" and csv[1].startswith("attainment,preset,")


def test_refusals_name_their_words_in_chinese(staff: Crm) -> None:
    """What a refusal names (a credit code, the records a sort is for, the values a list
    takes) in the user's language; the English line unchanged."""
    bad_code = ("customer", "add", "甲", "--credit-code", "91350100M000100Y4X")
    assert (
        staff.fails(1, *bad_code, **ZH) == "错误：统一社会信用代码 91350100M000100Y4X：校验位应为 3"
    )
    assert staff.fails(1, *bad_code) == (
        "Error: credit code 91350100M000100Y4X: the check character should be 3"
    )
    assert staff.fails(1, "customer", "list", "--sort", "foo", **ZH).startswith("错误：客户 不能按")
    staff.ok("customer", "add", "乙")
    method = ("contact", "log", "C000001", "--method", "飞鸽", "--summary", "x")
    assert "phone (电话), visit (拜访)" in staff.fails(1, *method, **ZH)
    assert staff.fails(1, *method).endswith("use one of: phone, visit, email, im, meeting, other")


def test_the_pool_in_chinese(staff: Crm) -> None:
    staff.ok("customer", "add", "甲", "--owner", "zhao")
    shown = staff.ok("pool", "settings", "--enable", "--member", "wang", "-f", "plain", **ZH)
    assert "保护天数" in shown.stdout and "订单或回款" in shown.stdout, shown.stdout
    staff.ok("pool", "add", "C000001")
    staff.ok("pool", "claim", "C000001", user="wang")
    listed = staff.ok("pool", "list", "-f", "plain", **ZH).stdout.splitlines()
    assert "目标" in listed[0] and "进行中" in listed[1] and "open" not in listed[1]
    assert staff.json("pool", "list")[0]["goal"] == "open"
    assert "规则" in staff.ok("pool", "log", "-f", "plain", **ZH).stdout.splitlines()[0]
    log = staff.ok("customer", "log", "C000001", "-f", "plain", **ZH).stdout
    assert "移入公海" in log and "公海领取" in log and "pool add" not in log


def test_a_price_book_in_chinese(staff: Crm) -> None:
    staff.ok("pricebook", "add", "代理商价", "--group", "VIP")
    assert staff.ok("pricebook", "list", "-f", "plain", **ZH).stdout.split()[:2] == [
        "名称",
        "客户组",
    ]
    shown = staff.ok("pricebook", "show", "代理商价", "-f", "plain", **ZH)
    assert "价格表 代理商价（适用客户组 VIP）：" in shown.stderr


def test_an_installments_open_amount_is_its_balance(book: Crm) -> None:
    """ "open" titles a count of open deals (进行中); an installment's is its 余额."""
    book.ok("order", "add", "甲", "--line", "PC:1", "--installments", "2", user="wang")
    shown = book.ok("order", "show", "SO000002", **ZH).stdout
    plan = shown[shown.index("回款计划") :].splitlines()[1]
    assert "余额" in plan and "进行中" not in plan, plan
    assert "open" in book.json("order", "show", "SO000002")["plan"][0]
