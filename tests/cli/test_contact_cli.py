"""`crm contact add | list | show | edit | delete` (CON-1) through the real CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


@pytest.fixture
def company(crm: Crm) -> Crm:
    crm.add("中兴通讯", "--phone", "0755-26770000", "--province", "广东", "--city", "深圳")
    crm.add("华为技术", "--city", "东莞")
    return crm


def contacts(crm: Crm, *args: str, user: str = "admin") -> list[dict[str, object]]:
    return crm.json("contact", "list", *args, user=user)  # type: ignore[no-any-return]


def test_add_defaults_phone_and_place_from_the_customer(company: Crm) -> None:
    row = company.json("contact", "add", "C000001", "张伟", "--title", "采购经理",
                       "--mobile", "13800138000")  # fmt: skip
    assert row["code"] == "CT000001" and row["name"] == "张伟"
    assert row["customer"] == "C000001" and row["customer_name"] == "中兴通讯"
    assert (row["work_phone"], row["province"], row["city"]) == ("0755-26770000", "广东", "深圳")
    assert row["mnemonic"].startswith("ZW")
    assert (row["title"], row["mobile"]) == ("采购经理", "138 0013 8000")


def test_given_values_beat_the_defaults(company: Crm) -> None:
    row = company.json("contact", "add", "中兴通讯", "李娜", "--phone", "010-88886666",
                       "--city", "北京", "--birthday", "1990-02-03", "--email", "lina@zte.example")  # fmt: skip
    assert (row["work_phone"], row["city"], row["province"]) == ("010-88886666", "北京", "广东")
    assert row["birthday"] == "1990-02-03" and row["email"] == "lina@zte.example"


def test_list_per_customer_and_all(company: Crm) -> None:
    company.ok("contact", "add", "C000002", "张伟")
    company.ok("contact", "add", "C000002", "李娜")
    company.ok("contact", "add", "C000001", "王强")
    assert [c["name"] for c in contacts(company, "C000002")] == ["张伟", "李娜"]
    assert [c["name"] for c in contacts(company, "中兴通讯")] == ["王强"]
    assert [c["code"] for c in contacts(company)] == ["CT000001", "CT000002", "CT000003"]
    csv_lines = company.ok("contact", "list", "C000001", "-f", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("code,customer,") and "王强" in csv_lines[1]


def test_contacts_sharing_the_customers_switchboard_are_not_duplicates(company: Crm) -> None:
    # Both inherit the customer's work phone (CON-1); that alone makes no duplicate.
    company.ok("contact", "add", "C000001", "张伟")
    assert company.json("contact", "add", "C000001", "李娜")["work_phone"] == "0755-26770000"


def test_show_by_code_and_name(company: Crm) -> None:
    company.ok("contact", "add", "C000001", "张伟")
    assert company.json("contact", "show", "CT000001")["name"] == "张伟"
    assert company.json("contact", "show", "张伟")["code"] == "CT000001"
    company.fails(4, "contact", "show", "CT000099")


def test_edit_changes_fields_and_logs_on_the_customer(company: Crm) -> None:
    company.ok("contact", "add", "C000001", "张伟")
    row = company.json("contact", "edit", "CT000001", "--title", "总经理", "--name", "张薇")
    assert row["title"] == "总经理" and row["name"] == "张薇"
    assert row["mnemonic"].startswith("ZW")
    entry = company.log("C000001")[0]
    assert entry["entity"] == "contact" and entry["action"] == "edit"
    assert entry["changes"]["title"] == ["", "总经理"]


def test_delete_needs_yes_off_a_terminal(company: Crm) -> None:
    company.ok("contact", "add", "C000001", "张伟")
    company.fails(1, "contact", "delete", "CT000001")
    assert len(contacts(company, "C000001")) == 1
    result = company.ok("contact", "delete", "CT000001", "--yes")
    assert "Deleted contact CT000001" in result.stderr
    assert contacts(company, "C000001") == []
    company.fails(4, "contact", "show", "CT000001")
    assert company.log("C000001")[0]["action"] == "delete"


def test_duplicate_name_in_the_same_customer_is_a_conflict(company: Crm) -> None:
    company.ok("contact", "add", "C000001", "张伟")
    message = company.fails(3, "contact", "add", "C000001", "张伟")
    assert "CT000001" in message
    assert len(contacts(company, "C000001")) == 1
    # The same name at another customer is someone else.
    assert company.json("contact", "add", "C000002", "张伟")["code"] == "CT000002"
    assert company.json("contact", "add", "C000001", "张伟", "--allow-duplicate")["code"]


def test_duplicate_mobile_in_the_same_customer_is_a_conflict(company: Crm) -> None:
    company.ok("contact", "add", "C000001", "张伟", "--mobile", "13800138000")
    assert "same phone" in company.fails(3, "contact", "add", "C000001", "李娜",
                                         "--mobile", "138 0013 8000")  # fmt: skip


def test_rename_to_a_duplicate_contact_is_a_conflict(company: Crm) -> None:
    company.ok("contact", "add", "C000002", "张伟")
    company.ok("contact", "add", "C000002", "李娜")
    company.fails(3, "contact", "edit", "CT000002", "--name", "张伟")
    assert company.json("contact", "show", "CT000002")["name"] == "李娜"


def test_ambiguous_contact_name_lists_candidates(company: Crm) -> None:
    company.ok("contact", "add", "C000001", "张伟")
    company.ok("contact", "add", "C000002", "张伟")
    message = company.fails(1, "contact", "show", "张伟")
    assert "CT000001" in message and "CT000002" in message


def test_bad_contact_input_changes_nothing(company: Crm) -> None:
    company.fails(1, "contact", "add", "C000001", "  ")
    company.fails(1, "contact", "add", "C000001", "张伟", "--email", "not-an-email")
    company.fails(1, "contact", "add", "C000001", "张伟", "--mobile", "abc")
    company.fails(1, "contact", "add", "C000001", "张伟", "--birthday", "1990-13-45")
    company.fails(4, "contact", "add", "C000099", "张伟")
    assert contacts(company) == []


def test_contacts_follow_customer_visibility(staff: Crm) -> None:
    staff.add("陈氏电子", user="chen")
    staff.ok("contact", "add", "C000001", "陈一", user="chen")
    assert contacts(staff, user="wang") == []
    staff.fails(4, "contact", "show", "CT000001", user="wang")
    staff.fails(4, "contact", "add", "C000001", "王二", user="wang")
    staff.add("陈氏公开", "--public", user="chen")
    staff.fails(5, "contact", "add", "C000002", "王二", user="wang")
