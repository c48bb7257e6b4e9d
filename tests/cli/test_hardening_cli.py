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
