"""Trust what is written (issue 10): records tell what happened, checks come before saves,
and messages reveal nothing the reader may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Crm


@pytest.fixture
def book(staff: Crm) -> Crm:
    staff.add("杭州东山科技有限公司", "--owner", "wang")
    staff.ok("contact", "add", "C000001", "张伟", "--mobile", "13800138000")
    return staff


def test_a_contact_record_is_not_in_the_future(book: Crm) -> None:
    before = book.snapshot()
    line = book.fails(1, "contact", "log", "C000001", "--summary", "拜访", "--at", "+25d")
    assert "future" in line and "--next" in line
    book.fails(1, "contact", "log", "C000001", "--summary", "拜访", "--at", "+2h")
    assert book.snapshot() == before  # last_contact untouched: the return rule still sees it
    soon = (dt.datetime.now() + dt.timedelta(minutes=2)).strftime("%Y-%m-%d %H:%M")
    book.ok("contact", "log", "C000001", "--summary", "电话", "--at", soon)  # clock skew
    record = book.json("contact", "log", "C000001", "--summary", "上门", "--next", "+25d")
    book.fails(1, "contact", "record-edit", str(record["id"]), "--at", "+1d")
    kept = book.json("contact", "record", str(record["id"]))
    assert kept["started_at"] == record["started_at"]  # planned: the next date, not the record
    assert kept["next_date"] == str(dt.date.today() + dt.timedelta(days=25))


def test_other_dates_of_past_events_are_not_in_the_future(book: Crm) -> None:
    before = book.snapshot()
    book.fails(1, "customer", "add", "宁波北仑贸易有限公司", "--registered", "+1d")
    book.fails(1, "contact", "add", "C000001", "李娜", "--birthday", "+3d")
    book.ok("product", "add", "P1", "服务器", "--price", "100")
    book.fails(1, "order", "add", "C000001", "--line", "P1:1", "--signed", "+1d")
    assert book.snapshot() == before


def test_a_saved_search_is_checked_before_it_is_saved(book: Crm) -> None:
    book.fails(1, "customer", "list", "--save", "bad", "--sort", "nonexistent")
    book.fails(1, "customer", "list", "--save", "bad", "--where", "nonexistent = 1")
    book.fails(1, "customer", "list", "--save", "bad", "--fields", "nonexistent")
    assert book.json("customer", "saved", "list") == []
    book.ok("customer", "list", "--save", "good", "--sort", "-name")
    assert [s["name"] for s in book.json("customer", "saved", "list")] == ["good"]


def test_a_bad_fields_option_changes_nothing(book: Crm) -> None:
    book.ok("pool", "settings", "--enable", "--member", "wang")
    book.fails(1, "pricebook", "add", "代理商价", "--fields", "nonexistent")
    assert book.json("pricebook", "list") == []
    book.fails(1, "pool", "add", "C000001", "--fields", "nonexistent")
    assert book.json("pool", "list") == []


def test_a_hidden_duplicate_names_its_owner_and_the_way_past_it(book: Crm) -> None:
    line = book.fails(3, "customer", "add", "杭州东山科技", user="chen")
    assert "owned by wang" in line and "--allow-duplicate" in line
    assert "C000001" not in line and "东山科技有限公司" not in line  # nothing more
    assert book.add("杭州东山科技", "--allow-duplicate", user="chen")["code"] == "C000002"


def _approved(crm: Crm, customer: str = "C000001", owner: str = "wang") -> str:
    crm.ok("product", "add", "P1", "服务器", "--price", "1000")
    code: str = crm.json("order", "add", customer, "--line", "P1:2", user=owner)["code"]
    crm.ok("order", "submit", code, user=owner)
    crm.ok("order", "approve", code, user="li")
    return code


def test_after_approval_money_is_for_the_teams_recorders(book: Crm) -> None:
    code = _approved(book)
    before = book.snapshot()
    assert "payment.recorders" in book.fails(5, "pay", code, "--amount", "100", user="wang")
    book.fails(5, "order", "plan", code, "--installments", "2", user="wang")
    assert book.snapshot() == before
    book.ok("order", "plan", code, "--installments", "2", user="li")  # the owner's manager
    book.ok("pay", code, "--amount", "100", user="li")
    book.ok("pay", code, "--amount", "100")  # an admin
    book.ok("config", "set", "payment.recorders", "manager,admin,owner")
    book.ok("pay", code, "--amount", "100", user="wang")
    book.ok("config", "set", "payment.recorders", "admin,zhao")  # a named login
    book.fails(5, "pay", code, "--amount", "100", user="li")
    book.fails(1, "config", "set", "payment.recorders", "owner;drop")


def test_the_first_approved_order_makes_the_customer_formal(book: Crm) -> None:
    book.ok("customer", "edit", "C000001", "--status", "intent")
    book.ok("customer", "status", "rename", "formal", "成交客户")  # the setting follows it
    _approved(book)
    assert book.customers()[0]["status"] == "成交客户"
    moved = next(e for e in book.log("C000001") if e["entity"] == "customer")
    assert moved["changes"]["status"] == ["intent", "成交客户"]
    book.ok("customer", "edit", "C000001", "--status", "lost")
    code = book.json("order", "add", "C000001", "--line", "P1:1", user="wang")["code"]
    book.ok("order", "submit", code, user="wang")
    book.ok("order", "approve", code, user="li")
    assert book.customers()[0]["status"] == "lost"  # only the first order does it


def test_an_approved_order_drops_its_old_reject_reason(book: Crm) -> None:
    book.ok("product", "add", "P1", "服务器", "--price", "1000")
    code = book.json("order", "add", "C000001", "--line", "P1:1", user="wang")["code"]
    book.ok("order", "submit", code, user="wang")
    book.ok("order", "reject", code, "--reason", "价格太低", user="li")
    book.ok("order", "submit", code, user="wang")
    book.ok("order", "approve", code, user="li")
    assert book.json("order", "show", code)["reject_reason"] in ("", None)


def test_a_dunning_letter_needs_something_owed(book: Crm) -> None:
    assert "owes nothing" in book.fails(1, "receivable", "letter", "C000001")


@pytest.mark.parametrize(
    ("given", "stored"),
    [("+86 138-0013-8001", "138 0013 8001"), ("0086 13800138002", "138 0013 8002"),
     ("13900138003", "139 0013 8003"), ("+1 415 555 0100", "+1 415 555 0100")],
)  # fmt: skip
def test_mobiles_are_normalised(book: Crm, given: str, stored: str) -> None:
    row = book.json("contact", "add", "C000001", "李娜", "--mobile", given, "--allow-duplicate")
    assert row["mobile"] == stored


@pytest.mark.parametrize("bad", ["1380013800", "23800138000", "+86 1380013800"])
def test_a_short_or_odd_mainland_mobile_is_refused(book: Crm, bad: str) -> None:
    assert "11 digits" in book.fails(1, "contact", "add", "C000001", "李娜", "--mobile", bad)


def test_an_undelegate_logs_whom_it_ended(book: Crm) -> None:
    book.ok("customer", "delegate", "C000001", "--to", "chen", "--until", "+7d", user="wang")
    book.ok("customer", "undelegate", "C000001", user="wang")
    entry = book.log("C000001")[0]
    assert entry["action"] == "undelegate" and entry["changes"]["delegate"] == ["chen"]


def test_the_licence_is_an_spdx_expression() -> None:
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
