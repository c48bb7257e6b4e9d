"""Query-language terms (SH-1) on the lists that took none before: the pool, service
tickets, reminders, calendar events and expenses. One book, built once for the module: the tests only read it (but for named
filters of their own), so each refusal also shows it changed nothing the next test reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crm_cli.store.core import db
from tests.cli.conftest import _ENV_KEYS, Crm

LATER = "2027-06-01"  # an --as-of after every ticket's due day


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crm]:
    """Pool (members wang, zhao): 甲 (C000001, 深圳, A) claimed by wang, 乙 (C000002,
    上海, A) and 丙 (C000003, 深圳, B) unassigned. Tickets: SV000001 on 丁 (C000004,
    深圳, wang's) urgent, assigned to zhao, due +2d; SV000002 on 戊 (C000005, 上海,
    chen's) normal, unassigned; SV000003 on 丁, resolved. Admin's reminders: 1 寄样品 about
    丁 (+1d), 2 开会 (+10d), 3 回访 about 丁 for wang (+3d), 4 写周报 (+5d, done). Admin's
    events: EV000001 拜访丁 tomorrow, EV000002 周会 weekly from +3d with wang, EV000003
    年会 (+20d). Expenses: EX000001 wang's 356.80 travel on 丁 (-3d), EX000002 wang's 1200
    entertainment (-10d, submitted), EX000003 chen's 80 transport on 戊 (-1d)."""
    with pytest.MonkeyPatch.context() as patch:
        for key in _ENV_KEYS:
            patch.delenv(key, raising=False)
        crm = Crm(tmp_path_factory.mktemp("terms-lists"))
        for login in ("wang", "zhao", "chen"):
            crm.ok("user", "add", login, "--role", "sales")
        for name, city, level in (("甲", "深圳", "A"), ("乙", "上海", "A"), ("丙", "深圳", "B")):
            crm.add(name, "--city", city, "--level", level)
        crm.ok("pool", "settings", "--enable", "--member", "wang", "--member", "zhao")
        crm.ok("pool", "add", "C000001", "C000002", "C000003")
        crm.ok("pool", "claim", "C000001", user="wang")
        crm.add("丁", "--city", "深圳", user="wang")
        crm.add("戊", "--city", "上海", user="chen")
        crm.ok("service", "add", "C000004", "--type", "repair", "--description", "打印机卡纸",
               "--priority", "urgent", "--due", "+2d", "--assign", "zhao")  # fmt: skip
        crm.ok("service", "add", "C000005", "--type", "consultation", "--description", "问价")
        crm.ok("service", "add", "C000004", "--type", "repair", "--description", "换硒鼓",
               "--assign", "zhao")  # fmt: skip
        crm.ok("service", "resolve", "SV000003", "--resolution", "换好了")
        crm.ok("remind", "add", "寄样品", "--at", "+1d", "--customer", "C000004")
        crm.ok("remind", "add", "开会", "--at", "+10d")
        crm.ok("remind", "add", "回访", "--at", "+3d", "--customer", "C000004", "--for", "wang")
        crm.ok("remind", "add", "写周报", "--at", "+5d")
        crm.ok("remind", "done", "4")
        crm.ok("schedule", "add", "拜访丁", "--at", "tomorrow 10:00", "--customer", "C000004")
        crm.ok("schedule", "add", "周会", "--at", "+3d", "--repeat", "weekly", "--invite", "wang")
        crm.ok("schedule", "add", "年会", "--at", "+20d")
        for amount, category, date, extra, user in (
            ("356.80", "travel", "-3d", ("--customer", "C000004"), "wang"),
            ("1200", "entertainment", "-10d", (), "wang"),
            ("80", "transport", "-1d", ("--customer", "C000005"), "chen"),
        ):
            crm.ok("expense", "add", "--amount", amount, "--category", category, "--date", date,
                   *extra, user=user)  # fmt: skip
        crm.ok("expense", "submit", "EX000002", user="wang")
        yield crm
    db.close_store()


def codes(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(r["code"] for r in rows)


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["city:深圳"], "admin", ["C000001", "C000003"]),
        (["city:深圳", "level:A"], "admin", ["C000001"]),
        (["holder:me"], "wang", ["C000001"]),
        (["holder:", "--unassigned", "level.not:B"], "zhao", ["C000002"]),
        (["protect.after:today"], "admin", ["C000001"]),
        (["-pool_soon", "乙"], "admin", ["C000002"]),
        (["code.in:C000002,C000003", "ordered:0"], "admin", ["C000002", "C000003"]),
        (["+pool_soon"], "admin", []),  # protection ends in 30 days, reminders come 3 before
    ],
)  # fmt: skip
def test_pool_list_takes_customer_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert codes(book.json("pool", "list", *args, user=user)) == expected


