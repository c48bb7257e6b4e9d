"""Mainland numbers in one format (issue 17): mobiles ``138 0013 8000``, landlines
``010-12345678`` / ``0755-1234567`` with their extension, foreign and odd numbers as typed;
and "same phone" and search still match however a number was typed, old rows included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crm_cli.store.core.errors import Duplicate, InvalidInput
from crm_cli.store.core.normalize import check_mobile, check_phone, phone_key
from crm_cli.store.core.phones import format_phone
from crm_cli.store.customers import contacts as ct
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query as q
from crm_cli.store.imports import engine
from crm_cli.store.imports.engine import Options
from tests.conftest import Team

NOW = dt.datetime(2026, 12, 2, 10, 0)


@pytest.mark.parametrize(
    "typed",
    ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
     "0086 138 0013 8000", "008613800138000", "86 13800138000", "8613800138000",
     "(+86) 138-0013-8000", "１３８００１３８０００", "１３８－００１３－８０００"],
)  # fmt: skip
def test_a_mobile_is_written_in_three_groups(typed: str) -> None:
    assert format_phone(typed) == "138 0013 8000"


@pytest.mark.parametrize(
    ("typed", "written"),
    [("010-12345678", "010-12345678"), ("01012345678", "010-12345678"),
     ("(010) 1234 5678", "010-12345678"), ("+86 10 1234 5678", "010-12345678"),
     ("0086-10-12345678", "010-12345678"), ("86 10 12345678", "010-12345678"),
     ("021 6123 4567", "021-61234567"), ("+86 21 6123 4567", "021-61234567"),
     ("0755 1234567", "0755-1234567"), ("075512345678", "0755-12345678"),
     ("+86-755-2677-0000", "0755-26770000"), ("０５７１－８８７７６６５５", "0571-88776655"),
     ("010-12345678-123", "010-12345678-123"), ("010 1234 5678 ext. 12", "010-12345678-12"),
     ("0755-1234567转123", "0755-1234567转123"), ("0755 1234567 分机 8", "0755-1234567转8"),
     ("010-12345678#9", "010-12345678-9"), ("4008108888", "400-810-8888"),
     ("800 810 8888", "800-810-8888")],
)  # fmt: skip
def test_a_landline_is_written_area_code_hyphen_number(typed: str, written: str) -> None:
    assert format_phone(typed) == written
    assert phone_key(written) == phone_key(typed) or typed.startswith(("+86", "86", "0086"))


@pytest.mark.parametrize(
    "typed",
    ["+1 415 555 0100", "+852 2345 6789", "00852 2345 6789", "95555", "10086", "88776655",
     "0571-88776655/88776656", "138 0013 8000 转 1", "+86 1380013800", "23800138000",
     "0123456789", "021-1234567", "010-12345678-1234567"],
)  # fmt: skip
def test_what_is_no_whole_mainland_number_stays_as_typed(typed: str) -> None:
    assert format_phone(typed) == typed


def test_check_phone_writes_the_format_and_check_mobile_insists_on_a_mobile() -> None:
    assert check_phone(" +86 755 2677 0000 ") == "0755-26770000"
    assert check_mobile("+86 138-0013-8000") == "138 0013 8000"
    assert check_mobile("+1 415 555 0100") == "+1 415 555 0100"
    with pytest.raises(InvalidInput, match="11 digits starting with 1"):
        check_mobile("010-12345678")


def test_a_customer_phone_is_stored_written_and_found_however_typed(team: Team) -> None:
    added = cs.add_customer(team.wang, "甲公司", {"phone": "+86 138-0013-8000"}, now=NOW)
    assert added.phone == "138 0013 8000"
    for text in ("13800138000", "138 0013 8000", "0013 8000", "138001"):
        found = q.list_customers(team.wang, q.CustomerFilter(search=text), now=NOW)
        assert [c.code for c in found] == [added.code], text
    landline = cs.edit_customer(team.wang, added.code, {"phone": "0755 2677 0000"}, now=NOW)
    assert landline.phone == "0755-26770000"
    found = q.list_customers(team.wang, q.CustomerFilter(search="075526770000"), now=NOW)
    assert [c.code for c in found] == [added.code]


def test_same_phone_is_a_duplicate_however_either_was_typed(team: Team) -> None:
    cs.add_customer(team.wang, "甲公司", {"phone": "13800138000"}, now=NOW)
    with pytest.raises(Duplicate, match="same phone"):
        cs.add_customer(team.wang, "乙公司", {"phone": "+86 138 0013 8000"}, now=NOW)
    # A row stored before this format (as typed then) still matches: the key is the digits.
    old = cs.add_customer(team.wang, "丙公司", now=NOW)
    cm.Customer.update(phone="0755 26770000", phone_key=phone_key("0755 26770000")).where(
        cm.Customer.code == old.code
    ).execute()
    with pytest.raises(Duplicate, match="same phone"):
        cs.add_customer(team.wang, "丁公司", {"phone": "0755-2677-0000"}, now=NOW)


def test_a_contact_mobile_and_phone_are_written_the_same_way(team: Team) -> None:
    cs.add_customer(team.wang, "甲公司", {"phone": "0755-26770000"}, now=NOW)
    person = ct.add_contact(team.wang, "甲公司", "张伟",
                            {"mobile": "１３９ ００１３ ９０００", "home_phone": "+86 10 8888 0000"},
                            now=NOW)  # fmt: skip
    assert (person.mobile, person.home_phone) == ("139 0013 9000", "010-88880000")
    with pytest.raises(Duplicate, match="same phone"):
        ct.add_contact(team.wang, "甲公司", "张伟伟", {"mobile": "13900139000"}, now=NOW)


def test_an_import_writes_numbers_the_same_way(team: Team, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("客户名称,电话,传真\n甲公司,075512345678,+86 10 1234 5678\n", encoding="utf-8")
    engine.import_file(team.admin, "customers", str(path), options=Options(), now=NOW)
    (row,) = cm.Customer.select()
    assert (row.phone, row.fax, row.phone_key) == ("0755-12345678", "010-12345678", "075512345678")
