"""Customer text search (CUS-6) over an index, on every backend.

A term matches a customer whose search text contains it (ASCII case ignored); a term of
one or two characters with a Latin letter or digit must also start a word ("ib" finds
IBM, not Libby). Terms of three or more characters are found through a trigram index;
shorter ones through a word index in which every CJK character is a word, so "中兴"
finds 中兴通讯 without scanning the table. The word index alone would also match "中 兴"
or a name ending in 中 followed by a contact named 兴…, hence the substring test.

A login under PostgreSQL's row-level security (team mode) cannot use either index from
its own query (the server tests the policy first), so it asks ``crm_search_ids``
(`database.team_sql`), which searches by index and keeps what the policy shows it; an
admin's login reads the owner's view of the search columns.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable
from typing import Any

import peewee as pw

from crm_cli.store.core.bulk import DRIVER_ERRORS
from crm_cli.store.core.db import backend
from crm_cli.store.core.normalize import fold, is_cjk, phone_key, split_cjk
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.policed import admin_view, secured

_SPLIT = re.compile(r"[\s%_*\"']+")


def search_text(row: cm.Customer, contact_names: Iterable[str]) -> str:
    """The text a customer is found by: one field per line. The phone's digits too when
    it is written otherwise, so that 13800138000 finds 138 0013 8000; the credit code
    (read with a default: the demo and the import pass stand-ins without it)."""
    phone = row.phone or ""
    digits = phone_key(phone)
    parts = [row.code, row.name, row.mnemonic, row.keyword, phone, row.email]
    parts += [digits if digits != phone else "", getattr(row, "credit_code", None) or ""]
    parts.extend(contact_names)
    return "\n".join(p for p in parts if p)


def reindex(customer_id: int, text: str) -> None:
    """Bring the index up to date with a customer's new search text."""
    cm.Customer.update(search_text=text).where(cm.Customer.id == customer_id).execute()
    if backend() == "sqlite":
        db = cm.Customer._meta.database
        for table, body in (("customer_fts", text), ("customer_words", split_cjk(text))):
            db.execute_sql(f"DELETE FROM {table} WHERE rowid = ?", (customer_id,))
            db.execute_sql(f"INSERT INTO {table}(rowid, body) VALUES (?, ?)", (customer_id, body))


INDEX = ("customer_fts", "customer_words")  # SQLite: the trigram index and the word index


def fill_index(
    conn: Any,
    texts: list[tuple[int, str]],
    tables: tuple[str, str] = INDEX,
    words: list[tuple[int, str]] | None = None,
) -> None:
    """SQLite: new (rowid, search text) rows into a trigram index and its word index, a
    statement each for all of them, as ``reindex`` writes one (``words``: the same rows
    CJK-split already, by a demo drafter's process)."""
    trigrams, spaced = tables
    split = [(rowid, split_cjk(text)) for rowid, text in texts] if words is None else words
    with DRIVER_ERRORS:
        conn.executemany(f"INSERT INTO {trigrams}(rowid, body) VALUES (?, ?)", texts)
        conn.executemany(f"INSERT INTO {spaced}(rowid, body) VALUES (?, ?)", split)


def unindex(customer_id: int) -> None:
    if backend() == "sqlite":
        db = cm.Customer._meta.database
        for table in ("customer_fts", "customer_words"):
            db.execute_sql(f"DELETE FROM {table} WHERE rowid = ?", (customer_id,))


def terms(query: str) -> list[str]:
    return [t for t in _SPLIT.split(fold(query)) if t]


def condition(query: str) -> pw.Expression | None:
    """The condition on ``Customer`` for a text query; None for an empty query."""
    if not terms(query):
        return None
    if secured():
        view = admin_view()
        if view is not None:
            # An admin's: the owner's view, whose statistics its planner sees (the terms'
            # tests name its columns unqualified: the innermost FROM's).
            return cm.Customer.id.in_(pw.Table(view, ("id",)).select(pw.SQL("id")).where(
                _tests(query)))  # fmt: skip
        # The visible matches through the indexes, once per statement. They match every
        # term already: testing them again here cost nothing to run but a histogram
        # estimate per term to plan (2 ms each, issue 16 point 6).
        return cm.Customer.id == pw.fn.ANY(pw.fn.ARRAY(_matches(query, None)))
    return _tests(query)


