"""Saved searches (CUS-6): `customer list --save NAME`, `--saved NAME`, `customer saved …`."""

from __future__ import annotations

import pytest
from conftest import Crm


@pytest.fixture
def shops(staff: Crm) -> Crm:
    staff.add("深圳中兴通讯", "--city", "深圳", "--level", "A")
    staff.add("深圳华为技术", "--city", "深圳", "--level", "B")
    staff.add("上海中兴分公司", "--city", "上海", "--level", "A")
    return staff


def names(rows: list[dict[str, object]]) -> list[object]:
    return sorted(r["name"] for r in rows)


def test_a_saved_search_comes_back_by_name(shops: Crm) -> None:
    first = shops.customers("--where", "city = 深圳", "--sort", "name", "--save", "深圳")
    again = shops.customers("--saved", "深圳")
    assert names(first) == names(again) == ["深圳中兴通讯", "深圳华为技术"]
    listed = shops.json("customer", "saved", "list")
    assert listed[0]["name"] == "深圳" and listed[0]["where"] == ["city = 深圳"]
    assert listed[0]["sort"] == "name"


def test_options_given_with_a_saved_search_narrow_it(shops: Crm) -> None:
    shops.ok("customer", "list", "--where", "city = 深圳", "--save", "深圳")
    assert names(shops.customers("--saved", "深圳", "--where", "level = A")) == ["深圳中兴通讯"]
    assert names(shops.customers("--saved", "深圳", "-s", "华为")) == ["深圳华为技术"]


def test_saving_again_under_a_name_replaces_it(shops: Crm) -> None:
    shops.ok("customer", "list", "--where", "city = 深圳", "--save", "mine")
    shops.ok("customer", "list", "--where", "city = 上海", "--save", "mine")
    assert names(shops.customers("--saved", "mine")) == ["上海中兴分公司"]
    assert len(shops.json("customer", "saved", "list")) == 1


def test_saved_searches_are_personal(shops: Crm) -> None:
    shops.ok("customer", "list", "--where", "city = 深圳", "--save", "深圳")
    shops.fails(4, "customer", "list", "--saved", "深圳", user="wang")
    assert shops.json("customer", "saved", "list", user="wang") == []
    # The same name is free for another user, with its own filters.
    shops.ok("customer", "list", "-s", "中兴", "--save", "深圳", user="wang")
    assert shops.json("customer", "saved", "list")[0]["where"] == ["city = 深圳"]


def test_a_bad_filter_is_not_saved(shops: Crm) -> None:
    shops.fails(1, "customer", "list", "--where", "colour = red", "--save", "bad")
    shops.fails(1, "customer", "list", "--where", "city = 深圳", "--save", "  ")
    assert shops.json("customer", "saved", "list") == []


def test_delete_forgets_a_search_and_an_unknown_one_is_not_found(shops: Crm) -> None:
    shops.ok("customer", "list", "--status", "potential", "--save", "new")
    shops.ok("customer", "saved", "delete", "new")
    assert shops.json("customer", "saved", "list") == []
    shops.fails(4, "customer", "saved", "delete", "new")
    shops.fails(4, "customer", "list", "--saved", "nothing")
    assert len(shops.customers()) == 3  # customers untouched
