"""`crm pool …` through the CLI: per-customer reports, exit codes, a cron-friendly reclaim."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Crm


@pytest.fixture
def pooled(staff: Crm) -> Crm:
    staff.ok("pool", "settings", "--enable", "--protect-days", "30", "--limit", "2",
             "--member", "wang", "--member", "zhao", "--admin", "li")  # fmt: skip
    for name in ("甲方一号", "乙方二号", "丙方三号"):
        staff.add(name, user="chen")
    staff.ok("pool", "add", "C000001", "C000002", "C000003")
    return staff


def test_settings_show_and_change(pooled: Crm) -> None:
    conf = pooled.json("pool", "settings")
    assert conf["enabled"] is True and conf["limit"] == 2 and conf["members"] == ["wang", "zhao"]
    assert conf["admins"] == ["li"]
    pooled.fails(5, "pool", "settings", "--limit", "5", user="li")
    pooled.fails(1, "pool", "settings", "--goal", "maybe")
    pooled.fails(1, "pool", "settings", "--no-contact-days", "A:x")


def test_claim_reports_per_customer_and_exits_3_on_a_lost_claim(pooled: Crm) -> None:
    claimed = pooled.json("pool", "claim", "C000001", user="wang")
    assert claimed[0]["done"] is True and claimed[0]["holder"] == "wang"
    result = pooled.run("pool", "claim", "C000001", "C000002", "-f", "json", user="zhao")
    assert result.exit_code == 3
    rows = {r["customer"]: r for r in __import__("json").loads(result.stdout)}
    assert rows["C000001"]["done"] is False and "claimed by someone" in rows["C000001"]["message"]
    assert rows["C000002"]["done"] is True
    assert result.stderr.startswith("Error: 1 of 2 refused") and "wang" not in result.stderr


def test_messages_and_the_log_reveal_nothing_the_reader_may_not_see(pooled: Crm) -> None:
    pooled.json("pool", "assign", "C000001", "--to", "wang", user="li")
    lost = pooled.run("pool", "claim", "C000001", "-f", "json", user="zhao")
    assert lost.exit_code == 3 and "assigned by a pool admin" in lost.stdout
    assert "wang" not in lost.stdout + lost.stderr
    pooled.json("pool", "claim", "C000002", user="zhao")
    seen = {e["customer"] for e in pooled.json("pool", "log", user="zhao")}
    assert seen == {"C000002", "C000003"}  # zhao's own and the open pool, not wang's
    assert {e["customer"] for e in pooled.json("pool", "log", user="li")} >= {"C000001"}


def test_bad_input_to_moves(pooled: Crm) -> None:
    pooled.json("pool", "claim", "C000001", "C000002", user="wang")
    assert pooled.run("pool", "claim", "C000003", user="wang").exit_code == 3  # over the limit
    assert pooled.run("pool", "claim", "C000003", user="chen").exit_code == 5  # not a member
    assert pooled.run("pool", "assign", "C000003", "--to", "zhao", user="wang").exit_code == 5
    assert pooled.run("pool", "extend", "C000001", "--days", "3", user="wang").exit_code == 5
    for bad in ("0", "-2", "1.5", "x"):
        pooled.fails(1, "pool", "extend", "C000001", "--days", bad, user="li")
    assert pooled.run("pool", "release", "C000001", user="zhao").exit_code in (4, 5)
    pooled.add("丁方不在池", user="wang")
    assert pooled.run("pool", "claim", "C000004", user="wang").exit_code == 1
    pooled.fails(1, "pool", "reclaim", "--as-of", "2026-13-40")


def test_list_and_log(pooled: Crm) -> None:
    pooled.json("pool", "claim", "C000001", user="wang")
    mine = pooled.json("pool", "list", "--mine", user="wang")
    assert [r["code"] for r in mine] == ["C000001"] and mine[0]["days_left"] == 30
    open_pool = pooled.json("pool", "list", "--unassigned", user="zhao")
    assert [r["code"] for r in open_pool] == ["C000002", "C000003"]
    assert open_pool[0]["previous_owner"] == "chen"
    pooled.fails(5, "pool", "list", "--unassigned", user="chen")
    log = pooled.json("pool", "log", "C000001", user="wang")
    assert [e["action"] for e in log] == ["claim", "add"]


def age_claims(days: int) -> None:
    """Move every claim ``days`` into the past: a reclaim runs as of today only."""
    from crm_cli.store.pool import models as pm

    PC, back = pm.PoolCustomer, dt.timedelta(days=days)
    for row in PC.select().where(PC.holder.is_null(False)):
        row.assigned_on, row.protect_until = row.assigned_on - back, row.protect_until - back
        row.save()


def test_reclaim_is_silent_for_cron_and_idempotent(pooled: Crm) -> None:
    pooled.json("pool", "claim", "C000001", user="wang")
    age_claims(31)
    quiet = pooled.ok("pool", "reclaim")
    assert quiet.stdout == "" and quiet.stderr == ""
    assert pooled.json("pool", "list", "--mine", user="wang") == []
    again = pooled.json("pool", "reclaim")
    assert again["total"] == 0 and again["returned"] == []
    log = pooled.json("pool", "log", "C000001")
    assert log[0]["action"] == "reclaim" and log[0]["actor"] == "admin"


def test_only_pool_admins_reclaim_and_never_ahead_of_today(pooled: Crm) -> None:
    pooled.json("pool", "claim", "C000001", user="wang")
    before = pooled.snapshot()
    for user in ("wang", "chen"):  # a member, and someone outside the pool
        assert "pool admins" in pooled.fails(5, "pool", "reclaim", "--as-of", "+40d", user=user)
        pooled.fails(5, "pool", "reclaim", user=user)
        pooled.fails(5, "pool", "reclaim", "--dry-run", user=user)
    message = pooled.fails(1, "pool", "reclaim", "--as-of", "+40d")
    assert "--as-of" in message and "--dry-run" in message
    pooled.fails(1, "pool", "reclaim", "--as-of", "+1d", user="li")  # a pool admin: same rule
    assert pooled.snapshot() == before
    assert pooled.json("pool", "reclaim", "--dry-run", "--as-of", "+40d", user="li")["total"] == 1
    assert pooled.json("pool", "reclaim", user="li")["total"] == 0  # today: nothing due


def test_dry_run_explains_and_changes_nothing(pooled: Crm) -> None:
    pooled.json("pool", "claim", "C000001", user="wang")
    before = pooled.snapshot()
    preview = pooled.json("pool", "reclaim", "--dry-run", "--as-of", "+35d")
    assert preview["dry_run"] is True and preview["total"] == 1
    assert preview["returned"][0]["rule"] == "protection ended"
    assert preview["returned"][0]["days_over"] == 5
    assert pooled.snapshot() == before
    text = pooled.ok("pool", "reclaim", "--explain", "--dry-run", "--as-of", "+35d")
    assert "protection ended" in text.stdout and "Would return 1" in text.stderr


def test_reclaim_on_a_disabled_pool_says_so_only_with_verbose(pooled: Crm) -> None:
    pooled.ok("pool", "settings", "--disable")
    assert pooled.ok("pool", "reclaim").stdout == ""
    said = pooled.ok("pool", "reclaim", "-v")
    assert "disabled" in said.stderr


def test_disabling_through_config_set_also_returns_the_pool(pooled: Crm) -> None:
    pooled.json("pool", "claim", "C000001", user="wang")
    pooled.ok("config", "set", "pool.enabled", "no")
    owners = {c["code"]: c["owner"] for c in pooled.customers()}
    assert owners == {"C000001": "wang", "C000002": "chen", "C000003": "chen"}
    assert pooled.json("pool", "settings")["enabled"] is False
    pooled.fails(5, "config", "set", "pool.enabled", "yes", user="li")
