"""Query-language terms (SH-1) on the manager's and admin's lists that took none before:
campaigns, work reports, the approval inbox, targets, price books and users. One book,
built once for the module: the tests only read it (but for named filters of their own)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crm_cli.store.core import db
from tests.cli.conftest import _ENV_KEYS, Crm

TUE = "2026-12-08"  # 2026-W50


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crm]:
    """Users li (manager) over wang and zhao (sales), all in 华南; chen (sales) deactivated.
    Campaigns: CP000001 展会 (exhibition, from
    -10d to +10d, budget 50000, li's), CP000002 邮件 (email, from +30d, budget 2000,
    admin's). Work reports (as of TUE): WR000001 wang's week 2026-W49 拜访客户, submitted 2
    days late; WR000002 wang's day draft 写方案; WR000003 zhao's month 2026-12, submitted.
    Waiting for approval: wang's order SO000001 (2000) and quote Q000001 (1000) on 甲
    (C000001, 深圳), zhao's expense EX000001 (120.50 travel, on his 乙, C000002, 深圳), li's
    EX000002 (88). Targets: wang's 4 contacts in 2026-11, 华南's 100000 orders in 2026-Q4,
    zhao's 5000 orders in 2026-12. Price books: 代理商价 (VIP) prices PC, 空价 (A) nothing."""
    with pytest.MonkeyPatch.context() as patch:
        for key in _ENV_KEYS:
            patch.delenv(key, raising=False)
        crm = Crm(tmp_path_factory.mktemp("terms-admin-lists"))
        crm.ok("user", "add", "li", "--role", "manager", "--department", "华南")
        for login in ("wang", "zhao"):
            crm.ok("user", "add", login, "--role", "sales", "--supervisor", "li",
                   "--department", "华南")  # fmt: skip
        crm.ok("user", "add", "chen", "--role", "sales", "--display", "陈")
        crm.ok("campaign", "add", "展会", "--type", "exhibition", "--start", "-10d",
               "--end", "+10d", "--budget", "50000", "--owner", "li")  # fmt: skip
        crm.ok("campaign", "add", "邮件", "--type", "email", "--start", "+30d",
               "--budget", "2000")  # fmt: skip
        for user, period, text in (("wang", "--week=2026-W49", "拜访客户"),
                                   ("wang", "--day=2026-12-08", "写方案"),
                                   ("zhao", "--month=2026-12", "月总结")):  # fmt: skip
            kind, label = period.split("=")
            crm.ok("work-report", "write", label, kind, "--text", text, "--as-of", TUE, user=user)
        crm.ok("work-report", "submit", "2026-W49", "--as-of", TUE, user="wang")
        crm.ok("work-report", "submit", "2026-12", "--as-of", TUE, user="zhao")
        crm.ok("product", "add", "PC", "Desktop PC", "--price", "1000")
        crm.add("甲", "--city", "深圳", user="wang")
        crm.add("乙", "--city", "深圳", user="zhao")
        crm.ok("quote", "add", "C000001", "--line", "PC:1", user="wang")
        crm.ok("order", "add", "C000001", "--line", "PC:2", user="wang")
        crm.ok("order", "submit", "SO000001", user="wang")
        for user, amount, extra in (("zhao", "120.50", ("--customer", "C000002")),
                                    ("li", "88", ())):  # fmt: skip
            crm.ok("expense", "add", "--amount", amount, "--category", "travel", *extra,
                   user=user)  # fmt: skip
        crm.ok("expense", "submit", "EX000001", user="zhao")
        crm.ok("expense", "submit", "EX000002", user="li")
        for who, period, metric in (
            (("--user", "wang"), "2026-11", ("--contacts", "4")),
            (("--department", "华南"), "2026-Q4", ("--orders", "100000")),
            (("--user", "zhao"), "2026-12", ("--orders", "5000")),
        ):
            crm.ok("target", "set", *who, "--period", period, *metric)  # fmt: skip
        crm.ok("pricebook", "add", "代理商价", "--group", "VIP")
        crm.ok("pricebook", "set", "代理商价", "PC", "900")
        crm.ok("pricebook", "add", "空价", "--group", "A")
        crm.ok("user", "deactivate", "chen")
        yield crm
    db.close_store()


def codes(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(r["code"] for r in rows)


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["type:email"], "admin", ["CP000002"]),
        (["budget.over:1万"], "admin", ["CP000001"]),
        (["+mine"], "li", ["CP000001"]),
        (["-active"], "admin", ["CP000002"]),
        (["start.after:today", "邮件"], "admin", ["CP000002"]),
    ],
)  # fmt: skip
def test_campaign_list_takes_campaign_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert codes(book.json("campaign", "list", *args, user=user)) == expected


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["kind:week"], "admin", ["WR000001"]),
        (["+late"], "admin", ["WR000001"]),
        (["+draft"], "wang", ["WR000002"]),
        (["author:me", "kind:日报"], "wang", ["WR000002"]),
        (["author:zhao"], "li", ["WR000003"]),
        (["客户", "-commented"], "admin", ["WR000001"]),
        (["+draft"], "li", []),  # wang's draft: his own until he submits it
    ],
)  # fmt: skip
def test_work_report_list_takes_report_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert codes(book.json("work-report", "list", *args, user=user)) == expected


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["kind:expense"], "admin", ["EX000001", "EX000002"]),
        (["kind:报价"], "admin", ["Q000001"]),
        (["owner:zhao"], "admin", ["EX000001"]),
        (["customer:"], "admin", ["EX000002"]),
        (["city:深圳", "kind.not:order"], "admin", ["EX000001", "Q000001"]),
        (["amount.over:1000"], "admin", ["SO000001"]),
        (["since.before:today"], "admin", []),
        (["travel"], "li", ["EX000001"]),  # li's own expense waits for the admin
    ],
)  # fmt: skip
def test_approvals_list_takes_approval_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert codes(book.json("approvals", "list", *args, user=user)) == expected


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["metric:contacts"], "li", [("2026-11", "wang", "contacts")]),
        (["user:"], "li", [("2026-Q4", "华南", "orders")]),
        (["kind:季度"], "li", [("2026-Q4", "华南", "orders")]),
        (["amount.under:1万"], "li", [("2026-11", "wang", "contacts"),
                                      ("2026-12", "zhao", "orders")]),
        (["+current", "--as-of", "2026-12-10"], "li", [("2026-12", "zhao", "orders"),
                                                        ("2026-Q4", "华南", "orders")]),
        (["+mine"], "wang", [("2026-11", "wang", "contacts")]),
    ],
)  # fmt: skip
def test_target_list_takes_target_terms(
    book: Crm, args: list[str], user: str, expected: list[tuple[str, str, str]]
) -> None:
    rows = book.json("target", "list", "--as-of", "2026-11-15", *args, user=user)
    assert sorted((r["period"], r["name"], r["metric"]) for r in rows) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["group:VIP"], ["代理商价"]),
        (["+empty"], ["空价"]),
        (["products.over:0"], ["代理商价"]),
        (["-empty", "group.not:A", "代理"], ["代理商价"]),
    ],
)  # fmt: skip
def test_pricebook_list_takes_pricebook_terms(
    book: Crm, args: list[str], expected: list[str]
) -> None:
    assert [r["name"] for r in book.json("pricebook", "list", *args)] == expected


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["role:sales"], "admin", ["chen", "wang", "zhao"]),
        (["role:经理"], "admin", ["li"]),
        (["supervisor:me"], "li", ["wang", "zhao"]),
        (["department:华南", "-active"], "admin", []),
        (["-active"], "wang", ["chen"]),
        (["supervisor:", "+active", "department:"], "admin", ["admin"]),
        (["陈"], "admin", ["chen"]),
    ],
)  # fmt: skip
def test_user_list_takes_user_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert [r["login"] for r in book.json("user", "list", *args, user=user)] == expected


