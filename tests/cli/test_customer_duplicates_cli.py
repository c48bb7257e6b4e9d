"""The duplicate warning (CUS-2): scripted, it refuses with exit 3 unless --allow-duplicate."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


def refused(crm: Crm, *args: str, user: str = "admin") -> str:
    """Run a command that must be refused as a duplicate; prove nothing changed."""
    before = crm.snapshot()
    message = crm.fails(3, *args, user=user)
    assert crm.snapshot() == before
    return message


def test_same_normalized_name(crm: Crm) -> None:
    crm.add("中兴通讯")
    message = refused(crm, "customer", "add", "中兴通讯股份有限公司")
    assert "C000001" in message and "中兴通讯" in message and "same name" in message


def test_same_latin_name_with_a_company_suffix(crm: Crm) -> None:
    crm.add("Acme")
    assert "C000001" in refused(crm, "customer", "add", "ACME Co., Ltd.")


def test_keyword_contained_in_a_new_name(crm: Crm) -> None:
    crm.add("深圳市中兴通讯", "--keyword", "中兴")
    message = refused(crm, "customer", "add", "中兴微电子科技")
    assert "C000001" in message and "keyword" in message


def test_same_phone(crm: Crm) -> None:
    crm.add("甲公司", "--phone", "0755-26770000")
    assert "same phone" in refused(crm, "customer", "add", "乙公司", "--phone", "0755 2677 0000")


def test_same_email(crm: Crm) -> None:
    crm.add("甲公司", "--email", "info@example.com")
    assert "same email" in refused(crm, "customer", "add", "乙公司", "--email", "INFO@example.com")


def test_every_match_is_listed(crm: Crm) -> None:
    crm.add("中兴通讯")
    crm.add("乙公司", "--phone", "0755-26770000")
    message = refused(crm, "customer", "add", "中兴通讯有限公司", "--phone", "0755-26770000")
    assert "C000001" in message and "C000002" in message


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["中兴通讯"], ["中兴通讯股份有限公司"]),
        (["深圳市中兴通讯", "--keyword", "中兴"], ["中兴微电子"]),
        (["甲公司", "--phone", "0755-26770000"], ["乙公司", "--phone", "075526770000"]),
        (["甲公司", "--email", "a@b.example"], ["乙公司", "--email", "a@b.example"]),
    ],
)
def test_allow_duplicate_adds(crm: Crm, first: list[str], second: list[str]) -> None:
    crm.add(*first)
    row = crm.add(*second, "--allow-duplicate")
    assert row["code"] == "C000002"
    assert crm.codes() == ["C000001", "C000002"]


def test_unrelated_names_are_not_duplicates(crm: Crm) -> None:
    crm.add("中兴通讯")
    assert crm.add("华为技术")["code"] == "C000002"


def test_rename_to_a_duplicate_is_refused(crm: Crm) -> None:
    crm.add("中兴通讯")
    crm.add("华为技术")
    message = refused(crm, "customer", "edit", "C000002", "--name", "中兴通讯有限公司")
    assert "C000001" in message
    assert [e["action"] for e in crm.log("C000002")] == ["add"]
    row = crm.json("customer", "edit", "C000002", "--name", "中兴通讯有限公司", "--allow-duplicate")
    assert row["name"] == "中兴通讯有限公司"


def test_new_phone_on_edit_is_checked(crm: Crm) -> None:
    crm.add("甲公司", "--phone", "0755-26770000")
    crm.add("乙公司")
    assert "same phone" in refused(crm, "customer", "edit", "C000002", "--phone", "0755-26770000")


def test_editing_other_fields_does_not_recheck(crm: Crm) -> None:
    crm.add("中兴通讯")
    crm.add("中兴通讯股份有限公司", "--allow-duplicate")
    assert crm.json("customer", "edit", "C000002", "--city", "深圳")["city"] == "深圳"


def test_a_customer_is_not_its_own_duplicate(crm: Crm) -> None:
    crm.add("中兴通讯", "--phone", "0755-26770000", "--keyword", "中兴")
    row = crm.json("customer", "edit", "C000001", "--name", "中兴通讯股份有限公司")
    assert row["name"] == "中兴通讯股份有限公司"


def test_deleted_customers_do_not_count(crm: Crm) -> None:
    crm.add("中兴通讯")
    crm.ok("customer", "delete", "C000001", "--yes")
    assert crm.add("中兴通讯")["code"] == "C000002"


def test_duplicates_hidden_from_the_actor_are_reported_without_their_name(staff: Crm) -> None:
    staff.add("陈氏机械", user="chen")
    message = refused(staff, "customer", "add", "陈氏机械有限公司", user="wang")
    assert "cannot see" in message and "陈氏机械" not in message.split("of", 1)[1]


def test_on_a_terminal_the_user_is_asked(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_cli.commands import _common

    monkeypatch.setattr(_common, "interactive", lambda: True)
    crm.add("中兴通讯")
    declined = crm.run("customer", "add", "中兴通讯有限公司", stdin="n\n")
    assert declined.exit_code == 3
    assert "C000001" in declined.stderr and "Nothing saved" in declined.stderr
    assert crm.codes() == ["C000001"]
    accepted = crm.run("customer", "add", "中兴通讯有限公司", "-f", "json", stdin="y\n")
    assert accepted.exit_code == 0 and '"code": "C000002"' in accepted.stdout
    assert crm.codes() == ["C000001", "C000002"]
