"""`crm campaign …` (issue 14, point 4; CMP-1): the command contract, linking customers and
opportunities (also on `customer add` and `import`), the effectiveness figures on `show`,
and bad input as one stderr line with CLI.md's exit code that writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Crm


@pytest.fixture
def fair(staff: Crm) -> Crm:
    """li's campaign CP000001 from 2026-11-01; wang's customer C000001, chen's C000002."""
    staff.ok("campaign", "add", "秋季展会", "--type", "exhibition", "--start", "2026-11-01",
             "--end", "2026-11-30", "--budget", "1000", user="li")  # fmt: skip
    staff.add("华为技术有限公司", user="wang")
    staff.add("陈的客户", user="chen")
    return staff


def rows(crm: Crm) -> list[tuple[Any, ...]]:
    """Campaigns, the customers' and opportunities' campaigns, and the log, from the file."""
    with sqlite3.connect(crm.tmp_path / "crm.db") as con:
        return [
            *con.execute("SELECT * FROM campaign ORDER BY id"),
            *con.execute("SELECT id, campaign_id FROM customer ORDER BY id"),
            *con.execute("SELECT id, campaign_id FROM opportunity ORDER BY id"),
            *con.execute("SELECT * FROM op_log ORDER BY id"),
        ]


def test_add_list_edit_show_and_delete(fair: Crm) -> None:
    shown = fair.json("campaign", "show", "CP000001", user="li")
    assert (shown["name"], shown["type"], shown["stage"], shown["budget"]) == (
        "秋季展会", "exhibition", "planned", 1000
    )  # fmt: skip
    assert shown["starts_on"] == "2026-11-01" and shown["ends_on"] == "2026-11-30"
    assert shown["owner"] == "li"
    edited = fair.json("campaign", "edit", "CP000001", "--stage", "active", "--responses", "40",
                       user="li")  # fmt: skip
    assert (edited["stage"], edited["responses"]) == ("active", 40)
    fair.ok("campaign", "add", "春季研讨会", "--start", "2026-03-01", "--end", "2026-03-03",
            "--type", "seminar")  # fmt: skip
    assert [c["code"] for c in fair.json("campaign", "list", user="chen")] == [
        "CP000001",
        "CP000002",
    ]
    assert [c["code"] for c in fair.json("campaign", "list", "--type", "seminar")] == ["CP000002"]
    active = fair.json("campaign", "list", "--active", "--as-of", "2026-11-15")
    assert [c["code"] for c in active] == ["CP000001"]
    plain = fair.ok("campaign", "list", "-f", "plain").stdout
    assert "秋季展会" in plain and "1000.00" in plain
    fair.ok("campaign", "delete", "CP000002", "--yes", user="li")
    fair.fails(4, "campaign", "show", "CP000002")


def test_show_gives_cost_revenue_responses_and_roi(fair: Crm) -> None:
    fair.ok("campaign", "edit", "CP000001", "--responses", "4", user="li")
    fair.ok("campaign", "link", "CP000001", "-c", "C000001", user="wang")
    fair.ok("expense", "add", "--amount", "0.30", "--category", "marketing", "--campaign",
            "CP000001", "--date", "2026-11-02", user="wang")  # fmt: skip
    fair.ok("expense", "submit", "EX000001", user="wang")
    fair.ok("expense", "approve", "EX000001", user="li")
    fair.ok("product", "add", "PEN", "Pen", "--price", "0.10")
    fair.ok("order", "add", "C000001", "--line", "PEN:12", user="wang")  # 1.20, approved today
    fair.ok("order", "submit", "SO000001", user="wang")
    fair.ok("order", "approve", "SO000001", user="li")
    shown = fair.json("campaign", "show", "CP000001", user="li")
    assert (shown["actual_cost"], shown["actual_revenue"], shown["orders"]) == (0.3, 1.2, 1)
    assert (shown["cost_per_response"], shown["roi"], shown["customers"]) == (0.08, 3, 1)
    raw = fair.ok("campaign", "show", "CP000001", "-f", "json", user="li").stdout
    assert '"actual_cost": 0.30' in raw and '"actual_revenue": 1.20' in raw
    assert "actual_cost" not in fair.json("campaign", "show", "CP000001", user="wang")


