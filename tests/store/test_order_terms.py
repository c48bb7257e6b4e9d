"""Orders found by query-language terms (SH-1): fields, tags, words, visibility, export."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.core.terms import BadTerm
from crm_cli.store.exports.orders import order_rows
from crm_cli.store.sales import order_flow, order_lists, orders, payments
from crm_cli.store.sales.order_terms import check_terms
from tests.conftest import Team
from tests.store.test_orders import NOW, Sales

LATER = dt.datetime(2027, 1, 15, 9, 0)


@pytest.fixture
def books(team: Team) -> Sales:
    """SO1 wang 服务器 3000 in 3 installments from 11-10, 1200 received; SO2 wang 1000 due
    12-31, no plan; SO3 wang draft 0.10; SO4 chen (Other Co) 2000 signed 10-01; SO5 wang
    0.10 paid in full."""
    sales = Sales(team)
    sales.approved("PC:3", due="2026-11-10", installments=3, subject="服务器")
    sales.approved("PC:1", due="2026-12-31")
    sales.order(None, "PEN:1")
    view = orders.add_order(team.chen, sales.other.code, lines=["PC:2"], signed="2026-10-01",
                            now=NOW)  # fmt: skip
    order_flow.submit_order(team.chen, view.order.code, now=NOW)
    order_flow.approve_order(team.admin, view.order.code, now=NOW)
    sales.approved("PEN:1")
    payments.record_payment(team.wang, "SO000001", "1200", now=NOW)
    payments.record_payment(team.wang, "SO000005", "0.10", now=NOW)
    return sales


def find(actor, *terms: str, now: dt.datetime = NOW) -> list[str]:
    rows = order_lists.iter_orders(actor, terms=terms, now=now)
    return sorted(r.code.removeprefix("SO0000") for r in rows)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (("status:approved",), ["01", "02", "04", "05"]),
        (("status:已审批", "owner.not:wang"), ["04"]),
        (("+draft",), ["03"]), (("-approved",), ["03"]),
        (("+owed",), ["01", "02", "04"]), (("-owed", "+approved"), ["05"]),
        (("balance.over:1500",), ["01", "04"]), (("balance.under:1",), ["03", "05"]),
        (("total.over:1999", "received:0"), ["04"]), (("received.over:0",), ["01", "05"]),
        (("due.before:2026-12-01",), ["01"]), (("due.after:2026-12-01",), ["02"]),
        (("signed.before:2026-10-15",), ["04"]),
        (("customer:C000002",), ["04"]), (("owner:chen",), ["04"]),
        (("服务器",), ["01"]), (("Other",), ["04"]),
        (("kind:服务费",), []), (("kind:sale", "status.in:draft,submitted"), ["03"]),
        (("code.in:SO000001,SO000002",), ["01", "02"]),
    ],
)  # fmt: skip
def test_terms_select_orders(books: Sales, terms: tuple[str, ...], expected: list[str]) -> None:
    assert find(books.team.admin, *terms) == expected


def test_overdue_is_the_receivables_rule(books: Sales) -> None:
    assert find(books.team.admin, "+overdue") == []
    # 2027-01-15: SO1's second installment (12-10) is open; SO2 has no plan, due 12-31.
    assert find(books.team.admin, "+overdue", now=LATER) == ["01", "02"]
    assert find(books.team.admin, "-overdue", "+owed", now=LATER) == ["04"]


def test_visibility_still_applies(books: Sales) -> None:
    assert find(books.team.chen, "status:approved") == ["04"]
    assert find(books.team.chen, "owner:wang") == []
    assert find(books.team.wang, "+mine", "+owed") == ["01", "02"]
    assert find(books.team.li, "owner:chen") == []


def test_export_takes_the_same_terms(books: Sales) -> None:
    found = {r["code"] for r in order_rows(books.team.admin, terms=("+owed", "-mine"), now=NOW)}
    assert found == {"SO000001", "SO000002", "SO000004"}
    assert {r["code"] for r in order_rows(books.team.chen, terms=("+owed",), now=NOW)} == {
        "SO000004"
    }


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("statu:draft", "unknown field 'statu' in 'statu:draft' (did you mean status?)"),
        ("status:nope", "unknown status 'nope'"),
        ("balance.over:lots", "bad amount 'lots' in 'balance.over:lots'"),
        ("due.before:tomorow", "bad date 'tomorow' in 'due.before:tomorow': use "),
        ("+owd", "unknown tag '+owd' (did you mean +owed?); order tags: +owed, +overdue"),
        ("owner:nobody", "no user 'nobody' (in 'owner:nobody')"),
    ],
)  # fmt: skip
def test_a_bad_term_is_named(books: Sales, term: str, message: str) -> None:
    with pytest.raises(BadTerm) as exc:
        check_terms(books.team.admin, [term])
    assert str(exc.value).startswith(message)