def test_pool_soon_counts_days_ahead(book: Crm) -> None:
    assert codes(book.json("pool", "list", "+pool_soon31")) == ["C000001"]


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["customer.city:深圳"], "admin", ["SV000001", "SV000003"]),
        (["city:上海"], "admin", ["SV000002"]),
        (["priority:紧急"], "admin", ["SV000001"]),
        (["+open", "type:repair"], "admin", ["SV000001"]),
        (["-open"], "admin", ["SV000003"]),
        (["+unassigned"], "admin", ["SV000002"]),
        (["+mine"], "zhao", ["SV000001", "SV000003"]),  # assigned to zhao: seen though not hers
        (["owner:me", "+open"], "wang", ["SV000001"]),
        (["due.before:+3d"], "admin", ["SV000001"]),
        (["+overdue"], "admin", []),
        (["+overdue", "--as-of", LATER], "admin", ["SV000001"]),
        (["-overdue", "--as-of", LATER], "admin", ["SV000002", "SV000003"]),
        (["customer.owner:chen"], "admin", ["SV000002"]),
        (["卡纸"], "admin", ["SV000001"]),
    ],
)  # fmt: skip
def test_service_list_takes_ticket_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert codes(book.json("service", "list", *args, user=user)) == expected


def test_service_list_keeps_its_visibility(book: Crm) -> None:
    assert codes(book.json("service", "list", "city:上海", user="wang")) == []
    assert codes(book.json("service", "list", "-unassigned", user="chen")) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["customer.city:深圳"], [1, 3]),
        (["-mine"], [3]),
        (["user:wang"], [3]),
        (["customer:"], [2]),
        (["+done", "--all"], [4]),
        (["+owed"], []),
        (["-owed"], [1, 2, 3]),  # about no customer: not one that owes
        (["due.before:+2d"], [1]),
        (["+overdue"], []),
        (["+overdue", "--as-of", LATER], [1, 2, 3]),
        (["样品"], [1]),
    ],
)  # fmt: skip
def test_remind_list_takes_reminder_terms(book: Crm, args: list[str], expected: list[int]) -> None:
    assert sorted(r["id"] for r in book.json("remind", "list", *args)) == expected


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["start.before:+2d"], "admin", ["EV000001"]),
        (["start.between:+2d,+5d"], "admin", ["EV000002"]),
        (["start.after:+3d"], "admin", ["EV000002", "EV000003"]),  # the day's local start
        (["+repeating"], "admin", ["EV000002"]),
        (["customer.city:深圳"], "admin", ["EV000001"]),
        (["customer:"], "admin", ["EV000002", "EV000003"]),
        (["-owed"], "admin", ["EV000001", "EV000002", "EV000003"]),
        (["拜访"], "admin", ["EV000001"]),
        (["-mine"], "wang", ["EV000002"]),
    ],
)  # fmt: skip
def test_schedule_list_takes_event_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert codes(book.json("schedule", "list", *args, user=user)) == expected


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["customer.city:深圳"], "admin", ["EX000001"]),
        (["amount.over:500"], "admin", ["EX000002"]),
        (["+submitted"], "admin", ["EX000002"]),
        (["customer:", "-draft"], "admin", ["EX000002"]),
        (["-owed"], "admin", ["EX000001", "EX000002", "EX000003"]),
        (["spent.before:-5d"], "admin", ["EX000002"]),
        (["category:transport"], "admin", ["EX000003"]),
        (["owner:me"], "wang", ["EX000001", "EX000002"]),
        (["+mine"], "chen", ["EX000003"]),
        (["city:上海"], "wang", []),  # chen's: wang never sees it
    ],
)  # fmt: skip
def test_expense_list_takes_expense_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert codes(book.json("expense", "list", *args, user=user)) == expected


