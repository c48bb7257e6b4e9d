"""Contact records found by query-language terms (SH-1): fields, tags, words, visibility."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.activity import activities
from crm_cli.store.activity.record_terms import check_terms
from crm_cli.store.core.terms import BadTerm
from crm_cli.store.customers import customers
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def diary(team: Team) -> Team:
    """R1 wang 中兴 (深圳) phone 11-01; R2 wang 中兴 visit 11-20, a deal, next 12-01;
    R3 chen 陈氏 (上海) email 11-22, failed."""
    customers.add_customer(team.wang, "中兴通讯", {"city": "深圳"}, now=NOW)
    customers.add_customer(team.chen, "陈氏贸易", {"city": "上海"}, now=NOW)
    log = activities.log_contact
    log(team.wang, "C000001", {"summary": "问候", "method": "phone",
                               "started_at": "2026-11-01 10:00"}, now=NOW)  # fmt: skip
    log(team.wang, "C000001", {"summary": "签约 交换机", "method": "拜访", "result": "deal",
                               "started_at": "2026-11-20 15:00", "next_date": "2026-12-01"},
        now=NOW)  # fmt: skip
    log(team.chen, "C000002", {"summary": "报价被拒", "method": "email", "result": "failed",
                               "failure_reason": "价格", "started_at": "2026-11-22 09:00"},
        now=NOW)  # fmt: skip
    return team


def find(actor, *terms: str, customer: str | None = None) -> list[int]:
    rows = activities.iter_history(actor, customer, terms=terms, now=NOW)
    return sorted(r.id for r in rows)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (("method:visit",), [2]), (("method:电话",), [1]), (("method.in:phone,email",), [1, 3]),
        (("+deal",), [2]), (("-failed", "-deal"), [1]), (("result:failed",), [3]),
        (("+next",), [2]), (("next.after:2026-11-30",), [2]),
        (("date.since:2026-11-20",), [2, 3]), (("date.before:2026-11-20",), [1]),
        (("city:上海",), [3]), (("customer:C000001", "交换机"), [2]), (("陈氏",), [3]),
        (("user:chen",), [3]), (("summary.has:问候",), [1]),
    ],
)  # fmt: skip
def test_terms_select_records(diary: Team, terms: tuple[str, ...], expected: list[int]) -> None:
    assert find(diary.admin, *terms) == expected


def test_visibility_still_applies(diary: Team) -> None:
    assert find(diary.chen, "date.since:2026-11-01") == [3]
    assert find(diary.chen, "user:wang") == []
    assert find(diary.wang, "+mine") == [1, 2]
    assert find(diary.wang, "-mine") == []
    assert find(diary.admin, "+deal", customer="C000002") == []


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("mthod:visit", "unknown field 'mthod' in 'mthod:visit' (did you mean method?)"),
        ("method:fax", "unknown method 'fax'; use one of: phone, visit"),
        ("date.before:tomorow", "bad date 'tomorow' in 'date.before:tomorow': use "),
        ("minutes.over:x", "bad number 'x' in 'minutes.over:x'"),
        ("+dael", "unknown tag '+dael' (did you mean +deal?); contact record tags: "),
    ],
)  # fmt: skip
def test_a_bad_term_is_named(diary: Team, term: str, message: str) -> None:
    with pytest.raises(BadTerm) as exc:
        check_terms(diary.admin, [term])
    assert str(exc.value).startswith(message)
