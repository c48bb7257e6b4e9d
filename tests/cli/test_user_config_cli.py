"""`crm user …`, the acting user (USR-1, USR-2) and `crm config …` (personal and team)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


def test_the_first_user_becomes_admin(crm: Crm) -> None:
    assert crm.json("user", "show", "admin")["role"] == "admin"


def test_user_add_list_show_edit(crm: Crm) -> None:
    row = crm.json("user", "add", "li", "--role", "manager", "--department", "华南区",
                   "--display", "李经理")  # fmt: skip
    assert row == {**row, "login": "li", "role": "manager", "department": "华南区",
                   "display": "李经理", "active": True, "supervisor": None}  # fmt: skip
    assert crm.json("user", "add", "wang", "--supervisor", "li")["role"] == "sales"
    assert [u["login"] for u in crm.json("user", "list")] == ["admin", "li", "wang"]
    assert crm.json("user", "show", "wang")["supervisor"] == "li"
    edited = crm.json("user", "edit", "wang", "--role", "manager", "--display", "王芳")
    assert (edited["role"], edited["display"]) == ("manager", "王芳")
    csv_out = crm.ok("user", "list", "-f", "csv").stdout.splitlines()
    assert csv_out[0] == "login,display,role,department,supervisor,active"


def test_user_refusals(crm: Crm) -> None:
    crm.ok("user", "add", "wang")
    crm.fails(3, "user", "add", "wang")
    crm.fails(1, "user", "add", "bad name")
    crm.fails(1, "user", "add", "li", "--role", "boss")
    crm.fails(4, "user", "add", "li", "--supervisor", "nobody")
    crm.fails(4, "user", "show", "nobody")
    crm.fails(1, "user", "edit", "admin", "--role", "sales")  # the last admin stays
    assert [u["login"] for u in crm.json("user", "list")] == ["admin", "wang"]


def test_only_admins_manage_users(crm: Crm) -> None:
    crm.ok("user", "add", "wang")
    assert "admin" in crm.fails(5, "user", "add", "li", user="wang")
    crm.fails(5, "user", "edit", "wang", "--role", "admin", user="wang")
    crm.fails(5, "user", "deactivate", "admin", user="wang")
    assert [u["login"] for u in crm.json("user", "list")] == ["admin", "wang"]


def test_unknown_acting_user_is_denied(crm: Crm) -> None:
    assert "nobody" in crm.fails(5, "customer", "list", user="nobody")
    crm.fails(5, "customer", "add", "甲公司", user="nobody")
    assert crm.codes() == []
    assert [u["login"] for u in crm.json("user", "list")] == ["admin"]


def test_deactivated_user_is_denied(crm: Crm) -> None:
    crm.ok("user", "add", "wang")
    result = crm.ok("user", "deactivate", "wang")
    assert "Deactivated wang" in result.stderr
    assert crm.json("user", "show", "wang")["active"] is False
    assert "deactivated" in crm.fails(5, "customer", "list", user="wang")
    crm.ok("user", "edit", "wang", "--active")
    assert crm.json("customer", "list", user="wang") == []


def test_user_option_and_env_both_choose_the_actor(crm: Crm) -> None:
    crm.ok("user", "add", "wang")
    crm.ok("user", "add", "chen")
    assert crm.add("甲公司", user="wang")["owner"] == "wang"
    row = json.loads(crm.ok("--user", "chen", "customer", "add", "乙公司", "-f", "json",
                            user=None).stdout)  # fmt: skip
    assert row["owner"] == "chen"
    # The option beats the environment.
    row = json.loads(crm.ok("-u", "chen", "customer", "add", "丙公司", "-f", "json",
                            user="wang").stdout)  # fmt: skip
    assert row["owner"] == "chen"


def test_configured_user_is_the_fallback(crm: Crm) -> None:
    crm.ok("user", "add", "wang")
    result = crm.ok("config", "set", "user", "wang")
    assert str(crm.config_dir / "config.json") in result.stderr
    assert crm.add("甲公司", user=None)["owner"] == "wang"
    assert crm.add("乙公司", user="admin")["owner"] == "admin"


def test_personal_settings_live_in_the_config_file(crm: Crm) -> None:
    crm.ok("config", "set", "format", "csv")
    crm.ok("config", "set", "database", crm.db_url)
    crm.ok("config", "set", "user", "admin")
    data = json.loads((crm.config_dir / "config.json").read_text(encoding="utf-8"))
    assert data == {"format": "csv", "database": crm.db_url, "user": "admin"}
    assert crm.ok("config", "get", "format").stdout == "csv\n"
    rows = crm.json("config", "list")
    personal = {r["key"]: r["value"] for r in rows if r["scope"] == "personal"}
    # Every personal key is listed, the ones not set empty (the keys grow: hooks, mail …).
    assert {k: v for k, v in personal.items() if v} == {
        "user": "admin", "format": "csv", "database": crm.db_url,
    }  # fmt: skip
    assert {"csv.excel", "hooks.timeout"} <= set(personal)
    crm.ok("config", "set", "format", "")  # empty removes it
    assert "format" not in json.loads((crm.config_dir / "config.json").read_text("utf-8"))


def test_a_password_is_listed_as_set_never_printed(crm: Crm) -> None:
    crm.ok("config", "set", "mail.password", "s3cret-pw")
    listed = crm.ok("config", "list").stdout + crm.ok("config", "list", "-f", "json").stdout
    assert "s3cret-pw" not in listed and "********" in listed
    assert crm.ok("config", "get", "mail.password").stdout == "s3cret-pw\n"  # asked by name


def test_configured_database_is_used_without_env(crm: Crm) -> None:
    crm.add("甲公司")
    other = crm.tmp_path / "other.db"
    crm.ok("config", "set", "database", f"sqlite:///{other}")
    out = crm.ok("customer", "list", "-f", "json", CRM_DATABASE_URL=None).stdout
    assert json.loads(out) == [] and other.exists()
    assert crm.codes() == ["C000001"]  # the environment beats the config file
    result = crm.ok("--db", str(crm.db_url), "customer", "list", "-f", "json",
                    CRM_DATABASE_URL=None)  # fmt: skip
    assert [c["code"] for c in json.loads(result.stdout)] == ["C000001"]


def test_bad_personal_format_is_refused(crm: Crm) -> None:
    crm.fails(1, "config", "set", "format", "yaml")
    assert not (crm.config_dir / "config.json").exists()


def test_team_setting_changes_the_customer_code_prefix(crm: Crm) -> None:
    assert crm.add("甲公司")["code"] == "C000001"
    assert crm.ok("config", "get", "code.customer_prefix").stdout == "C\n"
    crm.ok("config", "set", "code.customer_prefix", "KH")
    assert crm.ok("config", "get", "code.customer_prefix").stdout == "KH\n"
    assert crm.add("乙公司")["code"] == "KH000002"
    team = {r["key"]: r["value"] for r in crm.json("config", "list") if r["scope"] == "team"}
    assert team["code.customer_prefix"] == "KH"


def test_team_settings_are_for_admins(crm: Crm) -> None:
    crm.ok("user", "add", "wang")
    crm.fails(5, "config", "set", "code.customer_prefix", "KH", user="wang")
    assert crm.ok("config", "get", "code.customer_prefix", user="wang").stdout == "C\n"


def test_bad_team_setting_values_are_refused(crm: Crm) -> None:
    crm.fails(1, "config", "set", "code.customer_prefix", "K-1")
    crm.fails(1, "config", "set", "code.width", "99")
    crm.fails(1, "config", "set", "no.such.key", "1")
    crm.fails(1, "config", "get", "no.such.key")
    assert crm.ok("config", "get", "code.customer_prefix").stdout == "C\n"
    assert crm.add("甲公司")["code"] == "C000001"


def test_home_parts_per_role_are_checked(crm: Crm) -> None:
    crm.ok("config", "set", "home.sales", "digest,pool")
    assert crm.ok("config", "get", "home.sales").stdout.strip() == "digest,pool"
    crm.fails(1, "config", "set", "home.sales", "digest,weather")
