"""The query language's grammar (SH-1): terms, quoting, Chinese, modifiers, tags, named
filters and every message it gives. No database."""

from __future__ import annotations

import pytest

from crm_cli.store.core import terms as t
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.terms import BadTerm, Term


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("city:深圳", Term("field", "city:深圳", "city", "", "深圳")),
        ("城市", Term("word", "城市", value="城市")),
        ("next.before:today", Term("field", "next.before:today", "next", "before", "today")),
        ("amount.over:5万", Term("field", "amount.over:5万", "amount", "over", "5万")),
        ("custom.region:华南", Term("field", "custom.region:华南", "custom.region", "", "华南")),
        ("custom.region.has:华", Term("field", "custom.region.has:华", "custom.region", "has", "华")),
        ("City：深圳", Term("field", "City：深圳", "city", "", "深圳")),
        ("city:", Term("field", "city:", "city", "", "")),
        ('city:"New York"', Term("field", 'city:"New York"', "city", "", "New York")),
        ("stage:报价", Term("field", "stage:报价", "stage", "", "报价")),
        ("+owed", Term("tag", "+owed", "owed")),
        ("-won", Term("tag", "-won", "won", negated=True)),
        ("+uncontacted30", Term("tag", "+uncontacted30", "uncontacted", number=30)),
        ("＋owed", Term("tag", "＋owed", "owed")),
        ("@hot", Term("named", "@hot", "hot")),
        ("+86", Term("word", "+86", value="+86")),
        ("10:30", Term("word", "10:30", value="10:30")),
        ("-2w", Term("word", "-2w", value="-2w")),
    ],
)  # fmt: skip
def test_one_term(text: str, expected: Term) -> None:
    assert t.parse_term(text) == expected


def test_a_line_splits_on_spaces_and_keeps_quoted_values_whole() -> None:
    line = 'owner:me  city:"New York" +owed　中兴'  # a full-width space too
    assert t.split(line) == [("owner:me", 0), ('city:"New York"', 10), ("+owed", 26), ("中兴", 32)]
    assert [x.value for x in t.parse_line(line)] == ["me", "New York", "", "中兴"]


def test_an_unclosed_quote_names_its_column() -> None:
    with pytest.raises(BadTerm, match=r"unclosed quote at column 6 in 'city:\"New'") as exc:
        t.split('city:"New')
    assert exc.value.position == 5 and isinstance(exc.value, InvalidInput)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("中兴 深圳", False), ("city:深圳 中兴", True), ("+owed", True), ("@hot", True),
     ("-won", True), ("0755-2677", False), ("+86 138", False), ('"oops', True)],
)  # fmt: skip
def test_what_a_search_box_reads_as_terms(text: str, expected: bool) -> None:
    assert t.looks_like_terms(text) is expected


def test_named_filters_expand_in_place_and_nest() -> None:
    named = {"hot": "level:A +uncontacted30", "sz": "city:深圳 @hot", "x": '"bad'}
    found = t.expand(["owner:me", "@sz", "中兴"], named)
    assert [x.text for x in found] == ["owner:me", "city:深圳", "level:A", "+uncontacted30", "中兴"]
    assert [x.text for x in t.expand(["+owed @hot"], named, line=True)][1:] == [
        "level:A",
        "+uncontacted30",
    ]


@pytest.mark.parametrize(
    ("args", "named", "message"),
    [
        (["@hto"], {"hot": "level:A"},
         "unknown named filter '@hto' (did you mean hot?); named filters: @hot "
         '(add one with: crm config set filter.NAME "TERMS")'),
        (["@a"], {}, "unknown named filter '@a'; named filters: none yet "
         '(add one with: crm config set filter.NAME "TERMS")'),
        (["@a"], {"a": "level:A @b", "b": "@a"}, "named filter @a uses itself (@a → @b → @a)"),
        (["@a"], {"a": "@a"}, "named filter @a uses itself (@a → @a)"),
        (["@x"], {"x": '"bad'}, "in @x: unclosed quote at column 1 in '\"bad'"),
        (["@"], {}, "bad named filter '@': expected @NAME"),
    ],
)  # fmt: skip
def test_named_filter_errors(args: list[str], named: dict[str, str], message: str) -> None:
    with pytest.raises(BadTerm) as exc:
        t.expand(args, named)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("city:深圳", "city = 深圳"), ("city.is:深圳", "city = 深圳"),
        ("city.not:深圳", "city != 深圳"), ("next.before:today", "next < today"),
        ("registered.after:2025-01-01", "registered > 2025-01-01"),
        ("amount.over:50000", "amount > 50000"), ("amount.under:5万", "amount < 5万"),
        ("name.has:银行", "name contains 银行"), ("name.starts:中", "name starts-with 中"),
        ("city.in:深圳,上海", "city in 深圳,上海"), ("next.by:+3d", "next <= +3d"),
        ("city:", "city empty"), ("city.not:", "city not-empty"),
    ],
)  # fmt: skip
def test_a_field_term_is_the_where_clause_it_stands_for(text: str, clause: str) -> None:
    term = t.parse_term(text)
    assert t.where_of(term, term.name) == clause


def test_a_comparison_needs_a_value() -> None:
    with pytest.raises(BadTerm, match=r"'next.before:' needs a value after the colon"):
        t.where_of(t.parse_term("next.before:"), "next_contact")


def test_suggestions_only_when_close() -> None:
    assert t.suggest("cty", ["city", "level"]) == " (did you mean city?)"
    assert t.suggest("zzz", ["city", "level"]) == ""


def test_named_filters_come_from_filter_keys_and_are_checked() -> None:
    config = {"user": "wang", "filter.hot": "level:A", "filter.深圳": "city:深圳"}
    assert t.named_filters(config) == {"hot": "level:A", "深圳": "city:深圳"}
    t.check_named("hot", "level:A +uncontacted30")
    with pytest.raises(InvalidInput, match="bad filter name 'a b'"):
        t.check_named("a b", "level:A")
    with pytest.raises(BadTerm, match="unclosed quote"):
        t.check_named("hot", 'city:"x')