def _matches(text: str, limit: int | None) -> pw.Select:
    """``crm_search_ids`` (`team_functions.SEARCH`): the ids of the customers matching
    ``text`` that the read rule shows (the newest ``limit`` of them), planned as the
    owner plans them."""
    call = pw.SQL("crm_search_ids(%s, %s, %s)", (*_patterns(text), limit))
    return pw.Select(columns=[call.alias("id")])


def _patterns(query: str) -> tuple[list[str], list[str]]:
    """``crm_search_ids``'s arguments: what ``_term_condition`` tests on PostgreSQL."""
    found = terms(query)
    return [f"%{t}%" for t in found], [_ts_words(t) for t in found if len(t) < 3]


def _tests(query: str) -> pw.Expression | None:
    result: pw.Expression | None = None
    for term in terms(query):
        cond = _term_condition(term)
        result = cond if result is None else (result & cond)
    return result


def driven(query: Any, text: str, end: int | None = None) -> Any | None:
    """``query`` (customers, no search condition yet) restricted to ``text`` and read in the
    search index's order, newest first: the index leads, each match is looked up by id, and
    LIMIT stops the walk. SQLite (its planner cannot tell a common word from a rare one
    without help) and a login under the server's policies (``_newest``); None elsewhere,
    where the planner's statistics choose (an admin's login: through the owner's view).
    ``end``: the last row the caller reads.
    """
    found = terms(text)
    if found and secured() and admin_view() is None:
        return _newest(query, text, end)
    if backend() != "sqlite" or not found:
        return None
    C = cm.Customer

    def link(led: Any, index: Any) -> Any:
        return led.join(C, pw.JOIN.CROSS).where(C.id == index.rowid)

    led_query, index = led(query, text, (cm.CustomerTrigrams, cm.CustomerWords), link)
    return led_query.order_by(index.rowid.desc())


def led(query: Any, text: str, indexes: tuple[Any, Any], link: Any) -> tuple[Any, Any]:
    """SQLite: ``query`` read from one of ``indexes`` (trigrams, words): the one its
    longest-enough term (the lead) is found in, each match joined to its customer by
    ``link(query, index)``; every term is tested. Returns the query and the index."""
    found = terms(text)
    lead = next((t for t in found if len(t) >= 3), found[0])
    index: Any = indexes[0] if len(lead) >= 3 else indexes[1]
    match = (
        index.body ** f"%{lead}%"
        if len(lead) >= 3
        else pw.Expression(index.body, "MATCH", _fts_words(lead))
    )
    # CROSS JOIN: SQLite keeps the written order, index first.
    query = link(query.from_(index), index).where(match)
    if len(lead) < 3:
        query = query.where(_contains(lead))
    for term in found:
        if term is not lead:
            query = query.where(_term_condition(term))
    return query, index


def _newest(query: Any, text: str, end: int | None) -> Any:
    """``driven`` under the policies, one statement: the newest visible matches
    (``_matches``: its plan walks the primary key for a common word, the trigram
    index for a rare one), a few more than the page. They settle the page when they are
    all there are, or when the page fills from them (they are the newest: no match
    outside them comes first); else every match is read (lazily: only then)."""
    C = cm.Customer
    if end is None:
        return query.where(condition(text)).order_by(C.id.desc())
    limit = end + 4
    chunk = _matches(text, limit).cte("search_chunk", materialized=True, columns=("id",))
    # An array, not IN: the chunk's few ids probe the primary key (an IN let the planner
    # read every customer of a small table, testing the policy on each). The chunk's ids
    # match every term (see ``condition``).
    chunked = pw.fn.ARRAY(chunk.select(chunk.c.id))
    kept = query.where(C.id == pw.fn.ANY(chunked))
    kept = kept.select(C.id).order_by(C.id.desc()).limit(end)
    page = pw.Select(columns=[pw.fn.ARRAY(kept).alias("ids")]).cte("search_page", materialized=True)
    counted = chunk.select(pw.fn.COUNT(pw.SQL("*")))
    settled = page.select((counted < limit) | (pw.fn.cardinality(page.c.ids) == end))
    every = pw.fn.ARRAY(_matches(text, None))
    ids = pw.Case(None, [(settled, page.select(page.c.ids))], every)
    found = query.where(C.id == pw.fn.ANY(ids)).with_cte(chunk, page)
    return found.order_by(C.id.desc())


