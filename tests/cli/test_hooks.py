"""Hooks (SPEC SH-2) through the real CLI: shell scripts in the config directory's hooks/,
a real SQLite file, and what each event hands them."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.cli.test_order_cli import approved, shop

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

__all__ = ["shop"]  # the fixture, shared with the order tests

VETO_TEST = 'if grep -q 测试; then echo "客户名称不能包含测试" >&2; echo more >&2; exit 1; fi'


def hook(crm: Crm, name: str, body: str, *, mode: int = 0o755) -> Path:
    directory = crm.config_dir / "hooks"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(mode)
    return path


def recorder(crm: Crm, name: str) -> Path:
    """A hook that appends its stdin (one JSON line per event) to a file; the file."""
    out = crm.tmp_path / "events.jsonl"
    hook(crm, name, f"cat >> '{out}'")
    return out


def events(out: Path) -> list[dict[str, Any]]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_add_customer_hands_the_record_as_customer_add_prints_it(crm: Crm) -> None:
    out = recorder(crm, "on-add-customer")
    added = crm.add("深圳华强", "--city", "深圳")
    [event] = events(out)
    assert set(event) == {"event", "record", "user", "at", "before", "after"}
    assert (event["event"], event["record"], event["user"]) == ("add-customer", "customer", "admin")
    assert event["before"] is None
    assert event["after"] == added
    assert event["at"][:10] == added["created_at"][:10] and "T" in event["at"]


def test_modify_has_before_and_after_and_an_unchanged_edit_is_no_event(crm: Crm) -> None:
    crm.add("深圳华强")
    out = recorder(crm, "on-modify-customer")
    crm.ok("customer", "edit", "C000001", "--city", "深圳")
    crm.ok("customer", "edit", "C000001", "--city", "深圳")
    [event] = events(out)
    assert event["event"] == "modify-customer"
    assert (event["before"]["city"], event["after"]["city"]) == ("", "深圳")
    assert event["before"]["code"] == event["after"]["code"] == "C000001"


def test_a_pre_hook_vetoes_with_its_first_stderr_line_and_nothing_is_written(crm: Crm) -> None:
    crm.add("深圳华强")
    hook(crm, "pre-add-customer", VETO_TEST)
    hook(crm, "pre-modify-customer", VETO_TEST)
    out = recorder(crm, "on-add-customer")
    before, log = crm.snapshot(), crm.log("C000001")
    message = crm.fails(1, "customer", "add", "测试公司")
    assert message == "Error: refused by hook pre-add-customer: 客户名称不能包含测试"
    message = crm.fails(1, "customer", "edit", "C000001", "--name", "测试二")
    assert message == "Error: refused by hook pre-modify-customer: 客户名称不能包含测试"
    assert crm.snapshot() == before and crm.log("C000001") == log
    assert events(out) == []  # no post-hook for what did not happen
    crm.add("广州宏达")  # a pre-hook that exits 0 lets it through
    assert [e["after"]["name"] for e in events(out)] == ["广州宏达"]
    assert crm.codes() == ["C000001", "C000002"]  # the vetoed add took no code either


def test_a_failing_post_hook_warns_and_does_not_change_the_exit_code(crm: Crm) -> None:
    hook(crm, "on-add-customer.notify", 'echo "webhook down" >&2; exit 7')
    result = crm.ok("customer", "add", "深圳华强", "-f", "json")
    assert json.loads(result.stdout)["name"] == "深圳华强"
    assert result.stderr == "Warning: hook on-add-customer.notify failed: webhook down\n"
    assert crm.codes() == ["C000001"]
    crm.ok("config", "set", "language", "zh")
    result = crm.ok("customer", "add", "深圳华强二", "-f", "json")
    assert result.stderr == "警告：钩子 on-add-customer.notify 执行失败：webhook down\n"


def test_hooks_that_take_too_long_are_stopped(crm: Crm) -> None:
    crm.ok("config", "set", "hooks.timeout", "0.5")
    crm.fails(1, "config", "set", "hooks.timeout", "soon")
    hook(crm, "on-add-customer", "sleep 5")
    started = time.monotonic()
    result = crm.ok("customer", "add", "深圳华强")
    assert "hook on-add-customer failed: no answer within 0.5 s; stopped" in result.stderr
    hook(crm, "pre-add-customer", "sleep 5")
    message = crm.fails(1, "customer", "add", "广州宏达")
    assert message == "Error: refused by hook pre-add-customer: no answer within 0.5 s; stopped"
    assert time.monotonic() - started < 4
    assert crm.codes() == ["C000001"]


def test_no_hooks_option_and_environment(crm: Crm) -> None:
    hook(crm, "pre-add-customer", "echo no >&2; exit 1")
    crm.fails(1, "customer", "add", "甲")
    crm.ok("--no-hooks", "customer", "add", "乙")
    crm.ok("customer", "add", "丙", CRM_NO_HOOKS="1")
    assert len(crm.codes()) == 2


def test_only_executable_hook_files_count_in_name_order(crm: Crm) -> None:
    refuse = "echo refused >&2; exit 1"
    hook(crm, "pre-add-customer", refuse, mode=0o644)  # not executable
    for name in ("pre-add-customer~", "pre-add-customer.bak", ".pre-add-customer",
                 "pre-add-customer.swp", "pre-add-customers", "pre-frobnicate"):  # fmt: skip
        hook(crm, name, refuse)
    (crm.config_dir / "hooks" / "pre-add-customer.d").mkdir()  # a directory: no hook
    order = crm.tmp_path / "order.txt"
    hook(crm, "on-add-customer.20-second", f"echo second >> '{order}'")
    hook(crm, "on-add-customer.10-first", f"echo first >> '{order}'")
    crm.add("深圳华强")
    assert order.read_text().split() == ["first", "second"]


def test_a_hook_calls_crm_on_the_same_database_without_hooks(crm: Crm) -> None:
    seen = crm.tmp_path / "env.txt"
    hook(crm, "on-add-customer", f"env | grep '^CRM_' | sort > '{seen}'")
    crm.add("深圳华强")
    env = dict(line.split("=", 1) for line in seen.read_text().splitlines())
    assert env["CRM_NO_HOOKS"] == "1" and env["CRM_USER"] == "admin"
    assert env["CRM_DATABASE_URL"] == crm.db_url
    assert (env["CRM_HOOK_EVENT"], env["CRM_HOOK_PHASE"]) == ("add-customer", "post")


def test_delete_and_log_events(crm: Crm) -> None:
    crm.add("深圳华强")
    out = recorder(crm, "on-log")
    hook(crm, "on-delete-customer", f"cat >> '{out}'")
    record = crm.json("contact", "log", "C000001", "--summary", "电话沟通", "--minutes", "5")
    crm.ok("customer", "delete", "C000001", "--yes")
    logged, deleted = events(out)
    assert (logged["event"], logged["record"], logged["before"]) == ("log", "contact_record", None)
    assert logged["after"] == record
    assert (deleted["event"], deleted["after"]) == ("delete-customer", None)
    assert deleted["before"]["code"] == "C000001" and deleted["before"]["deleted"] is False


def test_claim_and_return_events(staff: Crm) -> None:
    staff.ok("pool", "settings", "--enable", "--member", "wang")
    staff.add("甲方一号", user="chen")
    staff.ok("pool", "add", "C000001")
    out = recorder(staff, "on-claim")
    hook(staff, "on-return", f"cat >> '{out}'")
    hook(staff, "pre-claim", 'grep -q \'"user":"zhao"\' && { echo "zhao waits" >&2; exit 1; }; :')
    staff.ok("pool", "claim", "C000001", user="wang")
    staff.ok("pool", "release", "C000001", user="wang")
    claimed, returned = events(out)
    assert claimed["event"] == "claim" and claimed["user"] == "wang"
    assert (claimed["before"]["owner"], claimed["after"]["owner"]) == (None, "wang")
    assert (returned["event"], returned["before"]["owner"], returned["after"]["owner"]) == (
        "return", "wang", None,
    )  # fmt: skip
    staff.ok("pool", "settings", "--member", "zhao")
    result = staff.run("pool", "claim", "C000001", "-f", "json", user="zhao")
    assert result.exit_code == 1 and "refused by hook pre-claim: zhao waits" in result.stdout
    assert len(events(out)) == 2


def test_approve_and_pay_events_with_exact_money(shop: Crm) -> None:
    out = recorder(shop, "on-approve")
    hook(shop, "on-pay", f"cat >> '{out}'")
    code = approved(shop, "--line", "PC:3", "--installments", "3")
    shop.ok("pay", code, "--amount", "1,500.50", "--date", "2026-11-01", user="wang")
    approval, *payments = events(out)
    assert (approval["event"], approval["record"], approval["user"]) == ("approve", "order", "li")
    assert (approval["before"]["status"], approval["after"]["status"]) == ("submitted", "approved")
    assert set(approval["after"]) == set(shop.json("order", "show", code))  # `order show`'s keys
    assert [(p["event"], p["record"], p["after"]["amount"]) for p in payments] == [
        ("pay", "receipt", 1000.00), ("pay", "receipt", 500.50),
    ]  # fmt: skip
    raw = (shop.tmp_path / "events.jsonl").read_text(encoding="utf-8")
    assert '"amount":500.50' in raw  # money as an exact JSON number, as the commands print it


def test_dry_runs_and_imports_run_no_hooks(crm: Crm) -> None:
    hook(crm, "pre-add-customer", "echo no >&2; exit 1")
    out = recorder(crm, "on-add-customer")
    path = crm.tmp_path / "customers.csv"
    path.write_text("客户名称,城市\n深圳华强,深圳\n", encoding="utf-8")
    crm.ok("import", "customers", str(path), "--dry-run")
    crm.ok("import", "customers", str(path))  # bulk: hooks are per command, not per row
    assert events(out) == [] and crm.codes() == ["C000001"]


def test_a_batch_dry_run_in_the_store_runs_no_hook(
    crm: Crm, monkeypatch: pytest.MonkeyPatch
) -> None:
    edits = pytest.importorskip("crm_cli.store.customers.edits")
    from crm_cli.commands import _hooks
    from crm_cli.store.core import hooks, users

    crm.add("深圳华强")
    hook(crm, "pre-modify-customer", "echo no >&2; exit 1")
    crm.ok("customer", "list")  # opens this database for the store calls below
    monkeypatch.setenv("CRM_CONFIG_DIR", str(crm.config_dir))
    _hooks.install(True)
    try:
        actor = users.resolve_actor("admin")
        [row] = edits.edit_customers(actor, {"C000001": {"city": "深圳"}}, dry_run=True)
        assert row.city == "深圳"
        with pytest.raises(edits.RowsRefused, match="refused by hook pre-modify-customer: no"):
            edits.edit_customers(actor, {"C000001": {"city": "深圳"}})
    finally:
        hooks.use(None)


def test_a_batch_update_runs_hooks_per_customer_and_a_veto_stops_all(crm: Crm) -> None:
    crm.add("深圳华强")
    crm.add("广州宏达")
    out = recorder(crm, "on-modify-customer")
    crm.ok("customer", "update", "--set", "city=深圳", "--yes")
    assert sorted(e["after"]["code"] for e in events(out)) == ["C000001", "C000002"]
    hook(crm, "pre-modify-customer", 'grep -q \'"code":"C000002"\' && { echo no >&2; exit 1; }; :')
    before = crm.snapshot()
    crm.fails(1, "customer", "update", "--set", "city=上海", "--yes")
    assert crm.snapshot() == before and len(events(out)) == 2
