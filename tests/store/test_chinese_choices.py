"""Closed lists typed in Chinese (issue 17, point 2): each value by its Chinese names and
common synonyms; a text naming two values refused with both listed; customer statuses by
their (renamed, Chinese) names."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable

import pytest

from crm_cli.store.activity import activities
from crm_cli.store.activity import fields as activity_fields
from crm_cli.store.activity import models as am
from crm_cli.store.campaigns.settings import campaign_stages, campaign_types
from crm_cli.store.core import settings, users
from crm_cli.store.core.choice_names import NAMES
from crm_cli.store.core.choices import choose, fold
from crm_cli.store.core.errors import Ambiguous, InvalidInput
from crm_cli.store.core.records import ROLES
from crm_cli.store.customers import customers, statuses
from crm_cli.store.evaluation import fields as evaluation_fields
from crm_cli.store.evaluation.settings import score_names, strategies
from crm_cli.store.expenses import fields as expense_fields
from crm_cli.store.expenses.records import STATUSES as EXPENSE_STATUSES
from crm_cli.store.expenses.settings import expense_categories
from crm_cli.store.overview.approval_terms import KINDS as APPROVAL_KINDS
from crm_cli.store.sales.opportunity_fields import STATUSES as OPPORTUNITY_STATUSES
from crm_cli.store.sales.order_base import KINDS as ORDER_KINDS
from crm_cli.store.sales.order_base import STATUSES as ORDER_STATUSES
from crm_cli.store.schedule.recurrence import DAYS, FREQS, Repeat, build
from crm_cli.store.service import fields as service_fields
from crm_cli.store.service.records import PRIORITIES
from crm_cli.store.service.settings import ticket_types
from crm_cli.store.service.views import STATUS_WORDS
from crm_cli.store.targets.periods import KINDS as TARGET_PERIODS
from crm_cli.store.targets.records import METRICS, check_metric
from crm_cli.store.workreports.periods import KINDS as REPORT_KINDS
from crm_cli.store.workreports.records import STATUSES as REPORT_STATUSES
from tests.conftest import Team

NOW = dt.datetime(2026, 12, 2, 10, 0)
# The statuses a database starts with (its module's name is not an identifier).
FIRST_MIGRATION = importlib.import_module("crm_cli.store.core.migrations.0001_initial")


def lists() -> dict[str, list[str]]:
    """Every list of the table, as the code (or the team's default settings) has it."""
    return {
        "customer status": list(FIRST_MIGRATION.DEFAULT_STATUSES),
        "contact method": list(activity_fields.METHODS),
        "contact result": list(activity_fields.RESULTS),
        "next step status": list(activity_fields.NEXT_STATUSES),
        "opportunity status": list(OPPORTUNITY_STATUSES),
        "order status": list(ORDER_STATUSES),
        "order kind": list(ORDER_KINDS),
        "expense status": list(EXPENSE_STATUSES),
        "priority": list(PRIORITIES),
        "ticket status": list(STATUS_WORDS),
        "ticket type": ticket_types(),
        "expense category": expense_categories(),
        "campaign type": campaign_types(),
        "campaign stage": campaign_stages(),
        "strategy": strategies(),
        "score": score_names(),
        "metric": list(METRICS),
        "role": list(ROLES),
        "approval kind": list(APPROVAL_KINDS),
        "target period": list(TARGET_PERIODS),
        "report kind": list(REPORT_KINDS),
        "report status": list(REPORT_STATUSES),
        "repeat": [freq.lower() for freq in FREQS],
        "weekday": [day.lower() for day in DAYS],
    }


def test_the_table_names_each_lists_values_and_no_name_twice(team: Team) -> None:
    known = lists()
    assert sorted(NAMES) == sorted(known)
    for kind, table in NAMES.items():
        assert set(table) == set(known[kind]), kind  # a Chinese name for every value
        seen: dict[str, str] = {fold(value): value for value in known[kind]}
        for value, names in table.items():
            for name in names:
                assert seen.setdefault(fold(name), value) == value, (kind, name)


def coerce(key: str) -> Callable[[str], str]:
    return lambda text: activity_fields.coerce(key, text, NOW)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("parse", "text", "expected"),
    [
        (coerce("method"), "电话", "phone"),
        (coerce("method"), "打电话", "phone"),
        (coerce("method"), "拜访", "visit"),
        (coerce("method"), "上门", "visit"),
        (coerce("method"), "面谈", "visit"),
        (coerce("method"), "邮件", "email"),
        (coerce("method"), "电邮", "email"),
        (coerce("method"), "E-Mail", "email"),
        (coerce("method"), "微信", "im"),
        (coerce("method"), "QQ", "im"),
        (coerce("method"), "ＱＱ", "im"),
        (coerce("method"), "钉钉", "im"),
        (coerce("method"), "企业微信", "im"),
        (coerce("method"), "会议", "meeting"),
        (coerce("method"), "其他", "other"),
        (coerce("method"), " Phone ", "phone"),
        (coerce("method"), "电话 phone", "phone"),  # two names of one value
        (coerce("result"), "成交", "deal"),
        (coerce("result"), "失败", "failed"),
        (coerce("result"), "继续跟进", "continue"),
        (coerce("next_status"), "已完成", "done"),
        (coerce("next_status"), "取消", "cancelled"),
        (service_fields.priority, "紧急", "urgent"),
        (service_fields.priority, "一般", "normal"),
        (service_fields.ticket_type, "维修", "repair"),
        (service_fields.ticket_type, "投诉", "complaint"),
        (service_fields.ticket_type, "Care Visit", "care_visit"),
        (expense_fields.category, "差旅", "travel"),
        (expense_fields.category, "招待", "entertainment"),
        (evaluation_fields.strategy, "重点发展", "develop"),
        (evaluation_fields.strategy, "放弃", "abandon"),
        (check_metric, "回款", "receipts"),
        (check_metric, "新客户", "new_customers"),
        (check_metric, "customers", "new_customers"),
        (lambda text: choose(text, STATUS_WORDS, "status", kind="ticket status"), "处理中",
         "in_progress"),
        (lambda text: choose(text, ORDER_STATUSES, "status", kind="order status"), "草稿",
         "draft"),
        (lambda text: choose(text, OPPORTUNITY_STATUSES, "status", kind="opportunity status"),
         "赢单", "won"),
    ],
)  # fmt: skip
def test_chinese_names_and_synonyms_name_the_value(
    team: Team, parse: Callable[[str], str], text: str, expected: str
) -> None:
    assert parse(text) == expected


