"""The unified social credit code (统一社会信用代码, CUS-8): checked against real codes,
kept in one spelling, refused with one clear reason, and the strongest duplicate match on
add, edit and import, on SQLite, PostgreSQL and MariaDB (migration 0015)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core.credit_code import check_character, normalize_credit_code
from crm_cli.store.core.errors import Duplicate, InvalidInput
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import lifecycle
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query as q
from crm_cli.store.exports.columns import customer_columns
from crm_cli.store.imports import engine
from crm_cli.store.imports.engine import Options, Refused
from tests.conftest import Team

NOW = dt.datetime(2026, 12, 2, 10, 0)
# Published codes: BYD (比亚迪股份有限公司, 002594.SZ), AVIC Heavy Machinery (中航重机股份有限
# 公司, 600765.SH), Huawei (华为技术有限公司, its Wikipedia infobox), CNPC (中国石油天然气集团
# 有限公司). Each check character below was read from the published code, not computed.
BYD, AVIC, HUAWEI, CNPC = (
    "91440300192317458F", "91520000214434146R", "914403001922038216", "91110000100010433L"
)  # fmt: skip


@pytest.mark.parametrize("code", [BYD, AVIC, HUAWEI, CNPC])
def test_real_codes_pass_and_their_check_character_is_the_computed_one(code: str) -> None:
    assert normalize_credit_code(code) == code
    assert check_character(code[:17]) == code[17]


def test_a_sum_divisible_by_31_gives_the_check_character_0() -> None:
    # 9·1 + 1·3 + 4·9 + 4·27 + 3·26 + M(21)·20 + A(10)·29 + 5·25 + 5·28 = 1209 = 39·31
    assert check_character("91440300MA5000005") == "0"
    assert normalize_credit_code("91440300MA50000050") == "91440300MA50000050"


@pytest.mark.parametrize(
    "typed",
    ["91440300192317458f", " 9144 0300 1923 1745 8F ", "914403-00192317-458F",
     "９１４４０３００１９２３１７４５８Ｆ", "９１４４０３００－１９２３１７４５８ｆ"],
)  # fmt: skip
def test_lower_case_full_width_spaces_and_hyphens_are_one_code(typed: str) -> None:
    assert normalize_credit_code(typed) == BYD


def test_empty_input_is_no_code() -> None:
    assert normalize_credit_code("") == normalize_credit_code("  ") == ""
    assert normalize_credit_code(None) == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [("91110000100010433X", "credit code 91110000100010433X: the check character should be L"),
     ("9111000010001043", "credit code 9111000010001043: a credit code has 18 characters, not 16"),
     ("91110000100010433LL", "has 18 characters, not 19"),
     ("91110000I00010433L", "'I' is not allowed (a credit code uses 0-9 and A-Z without I, O, Z"),
     ("9111000O100010433L", "'O' is not allowed"),
     ("91110000100010433S", "'S' is not allowed"),
     ("911100001000104号3L", "'号' is not allowed")],
)  # fmt: skip
def test_a_bad_code_says_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        normalize_credit_code(typed)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_customer_keeps_the_normalised_code(any_team: Team) -> None:
    added = cs.add_customer(any_team.wang, "比亚迪股份有限公司",
                            {"credit_code": "9144 0300 1923 1745 8f"}, now=NOW)  # fmt: skip
    assert added.credit_code == BYD
    assert added.to_dict()["credit_code"] == BYD
    assert cs.get_customer(any_team.wang, added.code, now=NOW).credit_code == BYD
    plain = cs.add_customer(any_team.wang, "无代码贸易", now=NOW)
    assert plain.credit_code is None
    edited = cs.edit_customer(any_team.wang, added.code, {"credit_code": ""}, now=NOW)
    assert edited.credit_code is None  # cleared
    found = q.list_customers(any_team.admin, q.CustomerFilter(where=(f"credit_code = {BYD}",)))
    assert found == []


def test_same_code_is_a_duplicate_on_add_and_edit_unless_allowed(any_team: Team) -> None:
    first = cs.add_customer(any_team.wang, "比亚迪股份有限公司", {"credit_code": BYD}, now=NOW)
    with pytest.raises(Duplicate) as refused:
        cs.add_customer(any_team.wang, "BYD Company", {"credit_code": BYD.lower()}, now=NOW)
    assert [(x.code, x.reason) for x in refused.value.matches] == [(first.code, "same credit code")]
    other = cs.add_customer(any_team.wang, "中航重机", {"credit_code": AVIC}, now=NOW)
    with pytest.raises(Duplicate):
        cs.edit_customer(any_team.wang, other.code, {"credit_code": BYD}, now=NOW)
    assert cs.get_customer(any_team.wang, other.code, now=NOW).credit_code == AVIC
    allowed = cs.edit_customer(
        any_team.wang, other.code, {"credit-code": BYD}, allow_duplicate=True, now=NOW
    )
    assert allowed.credit_code == BYD


def test_nothing_is_written_when_the_code_is_bad(team: Team) -> None:
    before = (cm.Customer.select().count(), m.OpLog.select().count())
    with pytest.raises(InvalidInput, match="check character should be F"):
        cs.add_customer(team.wang, "比亚迪", {"credit_code": BYD[:17] + "G"}, now=NOW)
    assert (cm.Customer.select().count(), m.OpLog.select().count()) == before
    added = cs.add_customer(team.wang, "比亚迪", {"credit_code": BYD}, now=NOW)
    with pytest.raises(InvalidInput, match="18 characters"):
        cs.edit_customer(team.wang, added.code, {"credit_code": "9144"}, now=NOW)
    assert cs.get_customer(team.wang, added.code, now=NOW).credit_code == BYD


def test_the_same_code_is_the_strongest_match_and_listed_first(team: Team) -> None:
    cs.add_customer(team.wang, "比亚迪汽车销售", now=NOW)  # the same name, older
    twin = cs.add_customer(team.wang, "深圳某公司", {"credit_code": BYD}, now=NOW)
    with pytest.raises(Duplicate) as refused:
        cs.add_customer(team.wang, "比亚迪汽车销售有限公司", {"credit_code": BYD}, now=NOW)
    assert [x.reason for x in refused.value.matches] == ["same credit code", "same name"]
    assert refused.value.matches[0].code == twin.code


def test_a_trashed_customer_with_the_code_is_no_duplicate(team: Team) -> None:
    old = cs.add_customer(team.wang, "旧比亚迪", {"credit_code": BYD}, now=NOW)
    lifecycle.delete_customers(team.admin, [old.code], now=NOW)
    again = cs.add_customer(team.wang, "比亚迪股份有限公司", {"credit_code": BYD}, now=NOW)
    assert again.credit_code == BYD  # the plain index of 0015 lets both rows hold it


def test_a_batch_update_may_clear_codes_but_not_give_one_to_many(team: Team) -> None:
    cs.add_customer(team.wang, "甲", {"credit_code": BYD, "city": "深圳"}, now=NOW)
    cs.add_customer(team.wang, "乙", {"city": "深圳"}, now=NOW)
    flt = q.CustomerFilter(where=("city = 深圳",))
    with pytest.raises(InvalidInput, match="names one legal entity"):
        q.update_customers(team.admin, flt, {"credit_code": AVIC}, now=NOW)
    assert q.update_customers(team.admin, flt, {"credit_code": ""}, now=NOW) == 2


def test_a_search_and_a_filter_find_the_code_however_it_is_typed(team: Team) -> None:
    cs.add_customer(team.wang, "比亚迪股份有限公司", {"credit_code": BYD}, now=NOW)
    cs.add_customer(team.wang, "中航重机", {"credit_code": AVIC}, now=NOW)
    for flt in (q.CustomerFilter(search="192317458"),
                q.CustomerFilter(where=(f"credit_code = {BYD.lower()}",))):  # fmt: skip
        assert [c.name for c in q.list_customers(team.admin, flt)] == ["比亚迪股份有限公司"]


def _import(team: Team, tmp_path: Path, text: str, policy: str = "fail") -> None:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    engine.import_file(team.admin, "customers", str(path), options=Options(on_duplicate=policy),
                       now=NOW)  # fmt: skip


@pytest.mark.parametrize("header", ["统一社会信用代码", "信用代码", "credit_code"])
def test_an_import_reads_the_code_under_its_chinese_or_english_header(
    team: Team, tmp_path: Path, header: str
) -> None:
    _import(team, tmp_path, f"客户名称,{header}\n比亚迪股份有限公司,9144 0300 1923 1745 8f\n")
    (row,) = cm.Customer.select()
    assert row.credit_code == BYD


def test_an_import_refuses_a_bad_code_and_a_duplicate_code(team: Team, tmp_path: Path) -> None:
    with pytest.raises(Refused) as bad:
        _import(team, tmp_path, f"客户名称,统一社会信用代码\n甲,{BYD[:17]}G\n")
    assert "check character should be F" in " ".join(map(str, bad.value.problems))
    cs.add_customer(team.wang, "比亚迪股份有限公司", {"credit_code": BYD}, now=NOW)
    with pytest.raises(Refused) as twin:
        _import(team, tmp_path, f"客户名称,统一社会信用代码\n乙,{BYD}\n丙,{AVIC}\n丁,{AVIC}\n")
    text = " ".join(map(str, twin.value.problems))
    assert "(same credit code)" in text and "row 3 of this file (same credit code)" in text
    assert cm.Customer.select().count() == 1


def test_an_export_has_the_code_under_the_header_an_import_reads(team: Team) -> None:
    column = next(c for c in customer_columns() if c.field == "credit_code")
    assert (column.header, column.key, column.kind) == ("统一社会信用代码", "credit_code", "code")
