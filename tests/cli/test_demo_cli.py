"""`crm demo`: the summary on stderr, counts as JSON on request, admins only."""

from __future__ import annotations

import json

from tests.cli.conftest import Crm


def test_demo_fills_the_database_and_prints_counts(crm: Crm) -> None:
    result = crm.ok("demo", "--seed", "1", "-f", "json")
    counts = json.loads(result.stdout)
    assert (counts["customers"], counts["users"]) == (200, 6)
    assert (counts["first_code"], counts["last_code"]) == ("C000001", "C000200")
    assert result.stderr == (f"Added 200 customers, {counts['contacts']} contacts, 6 users\n")
    listed = crm.customers()
    assert len(listed) == 200 and {c["owner"] for c in listed} >= {"wang", "zhao", "chen"}
    assert len(crm.json("contact", "list")) == counts["contacts"]


def test_a_second_run_adds_more_and_keeps_the_team(crm: Crm) -> None:
    crm.ok("demo", "--size", "30", "--seed", "2")
    again = crm.ok("demo", "--size", "30", "--seed", "2")
    assert again.stdout == "" and again.stderr.startswith("Added 30 customers, ")
    assert again.stderr.endswith(" contacts, 0 users\n")
    codes = crm.codes()
    assert len(codes) == len(set(codes)) == 60
    assert crm.add("新客户测试有限公司")["code"] == "C000061"


def test_search_finds_demo_customers(crm: Crm) -> None:
    crm.ok("demo", "--size", "40", "--seed", "3")
    first = crm.customers("--sort", "code", "--limit", "1")[0]
    part = first["name"][1:5]
    assert first["code"] in [c["code"] for c in crm.customers("--search", part)]


def test_sales_may_not_run_it(crm: Crm) -> None:
    crm.ok("demo", "--size", "5")
    line = crm.fails(5, "demo", "--size", "5", user="wang")
    assert "admin" in line
    assert len(crm.customers()) == 5


def test_a_bad_size_is_refused(crm: Crm) -> None:
    line = crm.fails(1, "demo", "--size", "lots")
    assert "small" in line and "large" in line
    assert crm.customers() == []


def test_today_of_a_demo_salesperson_has_service_tickets(crm: Crm) -> None:
    crm.ok("demo", "--seed", "1")
    counts = crm.json("today", "-f", "json", user="zhao")["counts"]
    assert counts["service_open"] + counts["service_due"] > 0
    assert "Service tickets" in crm.ok("today", user="zhao").stdout


def test_today_and_the_agenda_of_a_demo_salesperson_show_the_calendar(crm: Crm) -> None:
    crm.ok("demo", "--size", "40", "--seed", "1")
    today = crm.json("today", user="wang")
    assert today["counts"]["schedule"] > 0
    assert "Today's events" in crm.ok("today", user="wang").stdout
    assert crm.json("agenda", "--week", user="wang")
    assert crm.json("agenda", "--week", "--user", "wang", user="li")  # her manager