def on_row(text: str) -> pw.Expression:
    """The search as a test of each row, for a walk in another index's order: the
    substring test, and for a short term with Latin letters or digits the word index
    looked up by that customer's id (all-CJK terms: the substring implies the words).
    PostgreSQL: the tests written so that no search index answers them (its planner would
    read every match through one) and the stored words for a short Latin term."""
    if backend() == "postgres":
        return functools.reduce(operator.and_, map(_row_test, terms(text)))
    tests: list[Any] = []
    for term in terms(text):
        tests.append(_contains(term))
        if len(term) < 3 and not all(is_cjk(c) for c in term):
            tests.append(_words_of_row(term))
    return functools.reduce(operator.and_, tests)


def _row_test(term: str) -> Any:
    """PostgreSQL: ``_term_condition`` on the row at hand, through no index; an all-CJK
    term's substring implies its words, as in ``on_row`` (reading each row's tsvector made
    a walk to 20 of 珠海 take 20 ms)."""
    test = pw.SQL("coalesce(search_text, '') ILIKE %s", (f"%{term}%",))
    if len(term) >= 3 or all(is_cjk(c) for c in term):
        return test
    words = "coalesce(search_words, ''::tsvector) @@ to_tsquery('simple', %s)"
    return test & pw.SQL(words, (_ts_words(term),))


def _contains(term: str) -> pw.Expression:
    return cm.Customer.search_text ** f"%{term}%"  # LIKE: SQLite folds ASCII case


def _words_of_row(term: str) -> Any:
    words = cm.CustomerWords
    found = words.select(pw.SQL("1")).where(
        pw.Expression(words.body, "MATCH", _fts_words(term)) & (words.rowid == cm.Customer.id)
    )
    return pw.fn.EXISTS(found)


def _term_condition(term: str) -> Any:
    kind = backend()
    if kind == "sqlite":
        if len(term) >= 3:
            sub = pw.SQL("(SELECT rowid FROM customer_fts WHERE body LIKE ?)", (f"%{term}%",))
            return cm.Customer.id.in_(sub)
        sub = pw.SQL(
            "(SELECT rowid FROM customer_words WHERE customer_words MATCH ?)",
            (_fts_words(term),),
        )
        return cm.Customer.id.in_(sub) & _contains(term)
    if kind == "postgres":
        if len(term) >= 3:
            return pw.SQL("search_text ILIKE %s", (f"%{term}%",))
        # The stored tsvector (migration 0005): a phrase's recheck reads it, computes nothing.
        words = pw.SQL("search_words @@ to_tsquery('simple', %s)", (_ts_words(term),))
        return words & pw.SQL("search_text ILIKE %s", (f"%{term}%",))
    return cm.Customer.search_text.contains(term)


def _tokens(term: str) -> tuple[list[str], bool]:
    tokens = split_cjk(term).split()
    prefix = not is_cjk(term[-1])  # a short Latin term matches word starts
    return tokens, prefix


def _fts_words(term: str) -> str:
    tokens, prefix = _tokens(term)
    phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
    return phrase + ("*" if prefix else "")


def _ts_words(term: str) -> str:
    tokens, prefix = _tokens(term)
    quoted = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tokens]
    if prefix:
        quoted[-1] += ":*"
    return " <-> ".join(quoted)
