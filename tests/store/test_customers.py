"""Customers in the store (CUS-1…CUS-5), on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core.errors import Duplicate, InvalidInput, Locked, NotFound
from crm_cli.store.customers import customers
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.customers import query as q
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


def codes(actor, **filters) -> list[str]:
    rows = q.list_customers(actor, q.CustomerFilter(**filters), sort="code", now=NOW)
    return [r.code for r in rows]


def test_add_fills_code_mnemonic_owner_and_derived_fields(any_team: Team) -> None:
    c = customers.add_customer(any_team.wang, "中兴通讯", {"phone": "0755-26770000"}, now=NOW)
    assert (c.code, c.mnemonic, c.owner, c.status) == ("C000001", "ZXTX", "wang", "potential")
    assert c.registered == NOW.date()
    assert c.total_ordered == Decimal("0.00") and c.balance_owed == Decimal("0.00")
    assert c.last_contact is None and c.latest_progress == ""
    second = customers.add_customer(any_team.wang, "Acme Robotics Inc.", now=NOW)
    assert (second.code, second.mnemonic) == ("C000002", "ARI")


def test_every_field_and_custom_fields_round_trip(any_team: Team) -> None:
    fields = {
        "keyword": "华信", "is_public": "yes", "status": "intent", "type": "private",
        "source": "展会", "industry": "电子", "level": "A", "phone": "0755-1234567",
        "fax": "0755-1234568", "email": "sales@huaxin.cn", "website": "huaxin.cn",
        "country": "中国", "province": "广东", "city": "深圳", "address": "南山区科技园",
        "postcode": "518000", "registered": "2020-05-01", "notes": "老客户",
    }  # fmt: skip
    c = customers.add_customer(
        any_team.wang, "深圳市华信电子有限公司", fields, custom={"region": "华南"}, now=NOW
    )
    got = customers.get_customer(any_team.wang, c.code, now=NOW).to_dict()
    assert got["is_public"] is True and got["registered"] == dt.date(2020, 5, 1)
    assert got["custom"] == {"region": "华南"}
    for key in ("keyword", "source", "city", "postcode", "notes", "fax", "website"):
        assert got[key] == fields[key]


def test_duplicates_by_name_keyword_phone_email(any_team: Team) -> None:
    w = any_team.wang
    customers.add_customer(w, "中兴通讯股份有限公司", {"keyword": "中兴"}, now=NOW)
    customers.add_customer(
        w, "Acme Inc.", {"phone": "010-88886666", "email": "a@acme.com"}, now=NOW
    )
    cases = [
        ("中兴通讯", {}, "same name"),
        ("深圳中兴微电子", {}, "keyword in name"),
        ("Other", {"phone": "(010) 8888-6666"}, "same phone"),
        ("Another", {"email": "A@Acme.com"}, "same email"),
        ("ACME co., ltd.", {}, "same name"),
    ]
    for name, fields, reason in cases:
        with pytest.raises(Duplicate) as err:
            customers.add_customer(w, name, fields, now=NOW)
        assert reason in err.value.matches[0].reason
    assert len(codes(w)) == 2
    added = customers.add_customer(w, "中兴通讯", allow_duplicate=True, now=NOW)
    assert added.code == "C000003"


def test_rename_checks_duplicates_and_refreshes_mnemonic(team: Team) -> None:
    customers.add_customer(team.wang, "华为技术有限公司", now=NOW)
    other = customers.add_customer(team.wang, "腾讯科技", now=NOW)
    with pytest.raises(Duplicate):
        customers.edit_customer(team.wang, other.code, {"name": "华为技术"}, now=NOW)
    renamed = customers.edit_customer(team.wang, other.code, {"name": "重庆银行"}, now=NOW)
    assert renamed.mnemonic == "CQYH"
    fixed = customers.edit_customer(team.wang, other.code, {"mnemonic": "CQBANK"}, now=NOW)
    assert fixed.mnemonic == "CQBANK"


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        ("   ", {}, "name must not be empty"),
        ("X", {"status": "nonsense"}, "unknown status"),
        ("X", {"owner": "nobody"}, "no user"),
        ("X", {"email": "not-an-email"}, "invalid email"),
        ("X", {"phone": "call me"}, "invalid phone"),
        ("X", {"registered": "2026-13-45"}, "invalid date"),
        ("X", {"balance_owed": "5"}, "derived"),
        ("X", {"colour": "red"}, "unknown field"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(team: Team, name, fields, message) -> None:
    with pytest.raises((InvalidInput, NotFound)) as err:
        customers.add_customer(team.admin, name, fields, now=NOW)
    assert message in str(err.value)
    assert codes(team.admin) == []


def test_audit_locks_edits_until_unaudited(team: Team) -> None:
    c = customers.add_customer(team.wang, "锁定公司", now=NOW)
    customer_ops.audit_customers(team.li, [c.code], now=NOW)
    with pytest.raises(Locked):
        customers.edit_customer(team.wang, c.code, {"city": "上海"}, now=NOW)
    with pytest.raises(Locked):
        q.update_customers(team.li, q.CustomerFilter(), {"level": "A"}, now=NOW)
    customer_ops.unaudit_customers(team.li, [c.code], now=NOW)
    assert customers.edit_customer(team.wang, c.code, {"city": "上海"}, now=NOW).city == "上海"


def test_batch_update_changes_matches_and_logs_each(any_team: Team) -> None:
    a = any_team.admin
    for name, city in [("甲公司", "上海"), ("乙公司", "上海"), ("丙公司", "北京")]:
        customers.add_customer(a, name, {"city": city}, now=NOW)
    flt = q.CustomerFilter(where=("city = 上海",))
    assert q.count_customers(a, flt, now=NOW) == 2
    assert q.update_customers(a, flt, {"level": "A"}, expected=2, now=NOW) == 2
    assert codes(a, where=("level = A",)) == ["C000001", "C000002"]
    log = customers.customer_log(a, "C000001", now=NOW)
    assert log[0].action == "update" and log[0].changes == {"level": ["", "A"]}
    with pytest.raises(InvalidInput, match="not 5"):
        q.update_customers(a, flt, {"level": "B"}, expected=5, now=NOW)


def test_soft_delete_restore_purge(any_team: Team) -> None:
    a = any_team.admin
    c = customers.add_customer(a, "待删公司", now=NOW)
    customer_ops.delete_customers(a, [c.code], now=NOW)
    assert codes(a) == [] and codes(a, deleted=True) == [c.code]
    with pytest.raises(InvalidInput, match="deleted"):
        customers.edit_customer(a, c.code, {"city": "上海"}, now=NOW)
    customer_ops.restore_customers(a, [c.code], now=NOW)
    assert codes(a) == [c.code]
    customer_ops.delete_customers(a, [c.code], now=NOW)
    customer_ops.purge_customers(a, [c.code], now=NOW)
    assert codes(a, deleted=True) == []
    with pytest.raises(NotFound):
        customers.get_customer(a, c.code, now=NOW)


def test_ambiguous_name_lists_candidates(team: Team) -> None:
    customers.add_customer(team.admin, "同名公司", now=NOW)
    customers.add_customer(team.admin, "同名公司", allow_duplicate=True, now=NOW)
    with pytest.raises(InvalidInput, match=r"C000001.*C000002"):
        customers.get_customer(team.admin, "同名公司", now=NOW)


def test_status_list_is_renamable(team: Team) -> None:
    from crm_cli.store.customers import statuses

    c = customers.add_customer(team.admin, "状态公司", {"status": "formal"}, now=NOW)
    statuses.rename_status(team.admin, "formal", "正式客户")
    assert customers.get_customer(team.admin, c.code, now=NOW).status == "正式客户"
    assert codes(team.admin, status="正式客户") == [c.code]
