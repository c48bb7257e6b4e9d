"""The Chinese interface (issue 17): help, headers, errors; machine output stays stable."""

from __future__ import annotations

import json

from tests.cli.conftest import Crm

ZH = {"LANG": "zh_CN.UTF-8"}


def test_help_follows_the_language_setting(crm: Crm) -> None:
    crm.ok("config", "set", "language", "zh")
    root = crm.ok("--help").stdout
    assert "用法：" in root and "选项：" in root and "客户：新建、查找" in root
    add = crm.ok("customer", "add", "--help").stdout
    assert "新建客户；提示可能的重复客户。" in add and "选项" in add and "显示此帮助并退出" in add
    crm.ok("config", "set", "language", "en")  # the setting beats a Chinese locale
    add = crm.ok("customer", "add", "--help", **ZH).stdout
    assert "Add a customer" in add and "Options" in add and "选项" not in add


def test_help_follows_the_locale(crm: Crm) -> None:
    assert "输出一项设置的值" in crm.ok("config", "get", "--help", **ZH).stdout
    english = crm.ok("config", "get", "--help", LC_ALL="C", **ZH).stdout  # LC_ALL first
    assert "Print one setting's value" in english
    assert "Print one setting's value" in crm.ok("config", "get", "--help").stdout


def test_language_setting_is_checked(crm: Crm) -> None:
    assert "invalid language 'fr'" in crm.fails(1, "config", "set", "language", "fr")
    crm.ok("config", "set", "language", "zh_CN")
    assert crm.ok("config", "get", "language").stdout.strip() == "zh"


def test_headers_for_people_keys_for_machines(crm: Crm) -> None:
    crm.add("华为技术", "--city", "深圳")
    english = crm.customers()
    table = crm.ok("customer", "list", "-f", "table", **ZH).stdout
    assert "编号" in table and "负责人" in table and "code" not in table
    plain = crm.ok("customer", "show", english[0]["code"], "-f", "plain", **ZH).stdout
    assert plain.startswith("编号")
    assert json.loads(crm.ok("customer", "list", "-f", "json", **ZH).stdout) == english
    csv = crm.ok("customer", "list", "-f", "csv", **ZH).stdout
    assert csv.startswith("code,name,status,owner,city")
    for env in ({}, ZH):  # Chinese CSV headers on request, in either language
        csv = crm.ok("customer", "list", "-f", "csv", "--headers", "zh", **env).stdout
        assert csv.splitlines()[0].startswith("编号,名称,状态,负责人,城市")
        assert "华为技术" in csv


def test_bad_headers_value(crm: Crm) -> None:
    line = crm.fails(1, "customer", "list", "-f", "csv", "--headers", "fr")
    assert line == "Error: unknown headers 'fr'; choose one of: en, zh"


def test_errors_in_the_users_language_same_exit_code(crm: Crm) -> None:
    assert crm.fails(1, "customer", "list", "-f", "xml").startswith("Error: unknown format")
    result = crm.run("customer", "list", "-f", "xml", **ZH)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "错误：未知格式 'xml'；可选：table, plain, csv, tsv, json, jsonl, markdown\n"
    )
    result = crm.run("customer", "list", "--limit", "-1", **ZH)
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：--limit 无效：-1，应在 0 到")


def test_click_usage_errors_in_chinese(crm: Crm) -> None:
    result = crm.run("customer", "add", "--bogus", **ZH)
    assert result.exit_code == 2
    assert "用法：" in result.stderr and "查看帮助" in result.stderr
    assert result.stderr.splitlines()[-1] == "错误：没有该选项：--bogus"
    result = crm.run("customer", "list", "--limit", "x", **ZH)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "错误：'--limit' / '-n' 的值无效：'x' 不是整数"
    missing = crm.run("customer", "add", **ZH)
    assert missing.exit_code == 2 and "错误：缺少参数 'name'。" in missing.stderr


def test_english_again_after_a_chinese_run(crm: Crm) -> None:
    """One process, several commands (as here and in the TUI): no Chinese left behind."""
    crm.ok("customer", "list", "--help", **ZH)
    text = crm.ok("customer", "list", "--help").stdout
    assert "Options" in text and "Show this message and exit." in text
    assert crm.run("customer", "add", "--bogus").stderr.endswith("Error: No such option: --bogus\n")


def test_command_messages_in_chinese(crm: Crm) -> None:
    code = crm.add("华为技术")["code"]
    refused = crm.run("customer", "delete", code, **ZH)
    assert refused.exit_code == 1
    assert refused.stderr == "错误：删除 1 个客户：没有终端时拒绝；请加 --yes\n"
    assert crm.ok("customer", "delete", code, "--yes", **ZH).stderr == "已删除 1 个客户。\n"
