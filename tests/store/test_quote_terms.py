"""Quotes found by query-language terms (SH-1): fields, tags, words, visibility, export."""

from __future__ import annotations

import pytest

from crm_cli.store.core.terms import BadTerm
from crm_cli.store.exports.quotes import quote_rows
from crm_cli.store.sales import orders, quotes
from crm_cli.store.sales.quote_terms import check_terms
from tests.conftest import Team
from tests.store.test_orders import NOW, Sales


@pytest.fixture
def offers(team: Team) -> Sales:
    """Q1 wang 服务器 3000 valid until 11-10, made into an order; Q2 wang 0.10 valid until
    12-31, audited; Q3 chen (Other Co) 2000, no valid-until day."""
    sales = Sales(team)
    add = quotes.add_quote
    add(team.wang, sales.acme.code, ["PC:3"], {"subject": "服务器", "valid_until": "2026-11-10"},
        now=NOW)  # fmt: skip
    add(team.wang, sales.acme.code, ["PEN:1"], {"valid_until": "2026-12-31"}, now=NOW)
    add(team.chen, sales.other.code, ["PC:2"], now=NOW)
    quotes.audit_quote(team.li, "Q000002", now=NOW)
    orders.add_order(team.wang, sales.acme.code, from_quote="Q000001", now=NOW)
    return sales


def find(actor, *terms: str, day: int = 2) -> list[str]:
    rows = quotes.iter_quotes(actor, terms=terms, now=NOW.replace(day=day))
    return sorted(r.code.removeprefix("Q0000") for r in rows)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (("total.over:1999",), ["01", "03"]), (("total.under:1",), ["02"]),
        (("valid.before:2026-12-01",), ["01"]), (("valid_until.after:2026-12-01",), ["02"]),
        (("valid:",), ["03"]), (("+audited",), ["02"]), (("-audited", "city:"), ["01", "03"]),
        (("+ordered",), ["01"]), (("-ordered",), ["02", "03"]),
        (("handler:chen",), ["03"]), (("customer:C000001", "-ordered"), ["02"]),
        (("服务器",), ["01"]), (("Other",), ["03"]), (("subject:",), ["02", "03"]),
        (("created.before:2026-11-03",), ["01", "02", "03"]),
    ],
)  # fmt: skip
def test_terms_select_quotes(offers: Sales, terms: tuple[str, ...], expected: list[str]) -> None:
    assert find(offers.team.admin, *terms) == expected


def test_expired_is_past_the_valid_until_day(offers: Sales) -> None:
    assert find(offers.team.admin, "+expired") == []
    assert find(offers.team.admin, "+expired", day=15) == ["01"]
    assert find(offers.team.admin, "-expired", day=15) == ["02", "03"]


def test_an_order_cancelled_or_deleted_does_not_count(offers: Sales) -> None:
    from crm_cli.store.sales import order_flow

    order_flow.cancel_order(offers.team.wang, "SO000001", reason="withdrawn", now=NOW)
    assert find(offers.team.admin, "+ordered") == []


def test_visibility_still_applies(offers: Sales) -> None:
    assert find(offers.team.chen, "total.over:0") == ["03"]
    assert find(offers.team.chen, "handler:wang") == []
    assert find(offers.team.wang, "+mine") == ["01", "02"]
    assert find(offers.team.wang, "handler:me", "-ordered") == ["02"]


def test_export_takes_the_same_terms(offers: Sales) -> None:
    found = {r["code"] for r in quote_rows(offers.team.admin, terms=("-ordered",), now=NOW)}
    assert found == {"Q000002", "Q000003"}
    assert {r["code"] for r in quote_rows(offers.team.chen, terms=("-audited",), now=NOW)} == {
        "Q000003"
    }


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("vaild.before:today", "unknown field 'vaild' in 'vaild.before:today' (did you mean "
         "valid?)"),
        ("total.over:lots", "bad amount 'lots' in 'total.over:lots'"),
        ("valid.before:tomorow", "bad date 'tomorow' in 'valid.before:tomorow': use "),
        ("+expird", "unknown tag '+expird' (did you mean +expired?); quote tags: +expired"),
        ("handler:nobody", "no user 'nobody' (in 'handler:nobody')"),
    ],
)  # fmt: skip
def test_a_bad_term_is_named(offers: Sales, term: str, message: str) -> None:
    with pytest.raises(BadTerm) as exc:
        check_terms(offers.team.admin, [term])
    assert str(exc.value).startswith(message)