def test_a_named_filter_narrows_an_admin_list(book: Crm) -> None:
    book.ok("config", "set", "filter.team", "department:华南 +active", user="li")
    assert [r["login"] for r in book.json("user", "list", "@team", "role:sales", user="li")] == [
        "wang", "zhao"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["campaign", "list", "budgt.over:5"], "unknown field 'budgt' in 'budgt.over:5' (did "
         "you mean budget?); campaign fields: code,"),
        (["campaign", "list", "+activ"], "unknown tag '+activ' (did you mean +active?)"),
        (["work-report", "list", "kind:year"], "unknown kind 'year'; use one of: day, week, month (in 'kind:year')"),
        (["work-report", "list", "athor:me"], "unknown field 'athor' in 'athor:me' (did you "
         "mean author?); work report fields: code,"),
        (["approvals", "list", "kind:invoice"], "unknown kind 'invoice'; use one of: order, "
         "quote, expense (in 'kind:invoice')"),
        (["approvals", "list", "ownr:me"], "unknown field 'ownr' in 'ownr:me' (did you mean "
         "owner?); approval fields: kind,"),
        (["target", "list", "metric:sales"], "unknown metric 'sales'"),
        (["target", "list", "+curent"], "unknown tag '+curent' (did you mean +current?); "
         "target tags: +mine, +current"),
        (["pricebook", "list", "products.over:many"], "bad number 'many' in "
         "'products.over:many'"),
        (["pricebook", "list", "grop:VIP"], "unknown field 'grop' in 'grop:VIP' (did you "
         "mean group?); price book fields: name,"),
        (["user", "list", "role:boss"], "unknown role 'boss'"),
        (["user", "list", "supervisor:nobody"], "no user 'nobody' (in 'supervisor:nobody')"),
        (["user", "list", "+activ"], "unknown tag '+activ' (did you mean +active?); user "
         "tags: +active"),
    ],
)  # fmt: skip
def test_a_bad_term_prints_one_line(book: Crm, args: list[str], message: str) -> None:
    assert book.fails(1, *args).startswith(f"Error: {message}")


def test_the_face_knows_every_tag() -> None:
    from crm_cli.commands._terms import TAGS
    from crm_cli.store.campaigns import campaign_terms
    from crm_cli.store.core import user_terms
    from crm_cli.store.overview import approval_terms
    from crm_cli.store.sales import pricebook_terms
    from crm_cli.store.targets import target_terms
    from crm_cli.store.workreports import report_terms

    for vocabulary in (campaign_terms, report_terms, approval_terms, target_terms,
                       pricebook_terms, user_terms):  # fmt: skip
        assert set(vocabulary.TAGS) <= TAGS