def test_scores_and_roles_by_their_chinese_names(team: Team) -> None:
    assert evaluation_fields.scores("信用=4，潜力=5") == {"credit": 4, "potential": 5}
    user = users.add_user(team.admin, "sun", role="经理")
    assert user.role == "manager"


def test_repeats_and_weekdays_in_chinese() -> None:
    today = NOW.date()
    assert build(Repeat("每周", on="周一，三、星期五"), today) == "FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert build(Repeat("每月", day=5), today) == "FREQ=MONTHLY;BYMONTHDAY=5"
    assert build(Repeat("每天", until="下个月"), today) == "FREQ=DAILY;UNTIL=20270102T235959"
    assert build(Repeat("weekly", on="monday,Tu"), today) == "FREQ=WEEKLY;BYDAY=MO,TU"
    with pytest.raises(InvalidInput, match="invalid --repeat '每小时'"):
        build(Repeat("每小时"), today)
    with pytest.raises(InvalidInput, match="invalid --on '周八'"):
        build(Repeat("每周", on="周八"), today)


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("电话email", ["phone (电话)", "email (邮件)"]),
        ("微信/phone", ["im (微信)", "phone (电话)"]),
        ("visit 会议", ["visit (拜访)", "meeting (会议)"]),
    ],
)
def test_a_mixed_text_naming_two_values_is_refused_with_both(
    team: Team, text: str, candidates: list[str]
) -> None:
    customers.add_customer(team.wang, "中兴通讯", now=NOW)
    with pytest.raises(Ambiguous) as caught:
        activities.log_contact(team.wang, "C000001", {"summary": "x", "method": text}, now=NOW)
    assert caught.value.candidates == candidates
    message = str(caught.value)
    assert message == (
        f"{text!r} names 2 values of method: {', '.join(candidates)}; give one of them"
    )
    assert am.Activity.select().count() == 0


@pytest.mark.parametrize("text", ["电话xyz", "打个电话", "传真", "邮"])
def test_a_text_naming_no_value_lists_them(team: Team, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        activity_fields.coerce("method", text, NOW)
    assert not isinstance(caught.value, Ambiguous)
    assert str(caught.value) == (
        f"invalid method {text!r}; use one of: phone, visit, email, im, meeting, other"
    )


def test_a_teams_own_values_are_typed_as_they_are(team: Team) -> None:
    settings.set_setting(team.admin, "service.types", "维修,咨询,repair")
    assert service_fields.ticket_type("维修") == "维修"  # its own value, not repair's name
    assert service_fields.ticket_type("报修") == "repair"
    settings.set_setting(team.admin, "service.types", "咨询,complaint")
    with pytest.raises(InvalidInput, match="unknown ticket type '维修'; use one of: 咨询"):
        service_fields.ticket_type("维修")  # repair is gone, and its names with it


def test_customer_statuses_match_by_their_renamed_chinese_names(team: Team) -> None:
    statuses.rename_status(team.admin, "potential", "潜在客户")
    statuses.add_status(team.admin, "重点客户")
    added = customers.add_customer(team.wang, "中兴通讯", {"status": "潜在客户"}, now=NOW)
    assert added.status == "潜在客户"
    activities.log_contact(
        team.wang, "C000001", {"summary": "见面", "method": "拜访"}, set_status="重点客户", now=NOW
    )
    assert customers.get_customer(team.wang, "C000001", now=NOW).status == "重点客户"
    with pytest.raises(InvalidInput, match="unknown status 'potential'; statuses: 潜在客户"):
        customers.add_customer(team.wang, "华为", {"status": "potential"}, now=NOW)


def test_the_default_statuses_by_their_chinese_names_until_renamed(team: Team) -> None:
    added = customers.add_customer(team.wang, "中兴通讯", {"status": "意向客户"}, now=NOW)
    assert added.status == "intent"
    activities.log_contact(
        team.wang, "C000001", {"summary": "签约", "method": "拜访"}, set_status="正式", now=NOW
    )
    assert customers.get_customer(team.wang, "C000001", now=NOW).status == "formal"
    assert statuses.rename_status(team.admin, "流失客户", "已流失").name == "已流失"
    with pytest.raises(InvalidInput, match="unknown status '流失'; statuses: potential, "):
        customers.add_customer(team.wang, "华为", {"status": "流失"}, now=NOW)