def test_named_filters_reach_every_list(book: Crm) -> None:
    book.ok("config", "set", "filter.sz", "city:深圳 -audited", user="wang")
    assert codes(book.json("pool", "list", "@sz", user="wang")) == ["C000001", "C000003"]
    assert codes(book.json("service", "list", "@sz", "+open", user="wang")) == ["SV000001"]
    assert [r["text"] for r in book.json("remind", "list", "@sz", user="wang")] == ["回访"]
    book.ok("config", "set", "filter.weekly", "+repeating", user="wang")
    assert codes(book.json("schedule", "list", "@weekly", user="wang")) == ["EV000002"]
    assert codes(book.json("expense", "list", "@sz", user="wang")) == ["EX000001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pool", "list", "cty:深圳"], "unknown field 'cty' in 'cty:深圳' (did you mean city?)"),
        (["pool", "list", "holdr:me"], "unknown field 'holdr' in 'holdr:me' (did you mean "
         "holder?); pool fields: holder,"),
        (["pool", "list", "+pool_son"], "unknown tag '+pool_son' (did you mean +pool_soon?)"),
        (["pool", "list", "protect.before:someday"], "bad date 'someday' in "
         "'protect.before:someday'"),
        (["service", "list", "stauts:open"], "unknown field 'stauts' in 'stauts:open' (did you "
         "mean status?); ticket fields: code,"),
        (["service", "list", "+opn"], "unknown tag '+opn' (did you mean +open?); ticket tags: "
         "+mine, +unassigned, +open, +overdue,"),
        (["service", "list", "priority:asap"], "unknown priority 'asap'"),
        (["service", "list", "customer.cty:深圳"], "unknown field 'cty' in 'customer.cty:深圳'"),
        (["service", "list", "@nope"], "unknown named filter '@nope'"),
        (["remind", "list", "txt:x"], "unknown field 'txt' in 'txt:x' (did you mean text?)"),
        (["remind", "list", "+dne"], "unknown tag '+dne' (did you mean +done?); reminder "
         "tags: +mine, +done, +overdue,"),
        (["remind", "list", "due.before:someday"], "bad date 'someday' in "
         "'due.before:someday'"),
        (["schedule", "list", "titl:x"], "unknown field 'titl' in 'titl:x' (did you mean "
         "title?); event fields: code,"),
        (["schedule", "list", "start.before:nope"], "bad date 'nope' in 'start.before:nope'"),
        (["schedule", "list", "+repeat"], "unknown tag '+repeat' (did you mean +repeating?)"),
        (["expense", "list", "amont.over:5"], "unknown field 'amont' in 'amont.over:5' (did "
         "you mean amount?)"),
        (["expense", "list", "+submited"], "unknown tag '+submited' (did you mean +submitted?)"),
        (["expense", "list", "amount.over:lots"], "bad amount 'lots' in 'amount.over:lots'"),
    ],
)  # fmt: skip
def test_a_bad_term_prints_one_line(book: Crm, args: list[str], message: str) -> None:
    assert book.fails(1, *args).startswith(f"Error: {message}")


def test_the_face_knows_every_tag() -> None:
    from crm_cli.commands._terms import TAGS
    from crm_cli.store.activity import reminder_terms
    from crm_cli.store.expenses import expense_terms
    from crm_cli.store.schedule import event_terms
    from crm_cli.store.service import ticket_terms

    for vocabulary in (ticket_terms, reminder_terms, event_terms, expense_terms):
        assert set(vocabulary.TAGS) <= TAGS
