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
