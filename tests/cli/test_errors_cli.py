"""Bad input: the exact exit code, one `Error:` line on stderr, and nothing changed.

CLI.md: 1 invalid input or a refused rule, 2 usage (unknown option, missing argument),
3 conflict, 4 not found, 5 permission denied. A bad *value* of a known option (such as
`--format yaml`) is invalid input (1); only what Click itself cannot parse is usage (2).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


@pytest.fixture
def one(crm: Crm) -> Crm:
    crm.add("中兴通讯", "--city", "深圳")
    return crm


def refused(crm: Crm, code: int, *args: str, **env: str | None) -> str:
    before = crm.snapshot()
    log = crm.log("C000001")
    message = crm.fails(code, *args, **env)
    assert crm.snapshot() == before
    assert crm.log("C000001") == log
    return message


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_empty_name(one: Crm, name: str) -> None:
    assert "must not be empty" in refused(one, 1, "customer", "add", name)
    refused(one, 1, "customer", "edit", "C000001", "--name", name)


def test_unknown_status(one: Crm) -> None:
    message = refused(one, 1, "customer", "add", "甲公司", "--status", "vip")
    assert "unknown status 'vip'" in message and "potential" in message
    refused(one, 1, "customer", "edit", "C000001", "--status", "vip")
    refused(one, 1, "customer", "list", "--status", "vip")


def test_unknown_owner_is_not_found(one: Crm) -> None:
    assert "nobody" in refused(one, 4, "customer", "add", "甲公司", "--owner", "nobody")
    refused(one, 4, "customer", "list", "--owner", "nobody")


def test_unknown_field_in_where(one: Crm) -> None:
    message = refused(one, 1, "customer", "list", "--where", "colour = red")
    assert "unknown field 'colour'" in message and "city" in message
    refused(one, 1, "customer", "update", "--set", "level=A", "--where", "colour = red", "--yes")


@pytest.mark.parametrize("clause", ["city", "city ~ 深圳", "= 深圳", "city between 深圳"])
def test_malformed_where(one: Crm, clause: str) -> None:
    refused(one, 1, "customer", "list", "--where", clause)
    refused(one, 1, "customer", "update", "--set", "level=A", "--where", clause, "--yes")


def test_malformed_where_names_the_operators(one: Crm) -> None:
    message = refused(one, 1, "customer", "list", "--where", "city")
    assert "FIELD OP VALUE" in message and "starts-with" in message


@pytest.mark.parametrize("value", ["2026-13-45", "2026-02-30", "soon", "+3x"])
def test_malformed_date(one: Crm, value: str) -> None:
    assert "invalid date" in refused(one, 1, "customer", "add", "甲公司", "--registered", value)
    refused(one, 1, "customer", "edit", "C000001", "--registered", value)
    refused(one, 1, "customer", "list", "--where", f"registered > {value}")


def test_malformed_until(one: Crm) -> None:
    one.ok("user", "add", "wang")
    refused(one, 1, "customer", "delegate", "C000001", "--to", "wang", "--until", "soon")


def test_bad_email(one: Crm) -> None:
    assert "not-an-email" in refused(one, 1, "customer", "add", "甲公司", "--email", "not-an-email")
    refused(one, 1, "customer", "edit", "C000001", "--email", "a@@b.com")


def test_bad_phone(one: Crm) -> None:
    assert "'abc'" in refused(one, 1, "customer", "add", "甲公司", "--phone", "abc")
    refused(one, 1, "customer", "edit", "C000001", "--phone", "12")


def test_bad_custom_fields(one: Crm) -> None:
    refused(one, 1, "customer", "add", "甲公司", "--field", "region")
    refused(one, 1, "customer", "add", "甲公司", "--field", "Bad-Key=x")
    refused(one, 1, "customer", "add", "甲公司", "--field", "city=上海")  # a built-in one


def test_ambiguous_name_lists_the_candidates(one: Crm) -> None:
    one.add("华为技术")
    one.add("华为技术", "--allow-duplicate")
    message = refused(one, 1, "customer", "show", "华为技术")
    assert "C000002" in message and "C000003" in message
    refused(one, 1, "customer", "edit", "华为技术", "--city", "深圳")
    assert one.json("customer", "show", "C000003")["name"] == "华为技术"


def test_not_found(one: Crm) -> None:
    assert "C000099" in refused(one, 4, "customer", "show", "C000099")
    refused(one, 4, "customer", "edit", "C000099", "--city", "上海")
    refused(one, 4, "customer", "delete", "C000001", "C000099", "--yes")
    refused(one, 4, "customer", "log", "没有这家")


def test_database_that_cannot_be_opened(one: Crm) -> None:
    message = refused(one, 1, "--db", "sqlite:////nonexistent/dir/x.db", "customer", "list")
    assert message.startswith("Error: cannot open database sqlite:////nonexistent/dir/x.db")
    refused(one, 1, "--db", "nosuch://host/db", "customer", "list")
    refused(one, 1, "customer", "list", CRM_DATABASE_URL="sqlite:////nonexistent/dir/x.db")


@pytest.mark.parametrize("where", ["option", "env", "config"])
def test_unknown_format_is_invalid_input_before_acting(one: Crm, where: str) -> None:
    args = ["customer", "add", "甲公司"]
    env: dict[str, str | None] = {}
    if where == "option":
        args += ["-f", "yaml"]
    elif where == "env":
        env["CRM_FORMAT"] = "yaml"
    else:
        one.config_dir.mkdir(parents=True, exist_ok=True)
        (one.config_dir / "config.json").write_text(json.dumps({"format": "yaml"}))
    message = one.fails(1, *args, **env)
    assert "unknown format 'yaml'" in message and "json" in message
    if where == "config":
        one.ok("config", "set", "format", "json")  # the way out still works
    assert one.codes() == ["C000001"]


def test_unknown_fields_are_refused_before_acting(one: Crm) -> None:
    assert "nosuch" in refused(one, 1, "customer", "add", "甲公司", "--fields", "code,nosuch")
    refused(one, 1, "customer", "edit", "C000001", "--city", "上海", "--fields", "nosuch")
    refused(one, 1, "customer", "list", "--fields", "nosuch")
    assert one.json("customer", "add", "甲公司", "--fields", "Code,NAME") == {
        "code": "C000002", "name": "甲公司",
    }  # fmt: skip


def test_unreadable_config_file(one: Crm) -> None:
    before = one.snapshot()
    one.config_dir.mkdir(parents=True, exist_ok=True)
    (one.config_dir / "config.json").write_text("{not json")
    assert "cannot read" in one.fails(1, "customer", "list", "-f", "json")
    one.fails(1, "customer", "add", "甲公司")
    assert "cannot read" in one.fails(1, "config", "set", "format", "json")
    assert (one.config_dir / "config.json").read_text() == "{not json"  # not overwritten
    (one.config_dir / "config.json").unlink()
    assert one.snapshot() == before


def test_bad_limit_and_sort(one: Crm) -> None:
    refused(one, 1, "customer", "list", "--limit", "-1")
    assert "cannot sort customers by 'colour'" in refused(
        one, 1, "customer", "list", "--sort", "colour"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["customer", "list", "--bogus"],
        ["customer", "add"],
        ["customer", "list", "--limit", "many"],
        ["customer", "nosuchcommand"],
        ["--nosuch", "customer", "list"],
    ],
)
def test_usage_errors_exit_2(one: Crm, args: list[str]) -> None:
    before = one.snapshot()
    result = one.run(*args)
    assert result.exit_code == 2, result.output
    assert "Error:" in result.stderr and result.stdout == ""
    assert one.snapshot() == before
