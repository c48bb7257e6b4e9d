"""`crm customer list`: search, filters with every --where operator, sort, limit, formats."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

A, B, C = "C000001", "C000002", "C000003"


@pytest.fixture
def three(crm: Crm) -> Crm:
    """Alpha (上海, 2024, 华南), Bravo (北京, 2025, 华北), Charlie (广州, 2026, no region)."""
    alpha = "--city 上海 --registered 2024-01-10 --field region=华南 --status intent"
    bravo = "--city 北京 --registered 2025-06-01 --field region=华北 --level A"
    crm.add("Alpha Trading", *alpha.split(), "--email", "a@alpha.example")
    crm.add("Bravo Foods", *bravo.split())
    crm.add("Charlie Motors", "--city", "广州", "--registered", "2026-01-01")
    return crm


def where(crm: Crm, *clauses: str) -> list[str]:
    args: list[str] = []
    for clause in clauses:
        args += ["--where", clause]
    return crm.codes(*args)


TEXT_CASES = [
    ("name = Bravo Foods", [B]),
    ("name != Bravo Foods", [A, C]),
    ("name < Bravo", [A]),
    ("name > Bravo", [B, C]),
    ("name <= Bravo Foods", [A, B]),
    ("name >= Bravo Foods", [B, C]),
    ("name contains Foods", [B]),
    ("name starts-with Ch", [C]),
    ("name in Alpha Trading,Charlie Motors", [A, C]),
    ("name between Alpha Trading,Bravo Foods", [A, B]),
    ("email empty", [B, C]),
    ("email not-empty", [A]),
    ("city = 上海", [A]),
    ("level = A", [B]),
]
DATE_CASES = [
    ("registered = 2025-06-01", [B]),
    ("registered != 2025-06-01", [A, C]),
    ("registered < 2025-06-01", [A]),
    ("registered > 2025-06-01", [C]),
    ("registered <= 2025-06-01", [A, B]),
    ("registered >= 2025-06-01", [B, C]),
    ("registered between 2024-01-01,2025-12-31", [A, B]),
    ("registered in 2024-01-10,2026-01-01", [A, C]),
    ("registered contains 2025", [B]),
    ("registered starts-with 2026", [C]),
    ("registered empty", []),
    ("registered not-empty", [A, B, C]),
    ("registered < today", [A, B, C]),
]
CUSTOM_CASES = [
    ("custom.region = 华南", [A]),
    ("custom.region < 华南", [B]),
    ("custom.region > 华北", [A]),
    ("custom.region <= 华北", [B]),
    ("custom.region >= 华北", [A, B]),
    ("custom.region contains 南", [A]),
    ("custom.region starts-with 华", [A, B]),
    ("custom.region in 华南,华东", [A]),
    ("custom.region between 华北,华南", [A, B]),
    ("custom.region empty", [C]),
    ("custom.region not-empty", [A, B]),
    ("region = 华北", [B]),
]


@pytest.mark.parametrize(("clause", "expected"), TEXT_CASES + DATE_CASES + CUSTOM_CASES)
def test_where_operators(three: Crm, clause: str, expected: list[str]) -> None:
    assert where(three, clause) == expected


def test_where_not_equal_on_a_custom_field_includes_customers_without_it(three: Crm) -> None:
    # Like `city != 上海` includes customers with no city, and `empty` counts a missing
    # custom value as empty: a customer without a region is not in 华南.
    assert where(three, "custom.region != 华南") == [B, C]


def test_where_clauses_combine_with_and(three: Crm) -> None:
    assert where(three, "registered >= 2025-01-01", "name contains o") == [B, C]
    assert where(three, "registered >= 2025-01-01", "city = 北京") == [B]


def test_where_on_a_number_custom_field_compares_numbers(crm: Crm) -> None:
    crm.ok("customer", "field", "add", "employees", "--type", "number")
    for name, count in (("甲公司", "90"), ("乙公司", "150"), ("丙公司", "1000")):
        added = crm.add(name, "--field", f"employees={count}")
        assert added["custom"]["employees"] == count  # 1000, not 1E+3
    assert where(crm, "employees > 100") == [B, C]
    assert where(crm, "custom.employees between 100,500") == [B]


def test_search_finds_name_mnemonic_phone_and_email(crm: Crm) -> None:
    crm.add("中兴通讯", "--phone", "0755-26770000")
    crm.add("华为技术", "--email", "info@huawei.example")
    crm.add("Acme Ltd")
    assert crm.codes("--search", "中兴") == [A]
    assert crm.codes("--search", "zxtx") == [A]
    assert crm.codes("-s", "26770000") == [A]
    assert crm.codes("-s", "huawei") == [B]
    assert crm.codes("-s", "acme") == [C]
    assert crm.codes("-s", "nothing-like-this") == []


def test_search_finds_contact_names(crm: Crm) -> None:
    crm.add("中兴通讯")
    crm.add("华为技术")
    crm.ok("contact", "add", "C000002", "诸葛亮")
    assert crm.codes("-s", "诸葛") == [B]


def test_status_and_owner_filters(three: Crm) -> None:
    three.ok("user", "add", "wang")
    three.ok("customer", "transfer", C, "--to", "wang")
    assert three.codes("--status", "intent") == [A]
    assert three.codes("--status", "potential") == [B, C]
    assert three.codes("--owner", "wang") == [C]
    assert three.codes("--owner", "admin", "--status", "potential") == [B]


def test_sort_and_limit(three: Crm) -> None:
    names = [c["name"] for c in three.customers("--sort", "-name")]
    assert names == ["Charlie Motors", "Bravo Foods", "Alpha Trading"]
    assert [c["code"] for c in three.customers("--sort", "name")] == [A, B, C]
    assert [c["code"] for c in three.customers("--sort", "-registered")] == [C, B, A]
    assert [c["code"] for c in three.customers("--sort", "registered", "--limit", "2")] == [A, B]
    assert [c["code"] for c in three.customers()] == [C, B, A]  # newest first
    assert len(three.customers("-n", "1")) == 1


def test_fields_picks_columns_in_order(three: Crm) -> None:
    rows = three.customers("--fields", "name,code", "--sort", "name")
    assert rows[0] == {"name": "Alpha Trading", "code": A}
    out = three.ok("customer", "list", "--fields", "code,name", "-f", "csv", "--sort", "name")
    assert out.stdout.splitlines() == [
        "code,name", f"{A},Alpha Trading", f"{B},Bravo Foods", f"{C},Charlie Motors",
    ]  # fmt: skip


def test_every_format(three: Crm) -> None:
    def out(fmt: str) -> str:
        return three.ok("customer", "list", "--sort", "name", "-f", fmt).stdout

    rows = list(csv.DictReader(io.StringIO(out("csv"))))
    assert [r["code"] for r in rows] == [A, B, C] and rows[0]["city"] == "上海"
    tsv = out("tsv").splitlines()
    assert tsv[0].split("\t")[:2] == ["code", "name"] and tsv[1].startswith(f"{A}\tAlpha")
    assert [json.loads(line)["code"] for line in out("jsonl").splitlines()] == [A, B, C]
    assert [r["code"] for r in json.loads(out("json"))] == [A, B, C]
    markdown = out("markdown").splitlines()
    assert markdown[0].startswith("| code") and set(markdown[1]) <= set("|-: ")
    plain = out("plain").splitlines()
    assert plain[0].split()[:2] == ["code", "name"] and plain[1].startswith(A)
    table = out("table")
    assert "Alpha" in table and "code" in table and "┃" in table


def test_plain_is_the_default_off_a_terminal(three: Crm) -> None:
    result = three.ok("customer", "list")
    assert result.stdout.splitlines()[0].split()[:2] == ["code", "name"]


def test_crm_format_env_sets_the_default(three: Crm) -> None:
    stdout = three.ok("customer", "list", CRM_FORMAT="csv").stdout
    assert stdout.startswith("code,name,")
    assert three.ok("customer", "list", "-f", "json", CRM_FORMAT="csv").stdout.startswith("[")


def test_personal_format_setting_is_the_default(three: Crm) -> None:
    three.ok("config", "set", "format", "json")
    assert json.loads(three.ok("customer", "list").stdout)[0]["code"] == C
    # The environment beats the config file, an option beats both.
    assert three.ok("customer", "list", CRM_FORMAT="tsv").stdout.startswith("code\tname")
    assert three.ok("customer", "list", "-f", "csv").stdout.startswith("code,name")


def test_empty_list_says_so_on_stderr(crm: Crm) -> None:
    result = crm.ok("customer", "list")
    assert result.stdout == "" and "No customers" in result.stderr
    assert crm.json("customer", "list") == []
