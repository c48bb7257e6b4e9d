"""The values shown in Chinese (`_words.ENUMS`) are exactly the store's enumerations."""

from __future__ import annotations

import json

from crm_cli.commands._words import ENUMS
from crm_cli.store.activity import fields as activity
from crm_cli.store.core.records import ROLES
from crm_cli.store.expenses.records import STATUSES as EXPENSE
from crm_cli.store.sales import order_base
from crm_cli.store.service import records as service
from crm_cli.store.workreports.views import STATUSES as REPORT
from tests.cli.conftest import Crm


def test_the_words_mirror_the_store() -> None:
    assert ENUMS["method"] == activity.METHODS
    assert ENUMS["result"] == activity.RESULTS
    assert ENUMS["next_status"] == activity.NEXT_STATUSES
    assert set(ENUMS["status"]) == {*order_base.STATUSES, *service.STATUSES, *EXPENSE, *REPORT}
    assert ENUMS["kind"] == order_base.KINDS
    assert ENUMS["priority"] == service.PRIORITIES
    assert ENUMS["role"] == ROLES


def test_values_in_chinese_for_people_only(crm: Crm) -> None:
    crm.ok("user", "add", "wang", "--role", "sales")
    table = crm.ok("user", "list", "-f", "plain", LANG="zh_CN.UTF-8").stdout
    assert "管理员" in table and "销售" in table and "是" in table
    rows = json.loads(crm.ok("user", "list", "-f", "json", LANG="zh_CN.UTF-8").stdout)
    assert {row["role"] for row in rows} == {"admin", "sales"}
    csv = crm.ok("user", "list", "-f", "csv", "--headers", "zh", LANG="zh_CN.UTF-8").stdout
    assert ",sales," in csv and "管理员" not in csv


def test_the_newer_words_mirror_the_store() -> None:
    from crm_cli.store.analysis.presets_more.receivables import BUCKETS
    from crm_cli.store.campaigns import settings as campaigns
    from crm_cli.store.core.choice_names import NAMES
    from crm_cli.store.evaluation.settings import DEFAULT_STRATEGIES
    from crm_cli.store.expenses import settings as expenses
    from crm_cli.store.sales.opportunity_fields import STATUSES as OPPORTUNITY
    from crm_cli.store.service import settings as service_settings
    from crm_cli.store.targets.records import METRICS
    from crm_cli.store.workreports.periods import KINDS as REPORT_KINDS

    assert ENUMS["opportunity_status"] == OPPORTUNITY
    assert ENUMS["metric"] == METRICS
    assert ENUMS["report_kind"] == REPORT_KINDS
    assert set(ENUMS["approval_kind"]) == set(NAMES["approval kind"])
    assert ENUMS["age"] == BUCKETS[:1]
    assert ENUMS["category"] == tuple(expenses.DEFAULT_CATEGORIES.split(","))
    assert ENUMS["stage"] == tuple(campaigns.DEFAULT_STAGES.split(","))
    assert ENUMS["strategy"] == tuple(DEFAULT_STRATEGIES.split(","))
    types = {*service_settings.DEFAULT_TYPES.split(","), *campaigns.DEFAULT_TYPES.split(",")}
    assert set(ENUMS["type"]) == types | set(activity.METHODS)


def test_the_checks_mirror_the_store() -> None:
    from crm_cli.store.database.checks import CHECKS

    assert ENUMS["check"] == tuple(c.name for c in CHECKS)
