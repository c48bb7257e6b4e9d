"""A list's cells as text, column by column, as the text formats print them: for people in
Chinese with yes/no, fixed values and the store's phrases translated; csv and tsv as
scripts read them. Shared by a short list (`_output`) and a streamed one (`_stream`)."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from crm_cli import i18n
from crm_cli.commands._values import TRUE_FALSE, YES_NO, money_text, text_of

Row = Mapping[str, Any]

# How a cell of these kinds prints (as text_of would print it), without a call of text_of.
_ISO: dict[type, Any] = {str: str, type(None): lambda _: "", dt.date: dt.date.isoformat}
_PLAIN = set(_ISO)
_MONEY = {Decimal, type(None)}
# Money and dates repeat (equal amounts print alike): each value's text is worked out once
# and a column goes through ``map`` of the cache, a C loop for every value seen before.
_DATED = {dt.date, type(None)}
_money = functools.lru_cache(maxsize=1 << 16)(lambda v: "" if v is None else money_text(v))
_date = functools.lru_cache(maxsize=1 << 16)(lambda v: "" if v is None else v.isoformat())


def shown_columns(rows: Sequence[Row], names: list[str], fmt: str) -> list[list[str]]:
    """Each column's cells as ``fmt`` shows them: for people in Chinese, yes/no, fixed
    values and the store's phrases in Chinese; csv and tsv as scripts read them."""
    machine = fmt in ("csv", "tsv")
    people = not machine and i18n.chinese()
    booleans = TRUE_FALSE if machine else YES_NO
    if people:
        from crm_cli.commands import _words

        booleans = _words.yes_no()
    texts = _column_texts(rows, names, booleans, i18n.phrase if people else str)
    if people:
        _words.translate_columns(names, texts)
    return texts


def _column_texts(
    rows: Sequence[Row], names: list[str], booleans: tuple[str, str], say: Callable[[Any], str]
) -> list[list[str]]:
    """Each column's values as text. A column of only text, or only whole numbers, as most
    of a big listing is, goes through C loops instead of ``_text`` per cell. Text the store
    made for people (a pool move's message: a ``Phrase``) is as ``say`` puts it."""
    columns: list[list[str]] = []
    for values in _values(rows, names):
        kinds = set(map(type, values))
        if kinds == {str}:
            columns.append(cast(list[str], values))
        elif kinds == {int}:
            columns.append(list(map(str, values)))
        elif kinds <= _DATED:
            columns.append(list(map(_date, values)))
        elif kinds <= _PLAIN:  # text, dates and nothing: no call per cell
            columns.append([_ISO[type(v)](v) for v in values])
        elif kinds <= _MONEY:  # Decimal itself (not Exact) is money
            columns.append(list(map(_money, values)))
        elif all(issubclass(kind, str) for kind in kinds - {type(None)}):
            columns.append(["" if v is None else say(v) for v in values])
        elif say is str:
            columns.append([text_of(value, booleans) for value in values])
        else:  # a list of the store's phrases (a check's records), each as ``say`` puts it
            columns.append([said(value, booleans, say) for value in values])
    return columns


def _values(rows: Sequence[Row], names: list[str]) -> list[list[Any]]:
    """Each column's values (a missing key as None). When every row has every name, as a
    list's rows do, the rows are turned into columns in C (zip of itemgetter tuples)."""
    if len(names) > 1 and rows:
        try:
            picked = map(operator.itemgetter(*names), rows)  # a tuple per row
            return [list(column) for column in zip(*picked, strict=True)]
        except KeyError:
            pass
    return [[row.get(name) for row in rows] for name in names]


def said(value: Any, booleans: tuple[str, str], say: Callable[[Any], str]) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(said(item, booleans, say) for item in value)
    return say(value) if isinstance(value, str) else text_of(value, booleans)