def test_a_campaign_ending_before_it_starts_exits_1_and_writes_nothing(fair: Crm) -> None:
    before = rows(fair)
    line = fair.fails(1, "campaign", "add", "冬季促销", "--start", "2026-12-10", "--end",
                      "2026-12-01", user="li")  # fmt: skip
    assert line == "Error: the campaign ends (2026-12-01) before it starts (2026-12-10)"
    fair.fails(1, "campaign", "edit", "CP000001", "--end", "2026-10-01", user="li")
    assert rows(fair) == before


def test_linking_a_customer_one_cannot_see_exits_4_and_writes_nothing(fair: Crm) -> None:
    before = rows(fair)
    line = fair.fails(4, "campaign", "link", "CP000001", "-c", "C000002", "-c", "C000001",
                      user="wang")  # fmt: skip
    assert line == "Error: no customer 'C000002'"
    assert rows(fair) == before


def test_link_and_unlink_customers_and_opportunities(fair: Crm) -> None:
    fair.ok("opportunity", "add", "C000001", "--amount", "5000", "--probability", "30", user="wang")
    done = fair.json("campaign", "link", "CP000001", "-c", "C000001", "-o", "OP000001", user="wang")
    assert [(d["kind"], d["code"], d["changed"]) for d in done] == [
        ("customer", "C000001", True), ("opportunity", "OP000001", True)
    ]  # fmt: skip
    assert (
        fair.json("campaign", "link", "CP000001", "-c", "C000001", user="wang")[0]["changed"]
        is False
    )
    fair.ok("campaign", "unlink", "CP000001", "-o", "OP000001", user="wang")
    fair.fails(1, "campaign", "unlink", "CP000001", "-o", "OP000001", user="wang")
    changes = [e["changes"] for e in fair.log("C000001") if e["action"] == "campaign"]
    assert changes == [{"campaign": ["CP000001", None]}, {"campaign": [None, "CP000001"]},
                       {"campaign": [None, "CP000001"]}]  # fmt: skip


def test_a_salesperson_may_not_add_a_campaign(fair: Crm) -> None:
    before = rows(fair)
    fair.fails(5, "campaign", "add", "私人活动", user="wang")
    fair.fails(1, "campaign", "add", "负预算", "--budget", "-100", user="li")
    assert rows(fair) == before


def test_customer_add_and_import_set_the_source_campaign(fair: Crm, tmp_path: Path) -> None:
    added = fair.add("展会新客户", "--campaign", "CP000001", user="wang")
    assert [e["action"] for e in fair.log(added["code"])] == ["campaign", "add"]
    before = rows(fair)
    fair.fails(4, "customer", "add", "另一个", "--campaign", "CP404", user="wang")
    assert rows(fair) == before
    sheet = tmp_path / "leads.csv"
    sheet.write_text(
        "客户名称,市场活动\n导入客户甲,CP000001\n导入客户乙,秋季展会\n", encoding="utf-8"
    )
    fair.ok("import", "customers", str(sheet), user="wang")
    with sqlite3.connect(fair.tmp_path / "crm.db") as con:
        linked = con.execute("SELECT name FROM customer WHERE campaign_id = 1 ORDER BY id")
        assert [n for (n,) in linked] == ["展会新客户", "导入客户甲", "导入客户乙"]
    sheet.write_text("客户名称,市场活动\n导入客户丙,CP404\n", encoding="utf-8")
    fair.fails(1, "import", "customers", str(sheet), user="wang")
    assert fair.json("campaign", "show", "CP000001", user="li")["customers"] == 3


def test_opportunity_add_and_edit_take_a_campaign(fair: Crm) -> None:
    fair.ok("opportunity", "add", "C000001", "--amount", "5000", "-p", "30", "--campaign",
            "CP000001", user="wang")  # fmt: skip
    before = rows(fair)
    fair.fails(4, "opportunity", "add", "C000001", "--amount", "9", "-p", "30", "--campaign",
               "CP404", user="wang")  # fmt: skip
    fair.fails(4, "opportunity", "edit", "OP000001", "-p", "90", "--campaign", "CP404",
               user="wang")  # fmt: skip
    assert rows(fair) == before
    edited = fair.json("opportunity", "edit", "OP000001", "-p", "60", "--campaign", "",
                       user="wang")  # fmt: skip
    assert edited["probability"] == 60
    changes = [e["changes"] for e in fair.log("C000001") if e["action"] == "campaign"]
    assert changes == [{"campaign": ["CP000001", None]}, {"campaign": [None, "CP000001"]}]
    assert fair.json("campaign", "show", "CP000001", user="li")["opportunities"] == 0
