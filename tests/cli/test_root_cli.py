"""The root command builds only the command it runs; that must not change what users see."""

from __future__ import annotations

from conftest import Crm


def test_help_of_one_command_names_the_whole_path(crm: Crm) -> None:
    usage = crm.ok("customer", "add", "--help").stdout
    assert " customer add [OPTIONS]" in usage


def test_a_mistyped_command_is_suggested_from_all_of_them(crm: Crm) -> None:
    result = crm.run("customer", "ad")
    assert result.exit_code == 2
    assert "Did you mean 'add'?" in result.stderr


def test_the_group_help_lists_every_command(crm: Crm) -> None:
    listing = crm.ok("customer", "--help").stdout
    for verb in ("add", "list", "show", "transfer", "delegate", "purge", "status", "field"):
        assert verb in listing


def test_nested_groups_and_single_command_nouns_still_work(crm: Crm) -> None:
    statuses = crm.json("customer", "status", "list")
    assert [s["name"] for s in statuses][:2] == ["potential", "intent"]
    assert " demo [OPTIONS]" in crm.ok("demo", "--help").stdout
